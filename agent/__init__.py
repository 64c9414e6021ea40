"""The conversational agent: configuration, understanding, tools, explanations, memory.

``RecommenderAgent`` is imported on first use (PEP 562), so that importing ``agent`` for its configuration
(as ``llmrec --help`` does) does not load torch, Chroma or the models.
"""

from typing import Any

from .config import Config, ConfigError, EmbeddingConfig, StoreConfig, load_config

__all__ = [
    "Config",
    "ConfigError",
    "EmbeddingConfig",
    "RecommenderAgent",
    "StoreConfig",
    "Turn",
    "load_config",
]


def __getattr__(name: str) -> Any:
    if name in ("RecommenderAgent", "Turn", "TurnItem"):
        from . import agent

        return getattr(agent, name)
    raise AttributeError(f"module 'agent' has no attribute {name!r}")
