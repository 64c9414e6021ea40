"""Decoding that cannot spell certain phrases: a logits processor that bans, per batch row, the last token of
any listed phrase once the tokens before it have been generated, and any token that would repeat a run of
``REPEAT`` tokens already generated (a small model's loops). Unlike transformers' ``no_repeat_ngram_size``
it looks at the generated text only, so titles copied from the prompt stay possible.

Explanations use it to keep categories that are not on the fact sheet out of the text (grounding by
construction, like the JSON constraint for requests); the groundedness check still runs afterwards, for what
a ban cannot cover (titles, numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

REPEAT = 6


def phrase_variants(phrases: Sequence[str]) -> list[str]:
    """Each phrase as it may appear mid-sentence: as written, lower-case, capitalized, after a space."""
    out: set[str] = set()
    for phrase in phrases:
        for form in {phrase, phrase.lower(), phrase[:1].upper() + phrase[1:]}:
            out |= {form, " " + form}
    return sorted(out)


class AvoidPhrases:
    """``rows[i]``: the phrases row ``i`` of the batch must not produce (``prompt_length`` tokens precede)."""

    def __init__(self, tokenizer: Any, rows: Sequence[Sequence[str]], prompt_length: int):
        self.prompt_length = prompt_length
        cache: dict[str, list[int]] = {}

        def ids(text: str) -> list[int]:
            if text not in cache:
                cache[text] = tokenizer.encode(text, add_special_tokens=False)
            return cache[text]

        self.banned = [[ids(p) for p in phrase_variants(row) if ids(p)] for row in rows]

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        for row, sequences in enumerate(self.banned):
            generated = input_ids[row, self.prompt_length :].tolist()
            for token in _repeats(generated, REPEAT):
                scores[row, token] = float("-inf")
            for seq in sequences:
                head = seq[:-1]
                if not head or (
                    len(generated) >= len(head) and generated[len(generated) - len(head) :] == head
                ):
                    scores[row, seq[-1]] = float("-inf")
        return scores


def _repeats(generated: list[int], n: int) -> set[int]:
    """The tokens that would make the last ``n - 1`` tokens plus one a run of ``n`` seen before."""
    if len(generated) < n:
        return set()
    tail = generated[len(generated) - n + 1 :]
    return {generated[i + n - 1] for i in range(len(generated) - n + 1) if generated[i : i + n - 1] == tail}
