"""The language-model runtime: loading (4-bit NF4 or full precision, GGUF, packaged offline models, LoRA
adapters), chat templates, generation (whole, batched or streamed), and LlamaRec-style candidate ranking from
letter logits."""

from ..config import LLMConfig
from .chat import FALLBACK_CHAT_TEMPLATE, GEMMA_CHAT_TEMPLATE, ensure_chat_template, prompt_ids, render
from .generate import generate_batch, generate_text, stream_text
from .load import LLMLoadError, LoadedLLM, disable_cpu_repacking, load_llm, resolve_device
from .packaged import PACKAGED
from .rank import letter_scores, ranking_messages

__all__ = [
    "FALLBACK_CHAT_TEMPLATE",
    "GEMMA_CHAT_TEMPLATE",
    "PACKAGED",
    "LLMConfig",
    "LLMLoadError",
    "LoadedLLM",
    "disable_cpu_repacking",
    "ensure_chat_template",
    "generate_batch",
    "generate_text",
    "letter_scores",
    "load_llm",
    "prompt_ids",
    "ranking_messages",
    "render",
    "resolve_device",
    "stream_text",
]
