"""Helpers shared by the command modules: building store clients and embedders from the Config."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any

from agent.config import Config


def store_client(config: Config) -> Any:
    from retrieval import open_client

    return open_client(config.chroma_path, config.store.host, config.store.port)


def make_embedder(config: Config) -> Any:
    from retrieval import Embedder

    return Embedder(
        config.embedding.model, device=config.embedding.device, batch_size=config.embedding.batch_size
    )


def drop(client: Any, name: str) -> None:
    with contextlib.suppress(Exception):  # nothing to drop
        client.delete_collection(name)


def where(config: Config) -> str:
    return f"http://{config.store.host}:{config.store.port}" if config.store.host else str(config.chroma_path)


def say(text: str) -> None:
    # Progress and notes go to stderr so that stdout stays machine-readable with --json.
    print(text, file=sys.stderr)


def non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or a positive whole number, got {text}")
    return value


def positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {text}")
    return value
