"""The agent's tools over llmrec's stores: catalog lookup and title resolution (Chroma), personal ranking
(``retrieval.rerank``), the user's history and taste profile (the trained interest model, updated by
feedback), and fact sheets for explanations. Built once from the Config; every method is read-only."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from retrieval.catalog import Item
from retrieval.filters import Filters

from .config import Config
from .explain import FactSheet
from .request import Request

log = logging.getLogger(__name__)


class NoCatalogError(RuntimeError):
    """The store has no catalog yet; the message says how to build one."""


@dataclass
class Tools:
    store: Any  # retrieval.CatalogStore
    embedder: Any  # retrieval.Embedder
    vocabulary: list[str]
    fitted: Any = None  # retrieval.interest.pipeline.FittedInterest, when a model was trained
    recommender: Any = None  # retrieval.recommend.Recommender over it

    @classmethod
    def from_config(cls, config: Config, interest_name: str = "default") -> Tools:
        from retrieval import CatalogStore, Embedder, StoreError, open_client

        client = open_client(config.chroma_path, config.store.host, config.store.port)
        try:
            store = CatalogStore.open(client, config.store.collection)
        except StoreError as exc:
            raise NoCatalogError(
                f"{exc}. Build the catalog first: `llmrec demo` (MovieLens) or `llmrec ingest --catalog KIND:PATH`"
            ) from exc
        embedder = Embedder(config.embedding.model, device=config.embedding.device)
        vocabulary = [c for c in store.info().categories if c != "(no genres listed)"]
        fitted = recommender = None
        directory = config.interest_dir(interest_name)
        if (directory / "training.json").exists():
            from retrieval.interest.pipeline import FittedInterest

            fitted = FittedInterest.load(directory)
            recommender = fitted.recommender(client, config.interest_collection(interest_name))
        return cls(store, embedder, vocabulary, fitted, recommender)

    # ---- the user ------------------------------------------------------------------------------------------

    def history(self, user_id: str | None) -> list[str]:
        """A known user's catalog ids, oldest first (nothing for unknown users or without a model)."""
        if not user_id or self.fitted is None:
            return []
        return [self.fitted.item_ids[i] for i in self.fitted.history_of(user_id)]

    def taste(self, user_id: str | None, feedback: dict[str, int]) -> dict[str, float]:
        """{category: interest 0..1}, highest first: the fitted profile (the population's for a new user),
        updated with the feedback at once."""
        from retrieval.interest.profile import category_matrix, update_profile

        if self.fitted is not None:
            profiles = self.fitted.profiles
            categories = profiles.categories
            row = self.fitted.user_ids.index(user_id) if user_id in self.fitted.user_ids else None
            base = profiles.interest[row] if row is not None else profiles.population
        else:
            categories = self.vocabulary
            base = np.full(len(categories), 0.5, dtype=np.float32)
        items = self.items(list(feedback))
        if items:
            cats = category_matrix([tuple(i.categories) for i in items], categories)
            values = [1.0 if feedback[i.item_id] > 0 else 0.0 for i in items]
            base = update_profile(base, cats, values, categories)
        order = np.argsort(-base, kind="stable")
        return {categories[k]: float(base[k]) for k in order}

    # ---- the catalog ---------------------------------------------------------------------------------------

    def items(self, ids: Sequence[str]) -> list[Item]:
        return self.store.get(list(ids)) if ids else []

    def resolve_title(self, title: str) -> Item | None:
        """The catalog item a user means by ``title`` (nearest by text, accepted only when the titles match)."""
        from retrieval.search import semantic_search

        hits = semantic_search(self.store, self.embedder, title, k=5)
        wanted = _plain(title)
        best = max(hits, key=lambda h: _similarity(wanted, _plain(h.item.title)), default=None)
        return best.item if best and _similarity(wanted, _plain(best.item.title)) >= 0.8 else None

    def recommend(
        self,
        request: Request,
        history: list[str],
        liked: list[str],
        disliked: list[str],
        exclude: set[str],
        k: int,
        anchor: Item | None = None,
    ) -> list[Any]:
        """The top ``k`` catalog items for the request, every one meeting its constraints (``Scored``)."""
        from retrieval.rerank import Personalization, personalized_search

        filters = Filters(
            include=tuple(request.include),
            exclude=tuple(request.exclude),
            year_min=request.year_min,
            year_max=request.year_max,
        )
        categories = self.fitted.profiles.categories if self.fitted is not None else None
        return personalized_search(
            self.store,
            self.embedder,
            query_text(request, anchor),
            filters,
            self.recommender,
            Personalization(tuple(history), tuple(liked), tuple(disliked)),
            exclude=exclude,
            k=k,
            categories=categories,
        )

    def fact_sheet(
        self, item: Item, taste: dict[str, float], liked: Sequence[Item], request: Request
    ) -> FactSheet:
        top = [(c, round(s, 2)) for c, s in list(taste.items())[:3]]
        related = [i for i in liked if i.item_id != item.item_id and set(i.categories) & set(item.categories)]
        return FactSheet(
            title=item.title,
            year=item.year,
            categories=tuple(c for c in item.categories if c in self.vocabulary)[:3],
            interests=tuple(top),
            liked=tuple((i.title, i.year) for i in related[:2]),
            requested=tuple(c for c in request.include if c in item.categories),
        )


def query_text(request: Request, anchor: Item | None) -> str | None:
    """The retrieval text, built from the parsed request only (English categories and keywords), so a
    request in any language reaches the same items as its English twin."""
    parts = [*request.include, *request.keywords, *request.titles]
    if anchor is not None:
        parts += [anchor.title, anchor.description or "", *anchor.categories]
    text = " ".join(p for p in parts if p).strip()
    return text or None


def _plain(title: str) -> str:
    import re

    title = re.sub(r"\s*\(\d{4}\)\s*$", "", title).casefold()
    match = re.match(r"^(.*), (the|a|an)$", title)
    title = f"{match.group(2)} {match.group(1)}" if match else title
    return re.sub(r"[^\w\s]", "", title).strip()


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
