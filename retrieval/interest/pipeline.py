"""Fitting everything the recommender needs from one interaction source, and saving/loading it.

``fit_interest`` trains the sequence model on each user's history minus the last two items, picks the epoch
and the transition blend weight on the second-last items (validation), and fits category profiles. The
result is a ``FittedInterest`` that ``llmrec eval ranking`` scores on the last items and ``llmrec train``
saves under ``$LLMREC_HOME/interest/NAME``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
from scipy import sparse

from ..catalog import Item
from ..embed import Embedder
from ..interactions import load_interactions
from ..loaders import load_catalog
from ..protocol import ProtocolConfig
from ..sequences import Sequences, build_sequences
from .checkpoint import load_model, save_model
from .config import InterestConfig
from .features import content_features
from .model import InterestModel
from .profile import CategoryProfiles, category_matrix, fit_profiles
from .train import TrainResult, score_users, train_interest
from .transition import TransitionConfig, TransitionRanker

TRANSITION_GRID = tuple(
    TransitionConfig(window=window, recency=recency) for window in (30, 100) for recency in (0.75, 0.85, 0.95)
)


@dataclass
class Prepared:
    data: Sequences
    items: list[Item | None]  # aligned with data.item_ids (row 0 is padding)
    categories: list[str]
    ratings: dict[tuple[str, str], float | None]


def prepare(spec: str, protocol: ProtocolConfig, catalog_spec: str | None = None) -> Prepared:
    """Interactions -> k-core sequences, plus the catalog items in the same numbering. The catalog comes from
    ``catalog_spec``, or from ``spec`` itself for sources that hold both (movielens:, amazon:)."""
    rows = load_interactions(spec)
    data = build_sequences(rows, protocol.min_user, protocol.min_item, protocol.min_rating)
    catalog = {item.item_id: item for item in load_catalog(catalog_spec or spec, skip_bad=True).items}
    items: list[Item | None] = [None, *(catalog.get(raw) for raw in data.item_ids[1:])]
    categories = sorted({c for item in items if item for c in item.categories})
    ratings = {(r.user_id, r.item_id): r.rating for r in rows}
    return Prepared(data, items, categories, ratings)


@dataclass
class FittedInterest:
    model: InterestModel
    item_ids: list[str]
    user_ids: list[str]
    histories: list[list[int]]  # each known user's full sequence, for serving
    transition: TransitionRanker
    blend: dict  # recommend.BlendConfig fields plus the validation NDCG@10 of each weight tried
    profiles: CategoryProfiles
    training: TrainResult | None = None
    features: np.ndarray | None = None  # content features used in training (not saved: the model keeps them)

    def save(self, directory: Path) -> None:
        extra = {"blend": self.blend, "user_ids": self.user_ids, "histories": self.histories}
        if self.training is not None:
            extra.update(
                best_epoch=self.training.best_epoch,
                seconds=self.training.seconds,
                history=self.training.history,
                losses=self.training.losses,
            )
        save_model(directory, self.model, self.item_ids, extra)
        sparse.save_npz(directory / "transition.npz", self.transition.matrix.tocsr())
        (directory / "transition.json").write_text(json.dumps(asdict(self.transition.config)))
        self.profiles.save(directory / "profiles")

    def recommender(self, chroma_client, collection: str):  # -> recommend.Recommender
        """A Recommender over this model whose item vectors live in Chroma ``collection``."""
        from ..recommend import BlendConfig, ItemVectorStore, Recommender

        names = {f for f in BlendConfig.__dataclass_fields__}
        blend = BlendConfig(**{k: v for k, v in self.blend.items() if k in names})
        return Recommender(
            self.model, self.item_ids, self.transition, blend, ItemVectorStore(chroma_client, collection)
        )

    @classmethod
    def load(cls, directory: Path) -> FittedInterest:
        model, item_ids = load_model(directory)
        extra = json.loads((directory / "training.json").read_text())
        transition = TransitionRanker(
            TransitionConfig(**json.loads((directory / "transition.json").read_text()))
        )
        transition.matrix = sparse.load_npz(directory / "transition.npz")
        transition.n_items = len(item_ids) - 1
        return cls(
            model=model,
            item_ids=item_ids,
            user_ids=extra["user_ids"],
            histories=extra["histories"],
            transition=transition,
            blend=extra["blend"],
            profiles=CategoryProfiles.load(directory / "profiles"),
        )

    def history_of(self, user_id: str) -> list[int]:
        """A known user's items (model numbering), oldest first; unknown users have none."""
        try:
            return self.histories[self.user_ids.index(user_id)]
        except ValueError:
            return []


def fit_interest(
    prep: Prepared,
    embedder: Embedder,
    config: InterestConfig,
    cache_dir: Path | None = None,
    progress: bool = True,
    final_data: list[list[int]] | None = None,
) -> FittedInterest:
    """Train on the training part, choose the epoch and blend weight on validation, then (with
    ``config.refit``) train again for that many epochs on ``final_data`` and fit the transition scores on it.

    ``final_data`` is what the result will serve: each user's sequence minus the test item for evaluation,
    or whole sequences for serving. By default, the training part.
    """
    from ..recommend import fit_blend  # recommend imports this package's model; import late to avoid a cycle

    data = prep.data
    train, valid = data.train(), data.valid()
    features = content_features(prep.items, embedder, prep.categories, cache_dir)
    result = train_interest(train, data.n_items, config, features, valid=valid, progress=progress)
    # The transition statistics' recency and window, and the blend weight, are chosen together on validation.
    valid_scores = score_users(result.model, valid[0])
    best_ndcg, transition, blend, grid = -1.0, TransitionRanker(), None, {}
    for option in TRANSITION_GRID:
        candidate = TransitionRanker(option)
        candidate.fit(train, data.n_items)
        option_blend, option_grid = fit_blend(valid_scores, candidate.scores(valid[0]), *valid)
        if option_grid[option_blend.transition_weight] > best_ndcg:
            best_ndcg = option_grid[option_blend.transition_weight]
            transition, blend, grid = candidate, option_blend, option_grid
    assert blend is not None
    fitted = FittedInterest(
        model=result.model,
        item_ids=data.item_ids,
        user_ids=data.user_ids,
        histories=data.seqs,
        transition=transition,
        blend={
            **asdict(blend),
            "transition": asdict(transition.config),
            "validation_ndcg@10": {str(k): v for k, v in grid.items()},
        },
        profiles=user_profiles(prep, train),
        training=result,
        features=features,
    )
    return fitted if final_data is None else refit(fitted, prep, config, final_data, progress)


def refit(
    fitted: FittedInterest,
    prep: Prepared,
    config: InterestConfig,
    final_data: list[list[int]],
    progress: bool = True,
) -> FittedInterest:
    """``fitted``'s choices (epochs, transition statistics, blend weight) served on ``final_data``: the model
    trained again for the chosen epochs (with ``config.refit``), the transition scores and the profiles fitted
    on it. No validation is repeated, so no target is read here."""
    assert fitted.training is not None and fitted.features is not None
    n_items = prep.data.n_items
    model, training = fitted.model, fitted.training
    if config.refit:
        again = train_interest(
            final_data, n_items, config, fitted.features, stop_after=training.best_epoch, progress=progress
        )
        model, training = again.model, replace(training, seconds=training.seconds + again.seconds)
    transition = TransitionRanker(fitted.transition.config)
    transition.fit(final_data, n_items)
    # Rescale the signals for the final model and statistics; only score spreads are read.
    blend = fitted.blend | {
        "interest_scale": float(score_users(model, final_data).std()) or 1.0,
        "transition_scale": float(transition.scores(final_data).std()) or 1.0,
    }
    return replace(
        fitted,
        model=model,
        transition=transition,
        blend=blend,
        profiles=user_profiles(prep, final_data),
        training=training,
    )


def user_profiles(prep: Prepared, histories: list[list[int]]) -> CategoryProfiles:
    """Category interest profiles; observed interest = rating / the highest rating (1 when unrated)."""
    top = max((r for r in prep.ratings.values() if r is not None), default=1.0) or 1.0
    values = [
        [(prep.ratings.get((prep.data.user_ids[u], prep.data.item_ids[i])) or top) / top for i in hist]
        for u, hist in enumerate(histories)
    ]
    cats = category_matrix([item.categories if item else () for item in prep.items], prep.categories)
    return fit_profiles(histories, values, cats, prep.categories)
