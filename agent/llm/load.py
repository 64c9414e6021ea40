"""Loading a causal LM: hub id or local folder or GGUF file, 4-bit NF4 (bitsandbytes) or full precision, on
CUDA or CPU, with an optional LoRA adapter.

GGUF files are converted once into a normal safetensors folder under ``models_dir`` (a GGUF load dequantizes
every tensor and takes tens of seconds; the converted folder reloads in seconds).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import torch
from filelock import FileLock

from ..config import LLMConfig
from ..glossary import DICTIONARY_LANGUAGES
from ..locale import LANGUAGES
from .chat import ensure_chat_template
from .packaged import PACKAGED, PackageMissing, packaged_gguf

# Adapters that ship inside the package, by the packaged base model they were trained on.
SHIPPED_ADAPTERS = {"gemma-3-270m": Path(__file__).parent / "adapters" / "gemma-3-270m-llmrec"}


class LLMLoadError(RuntimeError):
    """The model could not be found or loaded; the message says what to do."""


@dataclass
class LoadedLLM:
    model: Any
    tokenizer: Any
    device: str
    quantized: bool
    source: str
    adapter: str | None = None  # the adapter folder applied, if any
    # Languages whose understanding prompts carry dictionary hints: those the adapter was trained with.
    glossary: tuple[str, ...] = ()
    tag_bias: float = 0.0  # [llm] tag_bias: decoding's bonus for genre_tags.favored_genres
    grounded_keywords: tuple[str, ...] = ()  # [llm] grounded_keywords: languages whose keywords are glosses
    english_reading: float = 0.0  # [llm] english_reading: weight of the message's English reading
    english_reading_languages: tuple[str, ...] = ()  # [llm] english_reading_languages: where it is used
    keyword_bias: float = 0.0  # [llm] keyword_bias: how much decoding favours writing a "keywords" key
    keyword_bias_languages: tuple[str, ...] = ()  # [llm] keyword_bias_languages: where it is used

    def describe(self) -> str:
        adapter = f" + LoRA {Path(self.adapter).name}" if self.adapter else ""
        mode = (
            "4-bit NF4" if self.quantized else str(next(self.model.parameters()).dtype).replace("torch.", "")
        )
        return f"{self.source}{adapter} ({mode}, {self.device.upper()})"


def resolve_device(device: str) -> str:
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise LLMLoadError(
            "device 'cuda' was asked for but no CUDA GPU is available; use device = 'auto' or 'cpu'"
        )
    return device


def load_llm(config: LLMConfig, models_dir: Path, device_index: int = 0, adapter: bool = True) -> LoadedLLM:
    """Load ``config.model`` for inference (or, with ``adapter=False``, as a base for training).

    ``device_index`` is the GPU this process uses (one per process under ``accelerate launch``).
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig

    if not config.model:
        raise LLMLoadError("no language model configured: set [llm] model to a hub id or a local folder")
    device = resolve_device(config.device)
    source_name = config.model if config.model in PACKAGED else (Path(config.model).name or config.model)
    adapter_dir = resolve_adapter(config) if adapter else None  # before the packaged name becomes a path
    if config.model.endswith(".gguf") and not config.gguf_file:  # a GGUF file given as the model
        config = replace(config, model=str(Path(config.model).parent), gguf_file=Path(config.model).name)
    location = config.model
    if config.model in PACKAGED or config.gguf_file:
        # Files written once into models_dir. One process at a time: several processes (accelerate launch, two
        # first chats) would otherwise assemble and convert the same files at once; the others wait, then
        # find them done.
        models_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(models_dir / ".prepare.lock"):
            if config.model in PACKAGED:
                try:
                    gguf = packaged_gguf(config.model, models_dir)
                except PackageMissing as exc:
                    raise LLMLoadError(str(exc)) from exc
                config = replace(config, model=str(gguf.parent), gguf_file=gguf.name)
            location = convert_gguf(config, models_dir)
    quantized = config.quantize == "4bit"
    if config.quantize not in ("4bit", "none"):
        raise LLMLoadError(f"[llm] quantize must be '4bit' or 'none', not {config.quantize!r}")
    if config.tag_bias < 0:
        raise LLMLoadError(f"[llm] tag_bias must be 0 (off) or more, not {config.tag_bias}")
    if config.keyword_bias < 0:
        raise LLMLoadError(f"[llm] keyword_bias must be 0 (off) or more, not {config.keyword_bias}")
    if unknown := set(config.keyword_bias_languages) - set(LANGUAGES):
        raise LLMLoadError(
            f"[llm] keyword_bias_languages: {sorted(unknown)} are not languages llmrec reads; "
            f"choose among {list(LANGUAGES)}"
        )
    if not 0 <= config.english_reading < 1:
        raise LLMLoadError(
            f"[llm] english_reading must be 0 (off) or more and below 1, not {config.english_reading}"
        )
    for key in ("grounded_keywords", "english_reading_languages"):
        if unknown := set(getattr(config, key)) - set(DICTIONARY_LANGUAGES):
            raise LLMLoadError(
                f"[llm] {key}: {sorted(unknown)} have no dictionary here; "
                f"choose among {sorted(DICTIONARY_LANGUAGES)}"
            )
    options: dict[str, Any] = {"dtype": torch.bfloat16 if quantized or device == "cuda" else torch.float32}
    if quantized:
        options["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16,
        )
    options["device_map"] = {"": device_index} if device == "cuda" else "cpu"
    # transformers >= 5.2x swaps in layers downloaded from the hub ("kernels") on CUDA by default: offline that
    # load fails (seen on an H200: "kernels-community/rotary is not available in the local cache"), and llmrec
    # runs no code fetched at load time. The stock PyTorch layers are used.
    options["use_kernels"] = False
    try:
        tokenizer = AutoTokenizer.from_pretrained(location)
        model = AutoModelForCausalLM.from_pretrained(location, **options)
    except OSError as exc:
        raise LLMLoadError(
            f"cannot load the language model {location!r} ({exc}). Without internet, point [llm] model at a "
            "local folder."
        ) from exc
    if adapter_dir:
        from peft import PeftModel

        if not (Path(adapter_dir) / "adapter_config.json").exists():
            raise LLMLoadError(
                f"no LoRA adapter at {adapter_dir} (adapter_config.json missing); train one with "
                "`llmrec finetune` or set [llm] adapter = 'none'"
            )
        model = PeftModel.from_pretrained(model, adapter_dir)
    model.eval()
    ensure_chat_template(tokenizer)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    glossary = _trained_glossary(adapter_dir)
    return LoadedLLM(
        model,
        tokenizer,
        device,
        quantized,
        source_name,
        adapter_dir,
        glossary,
        config.tag_bias,
        tuple(config.grounded_keywords),
        config.english_reading,
        tuple(config.english_reading_languages),
        config.keyword_bias,
        tuple(config.keyword_bias_languages),
    )


def resolve_adapter(config: LLMConfig) -> str | None:
    """The adapter folder to apply: ``"default"`` is the adapter shipped for the default base model (and no
    adapter for any other base, which it would not fit); ``"none"`` or empty means no adapter."""
    if not config.adapter or config.adapter == "none":
        return None
    if config.adapter == "default":
        shipped = SHIPPED_ADAPTERS.get(config.model)
        return str(shipped) if shipped and shipped.exists() else None
    return config.adapter


def convert_gguf(config: LLMConfig, models_dir: Path) -> str:
    """The safetensors folder for ``config.gguf_file``, converting it the first time."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = Path(config.gguf_file or "")
    key = hashlib.sha1(f"{config.model}|{gguf}".encode()).hexdigest()[:10]
    target = models_dir / f"{gguf.stem}-{key}"
    if (target / "config.json").exists():
        return str(target)
    folder = config.model or str(gguf.parent)
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(
            folder, gguf_file=gguf.name, dtype=torch.bfloat16, use_kernels=False
        )
    except OSError as exc:
        raise LLMLoadError(f"cannot read GGUF file {gguf} in {folder}: {exc}") from exc
    # transformers refuses to save a model still marked as GGUF-quantized; the weights are already dequantized.
    if getattr(model, "hf_quantizer", None) is not None:
        model.hf_quantizer.remove_quantization_config(model)
    partial = target.with_name(target.name + ".partial")
    model.save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    partial.rename(target)
    return str(target)


def disable_cpu_repacking(model: Any) -> int:
    """Keep bitsandbytes' 4-bit CPU weights in their trainable layout.

    On CPUs with AVX512-BF16 the first inference pass in eval mode repacks 4-bit weights into a CPU-only layout;
    LoRA training on that model object then crashes or silently learns nothing, and merging gives wrong weights
    (see ../shared/NOTES.md). Call this before the first forward of a model that will be trained or merged.
    Returns the number of layers changed.
    """
    changed = 0
    for module in model.modules():
        if hasattr(module, "support_avx512bf16_for_cpu"):
            module.support_avx512bf16_for_cpu = False
            changed += 1
    return changed


def _trained_glossary(adapter_dir: str | None) -> tuple[str, ...]:
    """The glossary languages an adapter was trained with (``training.json``'s "glossary"; none before v9)."""
    record = Path(adapter_dir) / "training.json" if adapter_dir else None
    if record is None or not record.exists():
        return ()
    return tuple(json.loads(record.read_text()).get("glossary", ()))
