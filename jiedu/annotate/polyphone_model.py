"""The neural polyphone disambiguator: g2pM's BiLSTM, run batched in numpy.

The weights come from the g2pM package (Apache-2.0, kakaobrain; Park & Lee,
Interspeech 2020), trained on the CPP train split. g2pM's own runner steps one
sentence at a time; this one precomputes the input projections per character
and steps whole batches of sentences, which is what makes it cheap enough to
run on every sentence that still has an open polyphone.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import numpy as np

from jiedu.annotate.syllables import to_accented

BOS, EOS, UNK = "시", "끝", "<UNK>"  # g2pM's sentence markers and unknown char

GATE_ORDER = (0, 1, 3, 2)
"""PyTorch stores an LSTM's gates as (input, forget, cell, output); we keep them
as (input, forget, output, cell) so one sigmoid covers the first three quarters."""

BATCH_SIZE = 64
"""Sentences encoded together; rows that have ended drop out, so padding costs little.
Not more: from about 128 rows OpenBLAS splits each step's small product over
threads, and that costs several times what it saves."""


@dataclass(frozen=True)
class PolyphoneModel:
    """Weights plus the candidate readings of each polyphonic character."""

    char_ids: dict[str, int]
    candidates: dict[str, tuple[str, ...]]
    """Polyphonic character -> its tone-marked readings, in class order."""
    candidate_classes: dict[str, np.ndarray]
    """Polyphonic character -> indices of its readings among the classes."""
    forward_inputs: np.ndarray
    """[chars, 4h]: embedding @ W_ih.T + both biases, forward direction.
    Gate columns in the order of GATE_ORDER (the three sigmoid gates first)."""
    backward_inputs: np.ndarray
    forward_recurrent: np.ndarray
    """[h, 4h]: W_hh.T, forward direction; gate columns as in `forward_inputs`."""
    backward_recurrent: np.ndarray
    hidden_weight: np.ndarray
    hidden_bias: np.ndarray
    output_weight: np.ndarray
    output_bias: np.ndarray

    def is_polyphone(self, char: str) -> bool:
        return char in self.candidates

    def polyphone_positions(self, text: str) -> list[int]:
        """The positions of `text`'s polyphonic characters, in order."""
        candidates = self.candidates
        return [i for i, char in enumerate(text) if char in candidates]

    def predict(self, requests: list[tuple[str, list[int]]], batch_size: int = BATCH_SIZE) -> list[list[dict[str, float]]]:
        """For each (sentence, positions): one {reading: probability} per position.

        Probabilities are normalised over the character's own readings. Send
        many sentences in one call: the cost is mostly per time step (per
        character of the longest sentence), not per sentence.
        """
        results: list[list[dict[str, float]]] = [[] for _ in requests]
        order = sorted(range(len(requests)), key=lambda k: -len(requests[k][0]))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            hidden = self._encode([requests[k][0] for k in batch])
            for row, k in enumerate(batch):
                sentence, positions = requests[k]
                results[k] = [self._distribution(sentence[p], hidden[row, p + 1]) for p in positions]
        return results

    def _encode(self, sentences: list[str]) -> np.ndarray:
        """[batch, T, 2h] hidden states of sentences given longest first.

        Position 0 is BOS, so char i is at i + 1; past a sentence's end, zeros.
        """
        char_id, unknown = self.char_ids.get, self.char_ids[UNK]
        ids = [[self.char_ids[BOS], *(char_id(c, unknown) for c in s), self.char_ids[EOS]] for s in sentences]
        lengths = [len(x) for x in ids]
        forward = np.zeros((len(ids), max(lengths)), dtype=np.int64)
        backward = np.zeros_like(forward)
        for row, x in enumerate(ids):
            forward[row, : len(x)] = x
            backward[row, : len(x)] = x[::-1]
        ahead = _run_lstm(self.forward_inputs[forward], self.forward_recurrent, lengths)
        behind = _run_lstm(self.backward_inputs[backward], self.backward_recurrent, lengths)
        for row, n in enumerate(lengths):
            behind[row, :n] = behind[row, :n][::-1].copy()
        return np.concatenate([ahead, behind], axis=2)

    def _distribution(self, char: str, hidden: np.ndarray) -> dict[str, float]:
        layer = np.maximum(hidden @ self.hidden_weight + self.hidden_bias, 0.0)
        classes = self.candidate_classes[char]
        logits = layer @ self.output_weight[:, classes] + self.output_bias[classes]
        weights = np.exp(logits - logits.max())
        weights /= weights.sum()
        return dict(zip(self.candidates[char], weights.tolist()))


def _run_lstm(inputs: np.ndarray, recurrent: np.ndarray, lengths: list[int]) -> np.ndarray:
    """Run one LSTM direction over [batch, T, 4h] precomputed input projections.

    Rows are sentences longest first, `lengths` long: each step computes only
    the rows still running, and a row's states past its end stay zero. The
    arithmetic per element is that of the textbook cell, done in place.
    """
    batch, steps, four_h = inputs.shape
    size = four_h // 4
    h = np.zeros((batch, size), dtype=np.float32)
    c = np.zeros_like(h)
    out = np.zeros((batch, steps, size), dtype=np.float32)
    for t, rows in enumerate(_rows_running(lengths)):
        z = h[:rows] @ recurrent
        z += inputs[:rows, t]
        gates = _sigmoid_in_place(z[:, : 3 * size])  # input, forget, output
        cell_in = np.tanh(z[:, 3 * size :])
        cell_in *= gates[:, :size]
        cell = c[:rows]
        cell *= gates[:, size : 2 * size]
        cell += cell_in
        hidden = np.tanh(cell, out=h[:rows])
        hidden *= gates[:, 2 * size :]
        out[:rows, t] = hidden
    return out


def _rows_running(lengths: list[int]) -> Iterator[int]:
    """For each time step, how many rows (longest first) have not ended.

    >>> list(_rows_running([3, 1, 1]))
    [3, 1, 1]
    """
    rows = len(lengths)
    for t in range(lengths[0]):
        while lengths[rows - 1] <= t:
            rows -= 1
        yield rows


def _sigmoid_in_place(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)) written into `x`, with the same float32 operations."""
    np.negative(x, out=x)
    np.exp(x, out=x)
    x += 1.0
    return np.divide(1.0, x, out=x)


def load_polyphone_model() -> PolyphoneModel:
    """Load g2pM's weights and dictionary from the installed g2pM package."""
    weights = _load_g2pm_pickle("np_ckpt.pkl")
    classes = _load_g2pm_pickle("class2idx.pkl")
    cedict = _load_g2pm_pickle("digest_cedict.pkl")
    candidates = {ch: prons for ch, prons in cedict.items() if len(prons) > 1 and all(p in classes for p in prons)}
    return PolyphoneModel(
        char_ids=_load_g2pm_pickle("char2idx.pkl"),
        candidates={ch: tuple(to_accented(p) for p in prons) for ch, prons in candidates.items()},
        candidate_classes={ch: np.array([classes[p] for p in prons]) for ch, prons in candidates.items()},
        forward_inputs=_input_projection(weights, ""),
        backward_inputs=_input_projection(weights, "_reverse"),
        forward_recurrent=_gates_reordered(weights["lstm.weight_hh_l0"].T),
        backward_recurrent=_gates_reordered(weights["lstm.weight_hh_l0_reverse"].T),
        hidden_weight=np.ascontiguousarray(weights["logit_layer.0.weight"].T),
        hidden_bias=weights["logit_layer.0.bias"],
        output_weight=np.ascontiguousarray(weights["logit_layer.2.weight"].T),
        output_bias=weights["logit_layer.2.bias"],
    )


def _input_projection(weights: dict, suffix: str) -> np.ndarray:
    bias = weights[f"lstm.bias_ih_l0{suffix}"] + weights[f"lstm.bias_hh_l0{suffix}"]
    projection = weights["embedding.weight"] @ weights[f"lstm.weight_ih_l0{suffix}"].T + bias
    return _gates_reordered(projection.astype(np.float32))


def _gates_reordered(matrix: np.ndarray) -> np.ndarray:
    """[..., 4h] gate columns from PyTorch's order into GATE_ORDER, contiguous."""
    quarters = np.split(matrix, 4, axis=-1)
    return np.ascontiguousarray(np.concatenate([quarters[gate] for gate in GATE_ORDER], axis=-1))


def _load_g2pm_pickle(name: str):
    # These pickles ship inside the g2pM wheel from PyPI; nothing is fetched.
    with resources.files("g2pM").joinpath(name).open("rb") as handle:
        return pickle.load(handle)
