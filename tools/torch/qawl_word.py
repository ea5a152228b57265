"""The word tagger's encoder in PyTorch, with the tensor names of the Rust crate
(crates/transformer/src/word/): `char_cnn.embedding.weight`, `char_cnn.conv.{weight,bias}`
(the convolution as a linear layer over each window of `width` characters, `[filters,
width * dim]`), and `lstm.*` as torch.nn.LSTM names them. Used by bench_word_tagger.py and
pretrain_word_lm.py."""
import torch

CHAR_VOCAB = 2 + 94 + 256  # crates/transformer/src/word/chars.rs


class CharCnn(torch.nn.Module):
    """Character embeddings, a same-padded convolution over each word's characters,
    max-pooled over its real characters (chars.rs)."""

    def __init__(self, dim, filters, width):
        super().__init__()
        self.embedding = torch.nn.Embedding(CHAR_VOCAB, dim)
        self.conv = torch.nn.Linear(width * dim, filters)
        self.width = width

    def forward(self, ids, mask, dropout=0.0):
        n, c = ids.shape
        e = torch.nn.functional.dropout(self.embedding(ids), dropout, self.training) * mask.unsqueeze(2)
        before = (self.width - 1) // 2
        padded = torch.nn.functional.pad(e, (0, 0, before, self.width - 1 - before))
        windows = torch.cat([padded[:, s:s + c] for s in range(self.width)], dim=2)
        conv = self.conv(windows) + ((mask - 1.0) * 1e4).unsqueeze(2)
        return conv.max(dim=1).values


class Encoder(torch.nn.Module):
    """Per word: frozen vectors, character features and lexicon flags, then a BiLSTM
    (model.rs). `config` is the tagger's config.json."""

    def __init__(self, config):
        super().__init__()
        dim = config["vectors"]["dim"] * (2 if config.get("stem_vectors", True) else 1)
        self.char_cnn = CharCnn(config["char_dim"], config["char_filters"], config["char_width"])
        in_dim = dim + config["char_filters"] + config["features"]
        self.lstm = torch.nn.LSTM(in_dim, config["lstm_hidden"], batch_first=True, bidirectional=True)

    def forward(self, vectors, chars, char_mask, flags, lengths, dropout=0.0):
        b, t, _ = vectors.shape
        c = self.char_cnn(chars, char_mask, dropout).reshape(b, t, -1)
        x = torch.nn.functional.dropout(torch.cat([vectors, c, flags], dim=2), dropout, self.training)
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = torch.nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
        return torch.nn.functional.dropout(h, dropout, self.training)
