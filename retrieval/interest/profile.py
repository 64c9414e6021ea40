"""The interpretable category interest profile: the seed's model, fitted for every user at once.

Each user has an affinity a_k per category and an interest u_k = sigmoid(a_k) in (0, 1), a softmax over the
two outcomes "interested / not interested" in category k. An item is its category vector c (multi-hot,
normalized to sum 1), so R(u, c) = u^T c is the user's mean interest over the item's categories. The
affinities minimize the squared error between R and the observed interest:

    y = rating / max_rating   for items the user chose (unrated choices count as 1),
    y = 0                     for items the user did not choose (``negatives`` per chosen one, in expectation),

plus an L2 pull of each a_k toward the population's affinity, so that a category a user has barely seen
stays near the average instead of swinging to 0 or 1. The result says which categories a user likes and how
much; explanations quote it and the UI draws it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class ProfileConfig:
    steps: int = 300
    lr: float = 0.1
    prior_weight: float = 0.02  # strength of the pull toward the population affinity
    negatives: int = 1  # weight of unchosen items, per chosen one


class CategoryProfiles:
    """Fitted interests: ``interest[u, k]`` in (0, 1) for user row u and category k."""

    def __init__(self, categories: list[str], interest: np.ndarray, population: np.ndarray) -> None:
        self.categories = categories
        self.interest = interest.astype(np.float32)
        self.population = population.astype(np.float32)  # what a user with no history gets

    def of(self, row: int | None) -> dict[str, float]:
        """One user's profile as {category: interest}, highest first; ``None`` gives the population's."""
        values = self.population if row is None else self.interest[row]
        order = np.argsort(-values, kind="stable")
        return {self.categories[k]: float(values[k]) for k in order}

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(directory / "profiles.npz", interest=self.interest, population=self.population)
        (directory / "categories.json").write_text(json.dumps(self.categories, ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path) -> CategoryProfiles:
        arrays = np.load(directory / "profiles.npz")
        categories = json.loads((directory / "categories.json").read_text())
        return cls(categories, arrays["interest"], arrays["population"])


def category_matrix(item_categories: list[tuple[str, ...]], categories: list[str]) -> np.ndarray:
    """Rows = items (row 0 is padding and stays zero), columns = categories, each row summing to 1."""
    col = {c: k for k, c in enumerate(categories)}
    matrix = np.zeros((len(item_categories), len(categories)), dtype=np.float32)
    for i, cats in enumerate(item_categories):
        ks = [col[c] for c in cats if c in col]
        if ks:
            matrix[i, ks] = 1.0 / len(ks)
    return matrix


def fit_profiles(
    histories: list[list[int]],
    interest_values: list[list[float]],
    item_cats: np.ndarray,
    categories: list[str],
    config: ProfileConfig | None = None,
    population: np.ndarray | None = None,
) -> CategoryProfiles:
    """Fit every user's affinities by full-batch Adam on the squared error.

    ``histories[u]`` are item rows of ``item_cats``; ``interest_values[u]`` the observed interest of each.
    Pass a fitted ``population`` (interests in (0, 1)) to keep it fixed, e.g. to refit one user after feedback.

    The squared error is a quadratic form in u, so each user is summarized once by G_u = sum c c^T and
    b_u = sum y c; the unchosen items enter through their expectation (``negatives`` x n_u x E[c c^T]). Every
    step then costs users x categories^2, whatever the number of interactions.
    """
    import torch  # imported here so that reading saved profiles needs no torch

    config = config or ProfileConfig()
    k = len(categories)
    has_cats = item_cats.sum(axis=1) > 0
    mean_outer = np.einsum("ik,il->kl", item_cats[has_cats], item_cats[has_cats]) / max(1, has_cats.sum())
    gram = np.zeros((len(histories), k, k), dtype=np.float32)
    linear = np.zeros((len(histories), k), dtype=np.float32)
    counts = np.zeros(len(histories), dtype=np.float32)
    for u, (hist, ys) in enumerate(zip(histories, interest_values, strict=True)):
        rows = np.asarray(hist, dtype=np.int64)
        keep = has_cats[rows] if len(rows) else np.zeros(0, dtype=bool)
        c = item_cats[rows[keep]]
        y = np.asarray(ys, dtype=np.float32)[keep]
        counts[u] = len(c) * (1 + config.negatives)
        gram[u] = c.T @ c + config.negatives * len(c) * mean_outer
        linear[u] = c.T @ y
    g, b = torch.from_numpy(gram), torch.from_numpy(linear)
    total = float(max(1.0, counts.sum()))

    if population is None:
        prior = torch.zeros(k, requires_grad=True)
        params = [prior]
    else:
        prior = torch.logit(torch.from_numpy(population.astype(np.float32)).clamp(1e-4, 1 - 1e-4))
        params = []
    affinity = prior.detach().repeat(len(histories), 1).requires_grad_(True)
    optim = torch.optim.Adam([affinity, *params], lr=config.lr)
    for _ in range(config.steps):
        u = torch.sigmoid(affinity)
        # sum over users of (u^T G u - 2 u^T b), i.e. the squared error up to a constant
        error = (torch.einsum("uk,ukl,ul->u", u, g, u) - 2 * (u * b).sum(dim=1)).sum() / total
        loss = error + config.prior_weight * ((affinity - prior) ** 2).mean()
        optim.zero_grad()
        loss.backward()
        optim.step()
    return CategoryProfiles(
        categories,
        torch.sigmoid(affinity).detach().numpy(),
        torch.sigmoid(prior).detach().numpy(),
    )


def update_profile(
    profile: np.ndarray,
    item_cats: np.ndarray,
    values: list[float],
    categories: list[str],
    weight: float = 0.5,
) -> np.ndarray:
    """One user's interests after new feedback: the same squared-error fit on the feedback items alone
    (``values``: 1 = loved, 0 = not for me), pulled toward the current ``profile`` with strength ``weight``,
    so a single "loved it" moves the item's categories up without erasing the rest of the profile."""
    if len(values) == 0:
        return profile.astype(np.float32)
    rows = list(range(len(values)))
    fitted = fit_profiles(
        [rows],
        [list(values)],
        item_cats,
        categories,
        ProfileConfig(prior_weight=weight, negatives=0),
        population=profile,
    )
    return fitted.interest[0]
