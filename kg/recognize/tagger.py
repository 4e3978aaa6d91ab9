"""kg's own statistical NER: a character BiLSTM-CRF with bigram and lexicon features, in plain torch.

Inputs per character: a character embedding, an embedding of the bigram it starts, and the
lexicon features of :mod:`kg.recognize.features` (jieba's dictionary and the ontology). A one-layer
BiLSTM reads them; a linear-chain CRF with IOBES transition constraints decodes, so every output
is a valid tag sequence. The CRF also gives each character's marginal tag probability, and a
span's confidence is the smallest marginal of its characters' tags: the combiner in
``kg.recognize`` weighs model spans by it.

The saved model is three files: ``config.json`` (sizes, labels, feature layout, ``classpath``),
``vocabs.json`` (characters and bigrams) and ``model.pt`` (a torch state dict).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from torch import nn

from kg.recognize.features import LexiconFeatures
from kg.recognize.iobes import iobes_to_spans
from kg.recognize.reading import FoundSpan, Reading

CLASSPATH = "kg.recognize.tagger.CharLexTagger"
PAD, UNK = "<pad>", "<unk>"
MODEL_FILES = ("config.json", "vocabs.json", "model.pt")
NEG = -10000.0


@lru_cache(maxsize=1 << 16)
def char_key(char: str) -> str:
    """What the embedding tables see: full width folded, Latin lower-cased, digits as 0."""
    folded = unicodedata.normalize("NFKC", char)[:1] or char
    if folded.isdigit():
        return "0"
    return folded.lower()


def bigram_keys(text: str, keys: list[str] | None = None) -> list[str]:
    """The bigram each character starts (``keys``: the text's char keys, when already made)."""
    keys = keys if keys is not None else [char_key(c) for c in text]
    return [a + b for a, b in zip(keys, keys[1:] + ["</s>"])]


def iobes_tags(labels: Sequence[str]) -> tuple[str, ...]:
    return ("O", *(f"{p}-{label}" for label in labels for p in "BIES"))


def allowed_transitions(tags: Sequence[str]) -> torch.Tensor:
    """A (from, to) matrix, 0 where IOBES allows the step and NEG where it does not."""
    def parts(tag: str) -> tuple[str, str]:
        return (tag, "") if tag == "O" else (tag[0], tag[2:])

    n = len(tags)
    mask = torch.full((n, n), NEG)
    for i, a in enumerate(tags):
        pa, la = parts(a)
        for j, b in enumerate(tags):
            pb, lb = parts(b)
            if pa in ("O", "E", "S"):
                ok = pb in ("O", "B", "S")
            else:  # B or I: the span must go on with the same label
                ok = pb in ("I", "E") and la == lb
            if ok:
                mask[i, j] = 0.0
    return mask


def start_end_allowed(tags: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
    start = torch.tensor([0.0 if t == "O" or t[0] in "BS" else NEG for t in tags])
    end = torch.tensor([0.0 if t == "O" or t[0] in "ES" else NEG for t in tags])
    return start, end


class CRF(nn.Module):
    """Batch-first linear-chain CRF with hard IOBES constraints; NLL, Viterbi and marginals."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__()
        n = len(tags)
        self.transitions = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))
        start_mask, end_mask = start_end_allowed(tags)
        names = [tag[2:] for tag in tags if tag.startswith("B-")]
        self.labels = len(names)
        # decode's tag order B…, O, S…, E…, I…: the tags that may follow O, S or E come first
        layout = [tags.index(f"B-{name}") for name in names] + [tags.index("O")] + [
            tags.index(f"{part}-{name}") for part in "SEI" for name in names]
        self.register_buffer("layout", torch.tensor(layout), persistent=False)
        self.register_buffer("transition_mask", allowed_transitions(tags), persistent=False)
        self.register_buffer("start_mask", start_mask, persistent=False)
        self.register_buffer("end_mask", end_mask, persistent=False)

    def _scores(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        return (self.transitions + self.transition_mask, self.start + self.start_mask, self.end + self.end_mask)

    def _forward(self, emissions: torch.Tensor, mask: torch.Tensor) -> tuple[list[torch.Tensor], torch.Tensor]:
        """Scaled forward pass in probability space (a matrix product per step, not a log-sum-exp
        over tag pairs, which is several times slower on CPU): normalized alphas and log Z.

        Run in float64, emissions shifted by their per-step maximum, so nothing underflows."""
        trans, start, end = (x.double() for x in self._scores())
        step_max = emissions.max(dim=2, keepdim=True).values
        potentials = torch.exp(emissions.double() - step_max.double())
        transfer = torch.exp(trans)
        alpha = torch.exp(start) * potentials[:, 0]
        norm = alpha.sum(1, keepdim=True)
        alpha = alpha / norm
        log_z = torch.log(norm[:, 0]) + step_max[:, 0, 0].double()
        alphas = [alpha]
        for t in range(1, emissions.size(1)):
            nxt = (alpha @ transfer) * potentials[:, t]
            norm = nxt.sum(1, keepdim=True)
            keep = mask[:, t]
            alpha = torch.where(keep.unsqueeze(1), nxt / norm, alpha)
            log_z = log_z + torch.where(keep, torch.log(norm[:, 0]) + step_max[:, t, 0].double(), 0.0)
            alphas.append(alpha)
        log_z = log_z + torch.log((alpha * torch.exp(end)).sum(1))
        return alphas, log_z

    def nll(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of the gold tags."""
        trans, start, end = self._scores()
        lengths = mask.sum(1)
        batch = torch.arange(emissions.size(0))
        gold = start[tags[:, 0]] + emissions[batch, 0, tags[:, 0]]
        for t in range(1, emissions.size(1)):
            step = trans[tags[:, t - 1], tags[:, t]] + emissions[batch, t, tags[:, t]]
            gold = gold + step * mask[:, t]
        gold = gold + end[tags[batch, lengths - 1]]
        _, log_z = self._forward(emissions, mask)
        return (log_z - gold.double()).mean().float()

    def decode(self, emissions: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
        """Viterbi paths, using the IOBES structure to skip the forbidden steps.

        A full max over (from, to) pairs per character was most of the decoding time. Tags are
        laid out as B, O, S, E, I (``layout``): O/B/S follow only O/S/E (a 2k+1 square), E and I
        follow only B or I of their label (an element-wise maximum); scores are kept as (tag,
        sentence) so each max runs over contiguous rows. The path is walked back with the full,
        masked transition matrix, so it is the path the full max gives."""
        trans, start, end = self._scores()
        order, labels = self.layout, self.labels
        open_to, open_from = slice(0, 2 * labels + 1), slice(labels, 3 * labels + 1)
        b_from, i_from = slice(0, labels), slice(3 * labels + 1, 4 * labels + 1)
        steps = emissions[:, :, order].permute(1, 2, 0).contiguous()  # (time, tag, sentence)
        moves = trans[order][:, order]
        open_square = moves[open_from, open_to].unsqueeze(2)  # (from, to, 1)
        b_tags = torch.arange(labels)
        e_tags, i_tags = b_tags + 2 * labels + 1, b_tags + 3 * labels + 1
        b_to_e, i_to_e = moves[b_tags, e_tags].unsqueeze(1), moves[i_tags, e_tags].unsqueeze(1)
        b_to_i, i_to_i = moves[b_tags, i_tags].unsqueeze(1), moves[i_tags, i_tags].unsqueeze(1)
        keep = mask.T.unsqueeze(1)  # (time, 1, sentence)
        score = start[order].unsqueeze(1) + steps[0]
        history = [score]
        for t in range(1, steps.size(0)):
            b_score, i_score = score[b_from], score[i_from]
            new = torch.cat([
                (score[open_from].unsqueeze(1) + open_square).amax(dim=0),
                torch.maximum(b_score + b_to_e, i_score + i_to_e),
                torch.maximum(b_score + b_to_i, i_score + i_to_i),
            ]) + steps[t]
            score = torch.where(keep[t], new, score)
            history.append(score)
        lengths = mask.sum(1)
        tag = (score + end[order].unsqueeze(1)).argmax(0)
        walked = [tag]
        for t in range(steps.size(0) - 1, 0, -1):
            before = (history[t - 1] + moves[:, tag]).argmax(0)  # column b: each tag's way into tag[b]
            tag = torch.where(t < lengths, before, tag)
            walked.append(tag)
        paths = order[torch.stack(walked[::-1], dim=1)].tolist()
        return [path[:n] for path, n in zip(paths, lengths.tolist())]

    def marginals(self, emissions: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """P(tag at t | sentence), shape (batch, time, tags), by scaled forward-backward."""
        trans, _, end = (x.double() for x in self._scores())
        alphas, _ = self._forward(emissions, mask)
        potentials = torch.exp(emissions.double() - emissions.max(dim=2, keepdim=True).values.double())
        transfer_t = torch.exp(trans).T
        beta = torch.exp(end).expand(emissions.size(0), -1)
        beta = beta / beta.sum(1, keepdim=True)
        betas = [beta]
        for t in range(emissions.size(1) - 1, 0, -1):
            prev = (potentials[:, t] * beta) @ transfer_t
            prev = prev / prev.sum(1, keepdim=True)
            # positions past a sentence's end keep the end scores, so its last real step sees them
            beta = torch.where(mask[:, t].unsqueeze(1), prev, beta)
            betas.append(beta)
        joint = torch.stack(alphas, dim=1) * torch.stack(betas[::-1], dim=1)
        return (joint / joint.sum(2, keepdim=True)).float()


class CharLexNet(nn.Module):
    def __init__(self, n_chars: int, n_bigrams: int, n_features: int, tags: Sequence[str], *,
                 char_dim: int, bigram_dim: int, feature_dim: int, hidden: int, dropout: float) -> None:
        super().__init__()
        self.chars = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.bigrams = nn.Embedding(n_bigrams, bigram_dim, padding_idx=0)
        self.features = nn.Linear(n_features, feature_dim)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(char_dim + bigram_dim + feature_dim, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(tags))
        self.crf = CRF(tags)

    def emissions(self, chars: torch.Tensor, bigrams: torch.Tensor, features: torch.Tensor,
                  lengths: torch.Tensor) -> torch.Tensor:
        x = torch.cat([self.chars(chars), self.bigrams(bigrams), torch.relu(self.features(features))], dim=2)
        x = self.dropout(x)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        hidden, _ = self.lstm(packed)
        hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=chars.size(1))
        return self.out(self.dropout(hidden))


@dataclass(frozen=True)
class TaggerConfig:
    labels: tuple[str, ...]
    feature_classes: tuple[str, ...]
    org_types: tuple[str, ...]
    char_dim: int = 100
    bigram_dim: int = 50
    feature_dim: int = 48
    hidden: int = 128
    dropout: float = 0.3
    classpath: str = CLASSPATH
    card: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Batch:
    chars: torch.Tensor
    bigrams: torch.Tensor
    features: torch.Tensor
    lengths: torch.Tensor
    mask: torch.Tensor




class CharLexTagger:
    """The trained model with its vocabularies and feature matcher; ``predict`` is the runtime API."""

    def __init__(self, config: TaggerConfig, chars: Sequence[str], bigrams: Sequence[str],
                 matcher: LexiconFeatures) -> None:
        self.config = config
        self.tags = iobes_tags(config.labels)
        self.char_index = {c: i for i, c in enumerate(chars)}
        self.bigram_index = {b: i for i, b in enumerate(bigrams)}
        self.matcher = matcher
        self.net = CharLexNet(len(chars), len(bigrams), matcher.size, self.tags, char_dim=config.char_dim,
                              bigram_dim=config.bigram_dim, feature_dim=config.feature_dim,
                              hidden=config.hidden, dropout=config.dropout)

    @staticmethod
    def vocabularies(texts: Iterable[str], min_bigram: int = 2) -> tuple[list[str], list[str]]:
        char_counts: Counter[str] = Counter()
        bigram_counts: Counter[str] = Counter()
        for text in texts:
            char_counts.update(char_key(c) for c in text)
            bigram_counts.update(bigram_keys(text))
        chars = [PAD, UNK, *sorted(char_counts)]
        bigrams = [PAD, UNK, *sorted(b for b, n in bigram_counts.items() if n >= min_bigram)]
        return chars, bigrams

    def encode(self, texts: Sequence[str], *, drop_lexicon: Sequence[bool] | None = None,
               drop_names: Sequence[Sequence[tuple[int, int]]] | None = None,
               unk_rate: float = 0.0, rng: np.random.Generator | None = None) -> Batch:
        """Padded tensors for a batch of sentences. Training may blank the lexicon features of a
        whole sentence (``drop_lexicon``), of some names in it only (``drop_names``: character
        ranges, so the model learns that a name the lexicon misses sits among names it knows, as
        an unseen bulletin's new names do), or characters (``unk_rate``)."""
        longest = max(len(t) for t in texts)
        chars = np.zeros((len(texts), longest), dtype=np.int64)
        bigrams = np.zeros((len(texts), longest), dtype=np.int64)
        features = np.zeros((len(texts), longest, self.matcher.size), dtype=np.float32)
        for row, text in enumerate(texts):
            n = len(text)
            keys = [char_key(c) for c in text]
            chars[row, :n] = [self.char_index.get(k, 1) for k in keys]
            bigrams[row, :n] = [self.bigram_index.get(b, 1) for b in bigram_keys(text, keys)]
            found = self.matcher.features(text)
            if drop_lexicon is not None and drop_lexicon[row]:
                for column in self.matcher.lexicon_columns:
                    found[:, column * 3 : column * 3 + 3] = 0.0
            for start, end in (drop_names[row] if drop_names is not None else ()):
                for column in self.matcher.lexicon_columns:
                    found[start:end, column * 3 : column * 3 + 3] = 0.0
            features[row, :n] = found
            if unk_rate and rng is not None:
                blank = rng.random(n) < unk_rate
                chars[row, :n][blank] = 1
                bigrams[row, :n][blank] = 1
        lengths = torch.tensor([len(t) for t in texts])
        mask = torch.arange(longest).unsqueeze(0) < lengths.unsqueeze(1)
        return Batch(torch.from_numpy(chars), torch.from_numpy(bigrams), torch.from_numpy(features), lengths, mask)

    def loss(self, batch: Batch, tags: torch.Tensor) -> torch.Tensor:
        emissions = self.net.emissions(batch.chars, batch.bigrams, batch.features, batch.lengths)
        return self.net.crf.nll(emissions, tags, batch.mask)

    def predict(self, texts: Sequence[str], batch_size: int = 64) -> list[list[FoundSpan]]:
        """Spans with confidences for each sentence; sentences are batched by length for speed."""
        return [reading.names for reading in self.read(texts, batch_size)]

    @torch.inference_mode()
    def read(self, texts: Sequence[str], batch_size: int = 64,
             edge_labels: Iterable[str] | None = None) -> list[Reading]:
        """``predict`` with each character's chance that a name begins or ends there (names of
        ``edge_labels``, default all): the combiner asks it of the rules' boundaries."""
        self.net.eval()
        wanted = set(self.config.labels if edge_labels is None else edge_labels)
        begins = [i for i, t in enumerate(self.tags) if t[:2] in ("B-", "S-") and t[2:] in wanted]
        ends = [i for i, t in enumerate(self.tags) if t[:2] in ("E-", "S-") and t[2:] in wanted]
        results: list[Reading] = [Reading([], np.zeros(0, np.float32), np.zeros(0, np.float32)) for _ in texts]
        order = sorted((i for i, t in enumerate(texts) if t), key=lambda i: len(texts[i]))
        for first in range(0, len(order), batch_size):
            rows = order[first : first + batch_size]
            batch = self.encode([texts[i] for i in rows])
            emissions = self.net.emissions(batch.chars, batch.bigrams, batch.features, batch.lengths)
            paths = self.net.crf.decode(emissions, batch.mask)
            marginals = self.net.crf.marginals(emissions, batch.mask).numpy()
            starts, stops = marginals[:, :, begins].sum(2), marginals[:, :, ends].sum(2)
            for b, (row, path) in enumerate(zip(rows, paths)):
                tags = [self.tags[t] for t in path]
                found = []
                for start, end, label in iobes_to_spans(tags):
                    confidence = float(min(marginals[b, t, path[t]] for t in range(start, end)))
                    found.append((label, start, end, confidence))
                n = len(texts[row])
                results[row] = Reading(found, starts[b, :n].copy(), stops[b, :n].copy())
        return results

    def save(self, folder: Path) -> int:
        """Write the three model files; returns their size in bytes."""
        folder.mkdir(parents=True, exist_ok=True)
        chars = sorted(self.char_index, key=self.char_index.__getitem__)
        bigrams = sorted(self.bigram_index, key=self.bigram_index.__getitem__)
        (folder / "config.json").write_text(json.dumps(asdict(self.config), ensure_ascii=False, indent=1), "utf-8")
        (folder / "vocabs.json").write_text(json.dumps({"chars": chars, "bigrams": bigrams}, ensure_ascii=False), "utf-8")
        state = {k: v.half() if v.is_floating_point() else v for k, v in self.net.state_dict().items()}
        torch.save(state, folder / "model.pt")
        return sum((folder / name).stat().st_size for name in MODEL_FILES)

    @classmethod
    def load(cls, folder: Path, matcher_for: object) -> CharLexTagger:
        """Read a saved model; ``matcher_for(feature_classes, org_types)`` builds its feature matcher."""
        raw = json.loads((folder / "config.json").read_text("utf-8"))
        raw["labels"], raw["feature_classes"], raw["org_types"] = (
            tuple(raw["labels"]), tuple(raw["feature_classes"]), tuple(raw["org_types"]))
        config = TaggerConfig(**raw)
        vocabs = json.loads((folder / "vocabs.json").read_text("utf-8"))
        matcher = matcher_for(config.feature_classes, config.org_types)  # type: ignore[operator]
        tagger = cls(config, vocabs["chars"], vocabs["bigrams"], matcher)
        state = torch.load(folder / "model.pt", map_location="cpu", weights_only=True)
        tagger.net.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
        tagger.net.eval()
        return tagger
