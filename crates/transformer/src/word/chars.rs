//! The character CNN of the word tagger (Ma and Hovy 2016): each character of a word is
//! embedded, a convolution of width `width` runs over them, and the maximum of each
//! filter over the word's characters is the word's character feature. It learns with the
//! tagger what spelling says: a foreign name's letters, a nisba ending, an article.
//!
//! Characters map to ids by a fixed table ([`char_id`]), so a model needs no character
//! list: 0 is padding, 1 any character not in the table, then printable ASCII, then the
//! Arabic block U+0600–U+06FF. Names: `char_cnn.embedding.weight`,
//! `char_cnn.conv.weight` (`[filters, width * dim]`, the window's characters in order),
//! `char_cnn.conv.bias`.

use candle_core::{Device, Result, Tensor};
use candle_nn::{Init, VarBuilder};

use crate::nn::{dropout, Embedding};

/// Rows of the character table.
pub const CHAR_VOCAB: usize = 2 + 94 + 256;
/// Characters of a word the CNN reads; the rest of a longer word is cut.
pub const MAX_WORD_CHARS: usize = 24;

/// The id of a character: 1 when it is in no range of the table.
pub fn char_id(c: char) -> u32 {
    match c as u32 {
        x @ 0x21..=0x7e => 2 + (x - 0x21),
        x @ 0x0600..=0x06ff => 2 + 94 + (x - 0x0600),
        _ => 1,
    }
}

/// Character ids of `words`, padded with 0 to the longest (at most [`MAX_WORD_CHARS`]):
/// `[words, width]` ids and the 1/0 mask of real characters. A word with no characters
/// gets one unknown character, so every row has one.
pub fn char_batch(words: &[&str], device: &Device) -> Result<(Tensor, Tensor)> {
    let ids: Vec<Vec<u32>> = words
        .iter()
        .map(|w| {
            let v: Vec<u32> = w.chars().take(MAX_WORD_CHARS).map(char_id).collect();
            if v.is_empty() {
                vec![1]
            } else {
                v
            }
        })
        .collect();
    let width = ids.iter().map(|v| v.len()).max().unwrap_or(1).max(1);
    let mut flat = Vec::with_capacity(ids.len() * width);
    let mut mask = Vec::with_capacity(ids.len() * width);
    for v in &ids {
        flat.extend_from_slice(v);
        flat.resize(flat.len() + width - v.len(), 0);
        mask.extend(std::iter::repeat_n(1f32, v.len()));
        mask.resize(mask.len() + width - v.len(), 0.0);
    }
    Ok((Tensor::from_vec(flat, (ids.len(), width), device)?, Tensor::from_vec(mask, (ids.len(), width), device)?))
}

#[derive(Debug, Clone)]
pub struct CharCnn {
    embedding: Embedding,
    weight: Tensor,
    bias: Tensor,
    width: usize,
    dim: usize,
    filters: usize,
}

impl CharCnn {
    /// `vb` points at `char_cnn`.
    pub fn load(vb: VarBuilder, dim: usize, filters: usize, width: usize) -> Result<Self> {
        let fan_in = (width * dim) as f64;
        let k = 1.0 / fan_in.sqrt();
        let embedding = Embedding::load(vb.pp("embedding"), CHAR_VOCAB, dim)?;
        let conv = vb.pp("conv");
        let weight = conv.get_with_hints((filters, width * dim), "weight", Init::Uniform { lo: -k, up: k })?;
        let bias = conv.get_with_hints(filters, "bias", Init::Uniform { lo: -k, up: k })?;
        Ok(Self { embedding, weight, bias, width, dim, filters })
    }

    pub fn filters(&self) -> usize {
        self.filters
    }

    /// `ids`, `mask`: `[words, chars]` from [`char_batch`]. Returns `[words, filters]`.
    /// `dropout` applies to the character embeddings when `train`.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor, dropout_p: f64, train: bool) -> Result<Tensor> {
        let (n, c) = ids.dims2()?;
        let e = self.embedding.forward(ids)?;
        let e = dropout(&e, dropout_p, train)?;
        // Padding reads as zeros at the word's edges.
        let e = e.broadcast_mul(&mask.unsqueeze(2)?)?;
        let before = (self.width - 1) / 2;
        let after = self.width - 1 - before;
        let padded = e.pad_with_zeros(1, before, after)?;
        let windows: Vec<Tensor> = (0..self.width).map(|s| padded.narrow(1, s, c)).collect::<Result<_>>()?;
        let windows = Tensor::cat(&windows, 2)?.reshape((n * c, self.width * self.dim))?;
        let conv = windows.matmul(&self.weight.t()?)?.broadcast_add(&self.bias)?.reshape((n, c, self.filters))?;
        // Only real characters compete for the maximum.
        let off = ((mask - 1.0)? * 1e4)?.unsqueeze(2)?;
        conv.broadcast_add(&off)?.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::DType;
    use candle_nn::VarMap;

    #[test]
    fn ids_cover_ascii_and_arabic() {
        assert_eq!(char_id('!'), 2);
        assert_eq!(char_id('~'), 95);
        assert_eq!(char_id('\u{0600}'), 96);
        assert_eq!(char_id('ي'), 96 + 0x4a);
        assert!((char_id('\u{06ff}') as usize) < CHAR_VOCAB);
        assert_eq!(char_id('é'), 1);
        assert_eq!(char_id(' '), 1);
    }

    /// A word's features do not depend on the words it is batched with (padding).
    #[test]
    fn padding_changes_nothing() -> Result<()> {
        let vm = VarMap::new();
        let cnn = CharCnn::load(VarBuilder::from_varmap(&vm, DType::F32, &Device::Cpu), 6, 5, 3)?;
        let (ids, mask) = char_batch(&["قال", "المملكة"], &Device::Cpu)?;
        assert_eq!(ids.dims(), &[2, 7]);
        let both = cnn.forward(&ids, &mask, 0.0, false)?;
        assert_eq!(both.dims(), &[2, 5]);
        let (ids1, mask1) = char_batch(&["قال"], &Device::Cpu)?;
        let alone = cnn.forward(&ids1, &mask1, 0.0, false)?;
        let diff = (alone - both.narrow(0, 0, 1)?)?.abs()?.max_all()?.to_scalar::<f32>()?;
        assert!(diff < 1e-6, "{diff}");
        Ok(())
    }
}
