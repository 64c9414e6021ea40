"""Training the interest model: random windows over each history, length-bucketed batches, full-softmax CE,
and early stopping on validation NDCG@10 (never on test)."""

from __future__ import annotations

import copy
import random
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from tqdm import tqdm

from ..metrics import mask_history, ranking_metrics, target_ranks
from .config import InterestConfig
from .model import InterestModel, left_pad


@dataclass
class TrainResult:
    model: InterestModel
    best_epoch: int
    seconds: float
    history: list[dict[str, float]] = field(default_factory=list)  # per evaluation: epoch, loss, val metrics
    losses: list[float] = field(default_factory=list)  # mean training loss per epoch


def training_windows(seqs: list[list[int]], max_len: int, rng: random.Random) -> list[list[int]]:
    """One window of up to max_len + 1 items per user, ending at a random point each epoch, so that long
    histories are used in full over the epochs (input = window[:-1], targets = window[1:])."""
    windows = []
    for seq in seqs:
        if len(seq) < 2:
            continue
        if len(seq) <= max_len + 1:
            windows.append(seq)
        else:
            end = rng.randint(max_len + 1, len(seq))
            windows.append(seq[end - max_len - 1 : end])
    return windows


def length_batches(windows: list[list[int]], size: int, rng: random.Random) -> list[list[list[int]]]:
    """Batches of similar length (less padding), in random order; jitter keeps batches changing."""
    order = sorted(range(len(windows)), key=lambda j: len(windows[j]) + rng.random() * 20)
    batches = [[windows[j] for j in order[i : i + size]] for i in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


@torch.no_grad()
def score_users(model: InterestModel, inputs: list[list[int]], batch: int = 256) -> np.ndarray:
    """R(u, c) for every user in ``inputs`` and every item: (len(inputs), n_items + 1)."""
    model.eval()
    items = model.items()
    out = [
        (model.user_vectors(left_pad(inputs[i : i + batch], model.config.max_len)) @ items.T).numpy()
        for i in range(0, len(inputs), batch)
    ]
    return np.concatenate(out) if out else np.zeros((0, items.shape[0]), dtype=np.float32)


def validate(model: InterestModel, inputs: list[list[int]], targets: list[int]) -> dict[str, float]:
    scores = score_users(model, inputs)
    mask_history(scores, inputs, keep=targets)
    return ranking_metrics(target_ranks(scores, targets))


def train_interest(
    train: list[list[int]],
    n_items: int,
    config: InterestConfig,
    content: np.ndarray | None = None,
    valid: tuple[list[list[int]], list[int]] | None = None,
    stop_after: int | None = None,
    progress: bool = True,
) -> TrainResult:
    """Fit from scratch (seeded). With ``valid``, keep the weights of the best validation NDCG@10 (stopping
    after ``patience`` evaluations without improvement when patience > 0). ``stop_after`` ends training
    after that many epochs of the same schedule: how a refit reproduces the chosen epoch."""
    if config.threads:
        torch.set_num_threads(config.threads)
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    model = InterestModel(n_items, config, torch.from_numpy(content) if content is not None else None)
    optim = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    total = config.epochs
    run_epochs = min(stop_after or total, total)
    scheduler = (
        torch.optim.lr_scheduler.CosineAnnealingLR(optim, T_max=total)
        if config.schedule == "cosine"
        else None
    )
    result = TrainResult(model=model, best_epoch=run_epochs, seconds=0.0)
    best, best_state, stale = -1.0, None, 0
    start = time.perf_counter()
    bar = tqdm(range(1, run_epochs + 1), desc="train interest", unit="epoch", disable=not progress)
    for epoch in bar:
        model.train()
        windows = training_windows(train, config.max_len, rng)
        loss_sum = 0.0
        for batch in length_batches(windows, config.batch_size, rng):
            length = max(len(w) for w in batch) - 1
            loss = model.loss(
                left_pad([w[:-1] for w in batch], length), left_pad([w[1:] for w in batch], length)
            )
            optim.zero_grad()
            loss.backward()
            optim.step()
            loss_sum += loss.item() * len(batch)
        if scheduler is not None:
            scheduler.step()
        result.losses.append(loss_sum / max(1, len(windows)))
        postfix = {"loss": f"{result.losses[-1]:.3f}"}
        if valid is not None and (epoch % config.eval_every == 0 or epoch == run_epochs):
            metrics = validate(model, *valid)
            result.history.append({"epoch": epoch, "loss": result.losses[-1], **metrics})
            postfix["val_ndcg@10"] = f"{metrics['ndcg@10']:.4f}"
            if metrics["ndcg@10"] > best:
                best, best_state, stale, result.best_epoch = (
                    metrics["ndcg@10"],
                    copy.deepcopy(model.state_dict()),
                    0,
                    epoch,
                )
            else:
                stale += 1
                if config.patience and stale >= config.patience:
                    bar.set_postfix(postfix)
                    break
        bar.set_postfix(postfix)
    bar.close()
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    result.seconds = time.perf_counter() - start
    return result
