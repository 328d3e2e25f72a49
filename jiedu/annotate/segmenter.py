"""Word segmentation with a private jieba Tokenizer (never jieba's global one)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import jieba


@dataclass(frozen=True)
class Segmenter:
    """A jieba Tokenizer that knows the project's words."""

    tokenizer: jieba.Tokenizer
    hmm: bool = False
    """Let jieba's HMM join unknown characters into words. Off: words it invents
    are in no dictionary anyway, it halves the speed, and it glues function
    words onto their neighbours (正确地为 -> 地为), which hides them from the rules."""

    def cut(self, text: str) -> list[str]:
        """Words of `text`; they concatenate back to `text` exactly."""
        words = list(self.tokenizer.cut(text, HMM=self.hmm))
        return words if "".join(words) == text else list(text)


def build_segmenter(words: Iterable[str] = (), hmm: bool = False) -> Segmenter:
    """A fresh Tokenizer on jieba's bundled dictionary, plus `words` kept whole.

    Loading jieba's dictionary takes about a second (it is cached in the
    temporary folder after the first time); build one Segmenter and pass it on.
    """
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in words:
        if len(word) > 1:
            tokenizer.add_word(word)
    return Segmenter(tokenizer, hmm)
