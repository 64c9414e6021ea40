"""QLoRA fine-tuning: LoRA adapters (peft) on a 4-bit NF4 base, trained with transformers' Trainer.

The loss covers the answer tokens only (prompt positions get label -100). The same script runs on one CPU, one
GPU, or several GPUs under ``accelerate launch`` (Trainer reads the launcher's environment; each process puts
its 4-bit copy on its own device). Checkpoints go under ``<out>/checkpoints`` and a rerun resumes from them.
"""

from __future__ import annotations

import json
import logging
import os
import random
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import torch

from agent.config import FinetuneConfig, LLMConfig
from agent.llm import disable_cpu_repacking, load_llm, prompt_ids, resolve_device
from agent.llm.load import resolve_adapter
from agent.llm.packaged import HUB_IDS

IGNORE = -100
log = logging.getLogger(__name__)


def is_main_process() -> bool:
    """False in every process but the first under ``accelerate launch`` (which sets RANK); those train, and
    leave writing files and messages to the first."""
    return int(os.environ.get("RANK", "0")) == 0


def encode(record: dict, tokenizer: Any, max_length: int) -> dict[str, list[int]] | None:
    """Token ids of prompt + answer + end-of-sequence, with labels only on the answer and the end token;
    None when that is longer than ``max_length`` (cutting it would cut the answer, the only part learnt)."""
    prompt = prompt_ids(tokenizer, record["messages"])
    answer = [*tokenizer(record["answer"], add_special_tokens=False).input_ids, tokenizer.eos_token_id]
    if len(prompt) + len(answer) > max_length:
        return None
    return {"input_ids": prompt + answer, "labels": [IGNORE] * len(prompt) + answer}


def store_adapter_as(folder: Path, dtype: str) -> Path:
    """Rewrite ``folder``'s adapter weights in ``dtype`` ("float32" or "bfloat16"); returns the file."""
    from safetensors.torch import load_file, save_file

    path = folder / "adapter_model.safetensors"
    target = getattr(torch, dtype)
    tensors = {k: v.to(target) if v.is_floating_point() else v for k, v in load_file(path).items()}
    save_file(tensors, path, metadata={"format": "pt"})
    return path


def name_base(folder: Path, source: str) -> None:
    """Name a packaged base by its hub id in ``adapter_config.json`` (peft writes the converted folder's path on
    this machine), so that the adapter also loads onto the original model outside llmrec."""
    if source not in HUB_IDS:
        return
    path = folder / "adapter_config.json"
    config = json.loads(path.read_text())
    path.write_text(json.dumps(config | {"base_model_name_or_path": HUB_IDS[source]}, indent=2))


class Collator:
    """Right-pads a batch; padding is masked out of attention and loss. (Right, so that every row's positions
    start at 0 as they do at inference, where a prompt is not padded.)"""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, batch: Sequence[dict[str, list[int]]]) -> dict[str, torch.Tensor]:
        width = max(len(b["input_ids"]) for b in batch)
        ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, b in enumerate(batch):
            n = len(b["input_ids"])
            ids[row, :n] = torch.tensor(b["input_ids"])
            labels[row, :n] = torch.tensor(b["labels"])
            mask[row, :n] = 1
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}


def answer_loss(model: Any, batch: dict[str, torch.Tensor], bf16: bool = False) -> torch.Tensor:
    """Mean next-token cross-entropy over answer tokens, with logits computed at those positions only.

    The output layer of a small model with a large vocabulary (gemma: 262k x 640) costs more than all its
    blocks, so it runs on the hidden states that predict answer tokens and nowhere else (prompt and padding
    positions would be wasted work: about half of a CPU step). ``bf16`` runs the forward in bfloat16 autocast,
    which uses the CPU's bf16 matrix units where they exist (about 1.5x faster per step on this machine).

    A model wrapped for several processes (DDP under ``accelerate launch``) runs its own forward with the
    labels instead, full logits and all: DDP averages gradients across processes only for a pass through that
    forward, and going around it trained each process's copy on its own shard, silently.
    """
    if hasattr(model, "module"):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            return model(**batch).loss
    causal_lm = model.get_base_model() if hasattr(model, "get_base_model") else model
    targets = batch["labels"][:, 1:]  # position t predicts token t + 1
    keep = targets != IGNORE
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        hidden = causal_lm.get_decoder()(
            input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]
        ).last_hidden_state
        logits = causal_lm.get_output_embeddings()(hidden[:, :-1][keep]).float()
    cap = getattr(causal_lm.config, "final_logit_softcapping", None)
    if cap:
        logits = torch.tanh(logits / cap) * cap
    return torch.nn.functional.cross_entropy(logits, targets[keep])


def replicas_agree(trainer: Any) -> bool:
    """Do all processes hold the same trained weights? One process trivially does; under ``accelerate launch``
    each process compares a checksum of its LoRA weights with the others' (a collective call: every process
    makes it)."""
    if trainer.args.world_size == 1:
        return True
    total = sum(p.detach().double().sum() for p in trainer.model.parameters() if p.requires_grad)
    sums = trainer.accelerator.gather(total.reshape(1).to(trainer.args.device))
    return bool(torch.allclose(sums, sums[0].expand_as(sums), rtol=1e-6))


def cpu_bf16() -> bool:
    """Does this CPU have bfloat16 matrix tiles (AMX)? With them bf16 autocast made a step about 1.5x faster;
    with AVX512-BF16 alone it made one about 1.35x slower than fp32 (both measured on 2-core machines here)."""
    if not (torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()):
        return False
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "amx_bf16" in flags


def load_trainable(llm_config: LLMConfig, config: FinetuneConfig, models_dir: Path, start: str | None = None):
    """The base model in 4-bit (or full precision) with LoRA adapters, fresh or loaded from the adapter folder
    ``start``, ready for training."""
    from peft import LoraConfig, PeftModel, get_peft_model, prepare_model_for_kbit_training

    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if config.quantize == "auto":
        cuda = resolve_device(llm_config.device) == "cuda"
        llm_config = replace(llm_config, quantize="4bit" if cuda else "none")
    elif config.quantize in ("4bit", "none"):
        llm_config = replace(llm_config, quantize=config.quantize)
    llm = load_llm(llm_config, models_dir, device_index=local_rank, adapter=False)
    model = llm.model
    # Before any forward pass: keep 4-bit CPU weights in the trainable layout (see load.disable_cpu_repacking).
    disable_cpu_repacking(model)
    if llm.quantized and llm.device == "cuda":
        # Casts norms to fp32 and enables input gradients for checkpointing. On CPU it would also upcast the
        # (huge, tied) embedding to fp32 and slow every step, so the bf16 base is trained as it is.
        # Non-reentrant checkpointing: the kind PyTorch recommends, also under DDP (several GPUs).
        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=True, gradient_checkpointing_kwargs={"use_reentrant": False}
        )
    if start:
        model = PeftModel.from_pretrained(model, start, is_trainable=True)
    else:
        lora = LoraConfig(
            r=config.lora_r,
            lora_alpha=config.lora_alpha,
            lora_dropout=config.lora_dropout,
            target_modules=list(config.target_modules),
            task_type="CAUSAL_LM",
        )
        model = get_peft_model(model, lora)
    model.train()
    return llm, model


def finetune(
    records: Sequence[dict],
    llm_config: LLMConfig,
    config: FinetuneConfig,
    out_dir: Path,
    models_dir: Path,
    glossary: Sequence[str] = (),
    progress: bool = True,
    catalog: str | None = None,
) -> dict[str, Any]:
    """Train adapters on ``records`` (chat-format, see ``finetune.tasks``) and save them to ``out_dir``.
    ``catalog`` names the catalog the records came from, for the model card.

    Returns a summary: steps, final loss, seconds, trainable parameters, adapter size in bytes.
    """
    from transformers import Trainer, TrainerCallback, TrainingArguments

    if config.save_dtype not in ("float32", "bfloat16"):  # found out before training, not after
        raise ValueError(f"save_dtype must be float32 or bfloat16, not {config.save_dtype!r}")
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    start = resolve_adapter(replace(llm_config, adapter=config.init_adapter))
    llm, model = load_trainable(llm_config, config, models_dir, start)
    tokenizer = llm.tokenizer
    encoded = [encode(r, tokenizer, config.max_length) for r in records]
    data = [e for e in encoded if e is not None]
    if len(data) < len(encoded):
        log.warning(
            "%d of %d records are longer than max_length %d; left out",
            len(encoded) - len(data),
            len(encoded),
            config.max_length,
        )
    if not data:
        raise ValueError(f"every record is longer than max_length {config.max_length}; raise it")
    random.Random(config.seed).shuffle(data)

    losses: list[tuple[int, float]] = []

    class RecordLoss(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs:
                losses.append((state.global_step, float(logs["loss"])))

    checkpoints = out_dir / "checkpoints"
    cuda = llm.device == "cuda"
    args = TrainingArguments(
        output_dir=str(checkpoints),
        per_device_train_batch_size=config.batch_size,
        max_steps=config.steps,
        learning_rate=config.learning_rate,
        lr_scheduler_type="cosine",
        warmup_steps=config.warmup_steps,
        logging_steps=max(1, min(5, config.steps // 10)),
        save_steps=config.save_steps,
        save_total_limit=2,
        seed=config.seed,
        report_to="none",
        use_cpu=not cuda,
        bf16=cuda,
        disable_tqdm=not progress,
        dataloader_num_workers=0,
        remove_unused_columns=False,
        # Every LoRA weight gets a gradient every step, so DDP need not search the graph for unused ones.
        ddp_find_unused_parameters=False,
        # Batches of similar length: explanation records are 3-4x longer than requests, and padding every
        # batch to its longest record made a CPU step about 1.7x slower.
        train_sampling_strategy="group_by_length",
    )

    cpu_autocast = not cuda and cpu_bf16()  # on CUDA, Trainer's bf16=True autocasts

    class AnswerTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            loss = answer_loss(model, inputs, bf16=cpu_autocast)
            return (loss, None) if return_outputs else loss

    trainer = AnswerTrainer(
        model=model,
        args=args,
        train_dataset=data,
        data_collator=Collator(tokenizer.pad_token_id),
        callbacks=[RecordLoss()],
    )
    resume = checkpoints.exists() and any(checkpoints.glob("checkpoint-*"))
    result = trainer.train(resume_from_checkpoint=True if resume else None)
    if not replicas_agree(trainer):
        raise RuntimeError("the processes ended with different adapter weights: gradients were not averaged")
    if not trainer.is_world_process_zero():
        return {}
    model.save_pretrained(out_dir)
    store_adapter_as(out_dir, config.save_dtype)
    name_base(out_dir, llm.source)
    (out_dir / "losses.json").write_text(json.dumps(losses))
    from retrieval.plots import step_curve

    step_curve(
        [s for s, _ in losses], [v for _, v in losses], out_dir / "loss_curve.png", "LoRA fine-tuning loss"
    )
    size = sum(p.stat().st_size for p in out_dir.glob("adapter_model.*"))
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    lora = model.peft_config["default"]  # a continued adapter keeps its own rank, whatever the config says
    summary = {
        "base_model": llm.source,
        "quantized": llm.quantized,
        "bf16_autocast": cpu_autocast,
        "device": llm.device,
        "processes": trainer.args.world_size,
        "steps": result.global_step,
        "final_loss": losses[-1][1] if losses else None,
        "train_seconds": round(result.metrics.get("train_runtime", 0.0), 1),
        "examples": len(data),
        "catalog": catalog,
        "trainable_parameters": trainable,
        "adapter_bytes": size,
        "config": asdict(config) | {"lora_r": lora.r, "lora_alpha": lora.lora_alpha},
        "glossary": list(
            glossary
        ),  # languages whose prompts carried dictionary hints; the agent does the same
    }
    if start:  # continued training: keep the starting adapter's own record, so the lineage stays readable
        origin = Path(start) / "training.json"
        summary["init_adapter"] = json.loads(origin.read_text()) if origin.exists() else {"path": start}
    (out_dir / "training.json").write_text(json.dumps(summary, indent=2))
    return summary
