"""The language-model runtime: loading (4-bit NF4 or full precision, GGUF, LoRA adapters), chat templates,
generation (whole or streamed), and LlamaRec-style candidate ranking from letter logits."""

from ..config import LLMConfig
from .chat import FALLBACK_CHAT_TEMPLATE, ensure_chat_template, render
from .generate import generate_text, stream_text
from .load import LLMLoadError, LoadedLLM, disable_cpu_repacking, load_llm
from .rank import letter_scores, ranking_messages

__all__ = [
    "FALLBACK_CHAT_TEMPLATE",
    "LLMConfig",
    "LLMLoadError",
    "LoadedLLM",
    "disable_cpu_repacking",
    "ensure_chat_template",
    "generate_text",
    "letter_scores",
    "load_llm",
    "ranking_messages",
    "render",
    "stream_text",
]
