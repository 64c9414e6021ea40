"""The language-model runtime: loading (4-bit NF4 or full precision, GGUF, LoRA adapters), chat templates,
and generation (whole or streamed)."""

from ..config import LLMConfig
from .chat import FALLBACK_CHAT_TEMPLATE, ensure_chat_template, render
from .generate import generate_text, stream_text
from .load import LLMLoadError, LoadedLLM, disable_cpu_repacking, load_llm

__all__ = [
    "FALLBACK_CHAT_TEMPLATE",
    "LLMConfig",
    "LLMLoadError",
    "LoadedLLM",
    "disable_cpu_repacking",
    "ensure_chat_template",
    "generate_text",
    "load_llm",
    "render",
    "stream_text",
]
