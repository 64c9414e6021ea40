"""The conversational agent: configuration, understanding, tools, explanations, memory."""

from .config import Config, ConfigError, EmbeddingConfig, StoreConfig, load_config

__all__ = ["Config", "ConfigError", "EmbeddingConfig", "StoreConfig", "load_config"]
