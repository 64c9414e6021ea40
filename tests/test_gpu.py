"""The LLM runtime and fine-tuning on a CUDA GPU, with the tiny model built in conftest. Skipped without one.

These cover what the CPU tests cannot: bitsandbytes' CUDA kernels (NF4 with double quantization, bf16
compute), prepare_model_for_kbit_training, Trainer's bf16 autocast, and every tensor the decoding and scoring
code makes landing on the model's device.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from agent.config import LLMConfig
from agent.llm import generate_text, load_llm, stream_text

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU"),
]

MESSAGES = [{"role": "user", "content": "hello there"}]


def test_cuda_4bit_load_is_nf4_with_double_quantization_and_bf16_compute(tiny_lm, tmp_path):
    import bitsandbytes as bnb

    llm = load_llm(LLMConfig(model=str(tiny_lm), device="cuda"), tmp_path)
    q_proj = llm.model.model.layers[0].self_attn.q_proj
    assert isinstance(q_proj, bnb.nn.Linear4bit) and q_proj.weight.device.type == "cuda"
    state = q_proj.weight.quant_state
    assert state.quant_type == "nf4" and state.nested  # nested = double quantization of the scales
    assert q_proj.compute_dtype == torch.bfloat16
    assert llm.describe().endswith("(4-bit NF4, CUDA)")
    whole = generate_text(llm, MESSAGES, max_new_tokens=12)
    assert "".join(stream_text(llm, MESSAGES, max_new_tokens=12)) == whole


def test_cuda_letter_scores_agree_with_cpu(tiny_lm, tmp_path):
    from agent.llm.rank import letter_scores

    history, candidates = ["jaws", "rocky"], ["heat", "alien", "up", "toy story"]
    scores = {
        device: letter_scores(
            load_llm(LLMConfig(model=str(tiny_lm), device=device, quantize="none"), tmp_path),
            history,
            candidates,
        )
        for device in ("cpu", "cuda")
    }
    assert scores["cuda"].shape == (4,) and abs(np.exp(scores["cuda"]).sum() - 1) < 1e-3
    assert np.allclose(scores["cpu"], scores["cuda"], atol=2e-2)  # bf16 on the GPU, fp32 on the CPU


def test_cuda_qlora_finetune_learns_and_its_adapter_reloads_and_evaluates(tiny_lm, tmp_path, short_run):
    from finetune.evaluate import evaluate_understanding
    from finetune.records import heldout_understanding, vocabulary_of
    from finetune.train import finetune

    items, config, records = short_run
    llm_config = LLMConfig(model=str(tiny_lm), device="cuda")
    out = tmp_path / "adapter"
    summary = finetune(records, llm_config, config, out, tmp_path / "models", progress=False)
    assert summary["device"] == "cuda" and summary["quantized"]  # quantize "auto" is 4-bit on CUDA
    losses = json.loads((out / "losses.json").read_text())
    assert losses[-1][1] < losses[0][1] * 0.9

    tuned = [
        load_llm(LLMConfig(model=str(tiny_lm), device="cuda", adapter=str(out)), tmp_path / "models")
        for _ in range(2)
    ]
    assert "+ LoRA adapter" in tuned[0].describe()
    ids = torch.tensor([[1, 5, 6, 7, 8]], device="cuda")
    with torch.no_grad():
        assert torch.equal(tuned[0].model(input_ids=ids).logits, tuned[1].model(input_ids=ids).logits)
    report = evaluate_understanding(
        tuned[0], heldout_understanding(items, n=12), vocabulary_of(items), progress=False
    )
    assert sum(r["n"] for r in report["per_language"].values()) == 12


def test_finetune_command_runs_under_accelerate_launch(tiny_lm, tmp_path, ml_small):
    out = tmp_path / "launched"
    launch = [sys.executable, "-m", "accelerate.commands.launch", "--num_processes", "1", "-m", "ui"]
    options = "--device cuda --no-glossary --steps 4 --batch-size 2 --understanding-examples 6 --explanation-examples 2"
    command = [
        *launch,
        *("finetune", "--model", str(tiny_lm), "--catalog", f"movielens:{ml_small}", "--out", str(out)),
        *options.split(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads((out / "training.json").read_text())
    assert summary["steps"] == 4 and summary["device"] == "cuda" and (out / "README.md").exists()
