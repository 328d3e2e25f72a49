"""The neural polyphone disambiguator: g2pM's BiLSTM, run batched in numpy.

The weights come from the g2pM package (Apache-2.0, kakaobrain; Park & Lee,
Interspeech 2020), trained on the CPP train split. g2pM's own runner steps one
sentence at a time; this one precomputes the input projections per character
and steps whole batches of sentences, which is what makes it cheap enough to
run on every sentence that still has an open polyphone.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from importlib import resources

import numpy as np

from jiedu.annotate.syllables import to_accented

BOS, EOS, UNK = "시", "끝", "<UNK>"  # g2pM's sentence markers and unknown char


@dataclass(frozen=True)
class PolyphoneModel:
    """Weights plus the candidate readings of each polyphonic character."""

    char_ids: dict[str, int]
    candidates: dict[str, tuple[str, ...]]
    """Polyphonic character -> its tone-marked readings, in class order."""
    candidate_classes: dict[str, np.ndarray]
    """Polyphonic character -> indices of its readings among the classes."""
    forward_inputs: np.ndarray
    """[chars, 4h]: embedding @ W_ih.T + both biases, forward direction."""
    backward_inputs: np.ndarray
    forward_recurrent: np.ndarray
    """[h, 4h]: W_hh.T, forward direction."""
    backward_recurrent: np.ndarray
    hidden_weight: np.ndarray
    hidden_bias: np.ndarray
    output_weight: np.ndarray
    output_bias: np.ndarray

    def is_polyphone(self, char: str) -> bool:
        return char in self.candidates

    def predict(self, requests: list[tuple[str, list[int]]], batch_size: int = 64) -> list[list[dict[str, float]]]:
        """For each (sentence, positions): one {reading: probability} per position.

        Probabilities are normalised over the character's own readings.
        Sentences are grouped by length so batches carry little padding.
        """
        results: list[list[dict[str, float]]] = [[] for _ in requests]
        order = sorted(range(len(requests)), key=lambda k: len(requests[k][0]))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            hidden = self._encode([requests[k][0] for k in batch])
            for row, k in enumerate(batch):
                sentence, positions = requests[k]
                results[k] = [self._distribution(sentence[p], hidden[row, p + 1]) for p in positions]
        return results

    def _encode(self, sentences: list[str]) -> np.ndarray:
        """[batch, T, 2h] hidden states; position 0 is BOS, so char i is at i + 1."""
        ids = [[self.char_ids[BOS]] + [self.char_ids.get(c, self.char_ids[UNK]) for c in s] + [self.char_ids[EOS]] for s in sentences]
        lengths = [len(x) for x in ids]
        forward = np.zeros((len(ids), max(lengths)), dtype=np.int64)
        backward = np.zeros_like(forward)
        for row, x in enumerate(ids):
            forward[row, : len(x)] = x
            backward[row, : len(x)] = x[::-1]
        ahead = _run_lstm(self.forward_inputs[forward], self.forward_recurrent)
        behind = _run_lstm(self.backward_inputs[backward], self.backward_recurrent)
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


def _run_lstm(inputs: np.ndarray, recurrent: np.ndarray) -> np.ndarray:
    """Run one LSTM direction over [batch, T, 4h] precomputed input projections."""
    batch, steps, four_h = inputs.shape
    size = four_h // 4
    h = np.zeros((batch, size), dtype=np.float32)
    c = np.zeros_like(h)
    out = np.empty((batch, steps, size), dtype=np.float32)
    for t in range(steps):
        z = inputs[:, t] + h @ recurrent
        sig = 1.0 / (1.0 + np.exp(-z[:, : 2 * size]))
        gate_in, gate_forget = sig[:, :size], sig[:, size:]
        cell_in = np.tanh(z[:, 2 * size : 3 * size])
        gate_out = 1.0 / (1.0 + np.exp(-z[:, 3 * size :]))
        c = gate_forget * c + gate_in * cell_in
        h = gate_out * np.tanh(c)
        out[:, t] = h
    return out


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
        forward_recurrent=np.ascontiguousarray(weights["lstm.weight_hh_l0"].T),
        backward_recurrent=np.ascontiguousarray(weights["lstm.weight_hh_l0_reverse"].T),
        hidden_weight=np.ascontiguousarray(weights["logit_layer.0.weight"].T),
        hidden_bias=weights["logit_layer.0.bias"],
        output_weight=np.ascontiguousarray(weights["logit_layer.2.weight"].T),
        output_bias=weights["logit_layer.2.bias"],
    )


def _input_projection(weights: dict, suffix: str) -> np.ndarray:
    bias = weights[f"lstm.bias_ih_l0{suffix}"] + weights[f"lstm.bias_hh_l0{suffix}"]
    return (weights["embedding.weight"] @ weights[f"lstm.weight_ih_l0{suffix}"].T + bias).astype(np.float32)


def _load_g2pm_pickle(name: str):
    # These pickles ship inside the g2pM wheel from PyPI; nothing is fetched.
    with resources.files("g2pM").joinpath(name).open("rb") as handle:
        return pickle.load(handle)
