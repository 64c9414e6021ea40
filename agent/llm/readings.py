"""Two readings of one request decoded in step (``agent/reading.py``): the rows of a group are the same answer
under different prompts, and at each step every row of the group gets the weighted mean of the group's
log-probabilities, so greedy decoding picks the same token in all of them and they stay one answer.

It runs after every other processor: the masks (categories, copied spans) are the same in each row of a group,
since they depend on the answer so far, and a token one row forbids keeps -inf in the mean.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


class MeanOfReadings:
    """A transformers LogitsProcessor. ``groups``: the batch rows of each request, its original prompt first;
    ``weight``: the share of the other readings (split equally among them) in the mean."""

    def __init__(self, groups: Sequence[Sequence[int]], weight: float) -> None:
        self.groups = [list(g) for g in groups if len(g) > 1]
        self.weight = weight

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if not self.groups:
            return scores
        logp = torch.log_softmax(scores.float(), dim=-1)
        out = scores.clone()
        for first, *others in self.groups:
            mean = (1 - self.weight) * logp[first] + self.weight * logp[others].mean(0)
            out[[first, *others]] = mean.to(out.dtype)
        return out
