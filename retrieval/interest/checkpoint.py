"""Saving and loading a trained interest model: config, item ids, weights (safetensors), training history."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from safetensors.torch import load_file, save_file

from .config import InterestConfig
from .model import InterestModel


def save_model(directory: Path, model: InterestModel, item_ids: list[str], extra: dict[str, Any]) -> None:
    """Write into ``directory`` atomically enough: weights last, so a folder with weights is complete."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "config.json").write_text(json.dumps(asdict(model.config), indent=1))
    (directory / "items.json").write_text(json.dumps(item_ids, ensure_ascii=False))
    (directory / "training.json").write_text(json.dumps(extra, indent=1, default=float))
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    tmp = directory / "model.safetensors.tmp"
    save_file(state, str(tmp))
    tmp.replace(directory / "model.safetensors")


def load_model(directory: Path) -> tuple[InterestModel, list[str]]:
    weights = directory / "model.safetensors"
    if not weights.exists():
        raise FileNotFoundError(f"no trained interest model in {directory}; train one with `llmrec train`")
    config = InterestConfig(**json.loads((directory / "config.json").read_text()))
    item_ids = json.loads((directory / "items.json").read_text())
    state = load_file(str(weights))
    content = state.get("items.content")
    model = InterestModel(len(item_ids) - 1, config, content)
    model.load_state_dict(state)
    model.eval()
    return model, item_ids
