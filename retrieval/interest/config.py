"""Settings of the learned interest model (a section of llmrec's Config)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InterestConfig:
    # Sequence encoder (SASRec-style causal transformer); the user vector is its last hidden state.
    dim: int = 64
    layers: int = 2
    heads: int = 2
    ffn_mult: int = 1
    dropout: float = 0.3
    max_len: int = 50  # most recent items the encoder reads
    # Item vectors: a learned id embedding plus a projection of content features (text embedding, categories,
    # era), so an item nobody has interacted with still gets a vector.
    use_content: bool = True
    # Training: full-softmax cross-entropy at every position, learning rate on a cosine schedule over
    # ``epochs``; the weights of the best validation NDCG@10 are kept (validation is noisy with few users,
    # so stopping early on it tends to stop too soon: patience 0 runs the whole schedule).
    lr: float = 3e-3
    weight_decay: float = 0.0
    batch_size: int = 64
    epochs: int = 80
    schedule: str = "cosine"  # or "constant"
    eval_every: int = 5
    patience: int = 0  # evaluations without improvement before stopping; 0 = never stop early
    # After choosing the epoch on validation, train again on the data including the validation items for
    # that many epochs, so that the served (or tested) model has seen each user's latest behaviour.
    refit: bool = True
    seed: int = 0
    threads: int = 0  # torch CPU threads; 0 keeps torch's default
