"""Decoding that cannot spell certain phrases: a logits processor for greedy decoding that, per batch row,
rejects the token it would pick while the text that token makes contains a listed phrase as a word, and
bans any token that would repeat a run of ``REPEAT`` tokens already generated (a small model's loops).
Unlike transformers' ``no_repeat_ngram_size`` it looks at the generated text only, so titles copied from the
prompt stay possible.

The phrase check reads decoded text, not token ids: a word can be spelt by several token sequences
("comédie" as "com"+"édie" or "comé"+"die"), and banning one of them left the others open.

Explanations use it to keep categories that are not on the fact sheet out of the text (grounding by
construction, like the JSON constraint for requests); the groundedness check still runs afterwards, for what
a ban cannot cover (titles, numbers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import torch

REPEAT = 6
MAX_REJECTIONS = 32  # per step and row; past that the row decodes on (the check afterwards still applies)
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def says(text: str, phrase: str, start: int = 0) -> bool:
    """Does ``text`` contain ``phrase`` as a word, in any case (CJK: anywhere), in an occurrence that ends
    after ``start``? One at the very end counts: "Drama" might go on as "Dramatic", or might not."""
    if _CJK.search(phrase):
        return phrase in text[max(0, start - len(phrase) + 1) :]
    pattern = rf"(?<!\w){re.escape(phrase)}(?!\w)"
    return any(m.end() > start for m in re.finditer(pattern, text, flags=re.IGNORECASE))


class AvoidPhrases:
    """``rows[i]``: the phrases row ``i`` of the batch must not produce (``prompt_length`` tokens precede)."""

    def __init__(self, tokenizer: Any, rows: Sequence[Sequence[str]], prompt_length: int):
        self.tokenizer = tokenizer
        self.prompt_length = prompt_length
        self.phrases = [list(row) for row in rows]

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        for row, phrases in enumerate(self.phrases):
            generated = input_ids[row, self.prompt_length :].tolist()
            for token in _repeats(generated, REPEAT):
                scores[row, token] = float("-inf")
            if not phrases:
                continue
            start = len(self._text(generated))
            for _ in range(MAX_REJECTIONS):
                best = int(scores[row].argmax())
                text = self._text([*generated, best])
                if not any(says(text, p, start) for p in phrases):
                    break
                scores[row, best] = float("-inf")
        return scores

    def _text(self, ids: list[int]) -> str:
        return self.tokenizer.decode(ids, skip_special_tokens=True)


def _repeats(generated: list[int], n: int) -> set[int]:
    """The tokens that would make the last ``n - 1`` tokens plus one a run of ``n`` seen before."""
    if len(generated) < n:
        return set()
    tail = generated[len(generated) - n + 1 :]
    return {generated[i + n - 1] for i in range(len(generated) - n + 1) if generated[i : i + n - 1] == tail}
