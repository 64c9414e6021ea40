"""Shared fixtures: offline settings, the real data sets beside the checkout, a tiny embedder and a tiny
causal LM built here, and a real `chroma run` server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Tests never touch the network or the user's own data home.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("LLMREC_TEST_DATA", ROOT.parent / "shared" / "data"))
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "llmrec-home"
    monkeypatch.setenv("LLMREC_HOME", str(home))
    return home


def data_dir(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"data set {path} is not present (set LLMREC_TEST_DATA to the folder holding it)")
    return path


@pytest.fixture(scope="session")
def ml_small() -> Path:
    return data_dir("ml-latest-small")


@pytest.fixture(scope="session")
def ml_100k() -> Path:
    return data_dir("ml-100k")


@pytest.fixture(scope="session")
def amazon() -> Path:
    return data_dir("amazon-reviews-2018")


@pytest.fixture()
def short_run(ml_small):
    """(items, config, records) for a 30-step LoRA run on the tiny LM: one batch of the (up to) four shortest
    ASCII request records (which its character-level tokenizer can spell), seen 30 times, so the loss must fall.
    They are drawn from 60 generated requests, so that short answers are among them whatever the generator's
    draws (from 24, a change in its draws left only 60-character answers, whose loss fell 6% in 30 steps)."""
    from agent.config import FinetuneConfig
    from finetune.records import training_records
    from retrieval import load_catalog

    items = load_catalog(f"movielens:{ml_small}").items
    config = FinetuneConfig(
        understanding_examples=60,
        explanation_examples=2,
        steps=30,
        batch_size=4,
        learning_rate=1e-2,
        warmup_steps=2,
        save_steps=1000,
        target_modules=("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"),
    )
    requests = [r for r in training_records(items, config) if r["task"] == "understanding"]
    ascii_only = [r for r in requests if r["answer"].isascii() and r["messages"][-1]["content"].isascii()]
    return items, config, sorted(ascii_only, key=lambda r: len(r["answer"]))[:4]


WORDS = [
    "toy",
    "story",
    "space",
    "alien",
    "war",
    "love",
    "comedy",
    "animated",
    "animation",
    "horror",
    "ghost",
    "monster",
    "robot",
    "dog",
    "cat",
    "city",
    "night",
    "detective",
    "crime",
    "heist",
    "music",
    "dance",
    "school",
    "family",
    "adventure",
    "western",
    "cowboy",
    "ship",
    "ocean",
    "king",
    "queen",
    "magic",
    "dragon",
    "future",
    "past",
    "journey",
    "friend",
    "secret",
    "island",
    "summer",
    "winter",
    "dark",
    "light",
    "fire",
    "water",
]


def build_tiny_embedder(path: Path, dim: int = 32, seed: int = 0) -> Path:
    """A real sentence-transformers model (StaticEmbedding over a word-level tokenizer), random but fixed.
    Texts sharing words get similar vectors, which is all these tests need."""
    import numpy as np
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import StaticEmbedding
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel

    vocab = {"[UNK]": 0, "[PAD]": 1, **{w: i + 2 for i, w in enumerate(WORDS)}}
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    weights = np.random.default_rng(seed).normal(size=(len(vocab), dim)).astype("float32")
    weights[0] *= 0.05  # unknown words should barely move a text's vector
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu")
    model.save(str(path))
    return path


@pytest.fixture(scope="session")
def tiny_embedder_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_embedder(tmp_path_factory.mktemp("tiny-embedder"))


@pytest.fixture(scope="session")
def tiny_embedder(tiny_embedder_dir: Path):
    from retrieval import Embedder

    return Embedder(str(tiny_embedder_dir))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Chroma server (`chroma run`) on a free localhost port; yields (host, port)."""
    exe = shutil.which("chroma", path=str(BIN)) or shutil.which("chroma")
    if exe is None:
        pytest.fail("the `chroma` command is missing: chromadb is not installed in this environment")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("w")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"chroma server did not start; see {path / 'server.log'}")
            time.sleep(0.2)
    yield "127.0.0.1", port
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def tiny_lm(tmp_path_factory) -> Path:
    """A random 2-layer Llama (hidden 64) and a character-level tokenizer, saved as a normal HF folder."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-lm")
    chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST0123456789 <>|_\n\".:-()'[]{},"
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2, "<pad>": 3, **{c: 4 + i for i, c in enumerate(chars)}}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Split("", "isolated")
    tok.decoder = decoders.Fuse()  # characters join without spaces, as a real tokenizer's pieces do
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>"
    )
    fast.save_pretrained(folder)
    config = LlamaConfig(
        vocab_size=96,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        eos_token_id=2,
        bos_token_id=1,
        pad_token_id=3,
    )
    import torch

    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


AGENT_CATS = ["Comedy", "Horror", "Drama"]
AGENT_WORDS = ["toy", "space", "ghost", "love", "dog", "city", "night", "dragon"]


@pytest.fixture()
def agent(tmp_path, tiny_embedder, tiny_embedder_dir):
    """A RecommenderAgent without a language model over 40 synthetic items in a fresh embedded Chroma."""
    from agent.agent import RecommenderAgent
    from agent.config import load_config
    from agent.tools import Tools
    from retrieval import CatalogStore, Item, ingest, open_client

    config = load_config(
        overrides={"home": str(tmp_path / "home"), "embedding.model": str(tiny_embedder_dir)}
    )
    store = CatalogStore.create_or_open(
        open_client(config.chroma_path), config.store.collection, tiny_embedder.name, tiny_embedder.dim
    )
    words = AGENT_WORDS
    items = [
        Item(
            f"m{i}",
            f"{words[i % 8].title()} {words[(i * 3 + 1) % 8].title()} {i}",
            f"a film about {words[i % 8]}",
            (AGENT_CATS[i % 3],),
            1950 + i,
        )
        for i in range(40)
    ]
    ingest(items, store, tiny_embedder, progress=False)
    return RecommenderAgent(config, Tools.from_config(config), llm=None)
