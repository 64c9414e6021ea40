"""GPU check: 4-bit NF4 vs bf16 at a real model shape (random weights), and one QLoRA training step.

    python benchmarks/gpu_check.py --shape qwen2.5-0.5b --json out/gpu_check.json

Without a CUDA GPU it says so and exits 0: llmrec never needs one. Random weights are fine for speed and
memory; nothing here measures quality.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import torch

# Published layer shapes (config.json of each model); vocabulary trimmed only where noted.
SHAPES = {
    "qwen2.5-0.5b": dict(
        hidden_size=896,
        intermediate_size=4864,
        num_hidden_layers=24,
        num_attention_heads=14,
        num_key_value_heads=2,
        vocab_size=151936,
    ),
    "qwen2.5-1.5b": dict(
        hidden_size=1536,
        intermediate_size=8960,
        num_hidden_layers=28,
        num_attention_heads=12,
        num_key_value_heads=2,
        vocab_size=151936,
    ),
    "qwen2.5-7b": dict(
        hidden_size=3584,
        intermediate_size=18944,
        num_hidden_layers=28,
        num_attention_heads=28,
        num_key_value_heads=4,
        vocab_size=152064,
    ),
}


def build_random_model(shape: str, folder: Path) -> None:
    from transformers import AutoModelForCausalLM, Qwen2Config

    config = Qwen2Config(
        **SHAPES[shape], max_position_embeddings=4096, tie_word_embeddings=shape != "qwen2.5-7b"
    )
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    model.save_pretrained(folder)
    del model
    torch.cuda.empty_cache()


def load(folder: Path, four_bit: bool):
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    quant = (
        BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16,
        )
        if four_bit
        else None
    )
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    model = AutoModelForCausalLM.from_pretrained(
        folder, dtype=torch.bfloat16, quantization_config=quant, device_map={"": 0}, use_kernels=False
    )
    return model, torch.cuda.memory_allocated() / 2**20


@torch.no_grad()
def tokens_per_second(model, prompt_len: int, new_tokens: int, batch: int, repeats: int = 3) -> float:
    """Median of ``repeats`` timed generations, after one untimed generation of the same length (the first
    call of each kernel shape pays for its setup)."""
    ids = torch.randint(100, 5000, (batch, prompt_len), device="cuda")
    settings = dict(max_new_tokens=new_tokens, min_new_tokens=new_tokens, do_sample=False)
    model.generate(ids, **settings)
    rates = []
    for _ in range(repeats):
        torch.cuda.synchronize()
        start = time.perf_counter()
        model.generate(ids, **settings)
        torch.cuda.synchronize()
        rates.append(batch * new_tokens / (time.perf_counter() - start))
    return sorted(rates)[len(rates) // 2]


def qlora_step(folder: Path, seq_len: int, batch: int) -> dict[str, float]:
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    model, _ = load(folder, four_bit=True)
    model = prepare_model_for_kbit_training(model)
    model = get_peft_model(
        model,
        LoraConfig(
            r=16,
            lora_alpha=32,
            lora_dropout=0.05,
            task_type="CAUSAL_LM",
            target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
        ),
    )
    params = [p for p in model.parameters() if p.requires_grad]
    before = [p.detach().clone() for p in params]
    optim = torch.optim.AdamW(params, lr=1e-3)
    ids = torch.randint(100, 5000, (batch, seq_len), device="cuda")
    torch.cuda.reset_peak_memory_stats()
    times, losses = [], []
    for _ in range(3):  # the first step includes kernel warm-up; report the last
        torch.cuda.synchronize()
        start = time.perf_counter()
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        optim.step()
        optim.zero_grad()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
        losses.append(loss.item())
    changed = sum(int(not torch.equal(a, b.detach())) for a, b in zip(before, params, strict=True))
    return {
        "qlora_step_s": times[-1],
        "qlora_peak_mb": torch.cuda.max_memory_allocated() / 2**20,
        "qlora_loss_first": losses[0],
        "qlora_loss_last": losses[-1],
        "trainable_params": sum(p.numel() for p in params),
        "adapter_tensors_changed": changed,
        "adapter_tensors": len(params),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shape", choices=sorted(SHAPES), default="qwen2.5-0.5b")
    parser.add_argument("--new-tokens", type=int, default=128)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--train-seq-len", type=int, default=512)
    parser.add_argument("--train-batch", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    if not torch.cuda.is_available():
        print("gpu_check: skipped, no CUDA GPU on this machine (llmrec runs on CPU; nothing is wrong)")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"skipped": "no CUDA GPU"}))
        return 0

    import bitsandbytes
    import transformers

    out: dict[str, object] = {
        "gpu": torch.cuda.get_device_name(0),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "bitsandbytes": bitsandbytes.__version__,
        "shape": args.shape,
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / args.shape
        build_random_model(args.shape, folder)
        for name, four_bit in (("bf16", False), ("nf4", True)):
            model, weights_mb = load(folder, four_bit)
            layers = type(model.model.layers[0].self_attn.q_proj).__name__
            out[f"{name}_weights_mb"] = weights_mb
            out[f"{name}_projection_type"] = layers
            out[f"{name}_tokens_per_s"] = tokens_per_second(model, 64, args.new_tokens, args.batch)
            out[f"{name}_generate_peak_mb"] = torch.cuda.max_memory_allocated() / 2**20
            del model
        out.update(qlora_step(folder, args.train_seq_len, args.train_batch))

    print(
        f"\n{out['gpu']}, {args.shape} shape, random weights, batch {args.batch}, {args.new_tokens} new tokens\n"
    )
    print("| | bf16 | 4-bit NF4 (double quant, bf16 compute) |\n|---|---:|---:|")
    for key, label in (
        ("weights_mb", "weights in GPU memory, MiB"),
        ("generate_peak_mb", "peak while generating, MiB"),
        ("tokens_per_s", "greedy generation, tokens/s"),
    ):
        print(f"| {label} | {out[f'bf16_{key}']:,.0f} | {out[f'nf4_{key}']:,.0f} |")
    print(
        f"\nQLoRA step (r=16, q/k/v/o, batch {args.train_batch} x {args.train_seq_len} tokens): "
        f"{out['qlora_step_s']:.3f} s, peak {out['qlora_peak_mb']:,.0f} MiB, loss {out['qlora_loss_first']:.3f} -> "
        f"{out['qlora_loss_last']:.3f}, {out['adapter_tensors_changed']}/{out['adapter_tensors']} adapter tensors "
        f"changed; projections load as {out['nf4_projection_type']}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
