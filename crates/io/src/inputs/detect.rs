//! What a file holds, told by its content first (gzip magic, a UTF-8 BOM, `<doc`) and its
//! extension second. Anything else is refused with a message that lists what is read.

use flate2::bufread::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use crate::DocumentError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Json,
    Jsonl,
    Archive,
}

pub(crate) type Reader = Box<dyn BufRead + Send>;

pub(crate) const SUPPORTED: &str = ".txt, .json, .jsonl, .ndjson, a .gz of one of them, or a <doc> archive";

/// Extensions a folder is searched for.
pub(crate) fn is_input_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "json" | "jsonl" | "ndjson" | "gz"))
}

/// Opens `path`, undoing gzip, and says what it holds. The BOM, if any, is consumed.
pub(crate) fn open(path: &Path) -> Result<(Kind, Reader), DocumentError> {
    let cannot = |e: std::io::Error| DocumentError::CannotRead(e.to_string());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut reader: Reader = Box::new(BufReader::new(file));
    if reader.fill_buf().map_err(cannot)?.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(BufReader::new(MultiGzDecoder::new(reader)));
        name = name.strip_suffix(".gz").unwrap_or(&name).to_string();
    }
    let kind = sniff(&mut reader).map_err(cannot)?;
    if let Some(kind) = kind {
        return Ok((kind, reader));
    }
    let ext = Path::new(&name).extension().and_then(|e| e.to_str()).unwrap_or("");
    let kind = match ext {
        "jsonl" | "ndjson" => Kind::Jsonl,
        "json" => Kind::Json,
        "txt" | "text" | "" => Kind::Text,
        other => return Err(DocumentError::Unsupported { ext: other.to_string(), expected: SUPPORTED }),
    };
    Ok((kind, reader))
}

/// Consumes a UTF-8 BOM; `Some(Archive)` when the content starts with `<doc`.
pub(crate) fn sniff(reader: &mut Reader) -> std::io::Result<Option<Kind>> {
    let head = reader.fill_buf()?;
    if head.starts_with(b"\xef\xbb\xbf") {
        reader.consume(3);
    }
    let head = reader.fill_buf()?;
    Ok(head.starts_with(b"<doc").then_some(Kind::Archive))
}

/// Standard input: gzip undone, BOM consumed; JSONL when the first non-space byte opens an
/// object, an archive on `<doc`, else one plain-text document.
pub(crate) fn open_stdin() -> std::io::Result<(Kind, Reader)> {
    let mut reader: Reader = Box::new(BufReader::new(std::io::stdin()));
    if reader.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(BufReader::new(MultiGzDecoder::new(reader)));
    }
    if let Some(kind) = sniff(&mut reader)? {
        return Ok((kind, reader));
    }
    let first = reader.fill_buf()?.iter().copied().find(|b| !b.is_ascii_whitespace());
    Ok((if first == Some(b'{') { Kind::Jsonl } else { Kind::Text }, reader))
}

/// Reads at most `limit` bytes: a text over the character limit is refused without being
/// held in memory whole.
pub(crate) fn read_bounded(reader: &mut Reader, limit: usize) -> std::io::Result<(Vec<u8>, bool)> {
    let mut bytes = Vec::new();
    reader.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    let over = bytes.len() > limit;
    Ok((bytes, over))
}
