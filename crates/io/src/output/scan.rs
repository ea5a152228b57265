//! Reading back an output file for `--resume`: the longest prefix of whole, valid records.

use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};

pub(crate) struct Scanned {
    /// Per record: its id and whether it is an error record.
    pub(crate) records: Vec<(String, bool)>,
    /// Bytes of the valid prefix; anything after is a cut or corrupt tail.
    pub(crate) valid_bytes: u64,
}

#[derive(serde::Deserialize)]
struct Head {
    id: serde_json::Value,
    #[serde(default)]
    error: Option<serde::de::IgnoredAny>,
}

/// A record is valid when its line ends in a newline, is UTF-8 and a JSON object with an id.
/// The scan stops at the first line that is not.
pub(crate) fn scan(file: &mut File) -> std::io::Result<Scanned> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(&*file);
    let mut records = Vec::new();
    let mut valid_bytes = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        let Ok(head) = serde_json::from_slice::<Head>(&line) else { break };
        let id = match head.id {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        records.push((id, head.error.is_some()));
        valid_bytes += n as u64;
    }
    Ok(Scanned { records, valid_bytes })
}
