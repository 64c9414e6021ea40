"""Merging a LoRA adapter into its base model for export: a plain transformers folder that any tool loads
without peft (and that can be quantized again, to GGUF or 4-bit, downstream).

The base is loaded in full precision for the merge: folding the low-rank update into 4-bit weights would
re-quantize it and lose most of it. The chat template the adapter was trained with is saved with the tokenizer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from agent.config import LLMConfig
from agent.llm import LLMLoadError, load_llm
from agent.llm.load import resolve_adapter


def export_merged(config: LLMConfig, models_dir: Path, out: Path) -> Path:
    if resolve_adapter(config) is None:
        raise LLMLoadError("nothing to merge: no adapter is configured (pass --adapter DIR)")
    llm = load_llm(replace(config, quantize="none", device="cpu"), models_dir)
    merged = llm.model.merge_and_unload()
    partial = out.with_name(out.name + ".partial")
    merged.save_pretrained(partial)
    llm.tokenizer.save_pretrained(partial)
    partial.rename(out)
    return out
