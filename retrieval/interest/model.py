"""The sequence interest model: R(u, c) = u^T c with u from a causal transformer over the user's history.

Why this architecture: on MovieLens "what comes next" depends strongly on the last few items (users rate in
bursts), which a causal self-attention encoder captures; full-softmax cross-entropy over all items at every
position trains it far better than SASRec's original one-negative BCE; and adding projected content features
to each item's id embedding gives cold items a usable vector.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .config import InterestConfig


class ItemEncoder(nn.Module):
    """c_i = id_embedding[i] + W content[i]; row 0 is padding and stays zero."""

    def __init__(self, n_items: int, dim: int, content: torch.Tensor | None) -> None:
        super().__init__()
        self.n_items = n_items
        self.ids = nn.Embedding(n_items + 1, dim, padding_idx=0)
        nn.init.normal_(self.ids.weight, std=0.02)
        with torch.no_grad():
            self.ids.weight[0].zero_()
        self.proj: nn.Linear | None = None
        if content is not None:
            # Content features are fixed inputs (saved with the model); only the projection learns.
            self.register_buffer("content", content.float())
            self.proj = nn.Linear(content.shape[1], dim, bias=False)
            nn.init.normal_(self.proj.weight, std=0.02)

    def forward(self) -> torch.Tensor:
        vectors = self.ids.weight
        if self.proj is not None:
            projected = self.proj(self.content)
            vectors = vectors + torch.cat([torch.zeros_like(projected[:1]), projected[1:]])
        return vectors


class Block(nn.Module):
    """Pre-LayerNorm transformer block with causal self-attention."""

    def __init__(self, dim: int, heads: int, dropout: float, ffn_mult: int) -> None:
        super().__init__()
        self.heads, self.dropout = heads, dropout
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.ffn = nn.Sequential(
            nn.Linear(dim, ffn_mult * dim), nn.GELU(), nn.Dropout(dropout), nn.Linear(ffn_mult * dim, dim)
        )
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, length, d = x.shape
        qkv = self.qkv(self.ln1(x)).view(b, length, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        attn = F.scaled_dot_product_attention(
            qkv[0], qkv[1], qkv[2], attn_mask=mask, dropout_p=self.dropout if self.training else 0.0
        )
        x = x + self.drop(self.out(attn.transpose(1, 2).reshape(b, length, d)))
        return x + self.drop(self.ffn(self.ln2(x)))


class InterestModel(nn.Module):
    def __init__(self, n_items: int, config: InterestConfig, content: torch.Tensor | None = None) -> None:
        super().__init__()
        self.config = config
        self.items = ItemEncoder(n_items, config.dim, content if config.use_content else None)
        self.pos = nn.Embedding(config.max_len, config.dim)
        nn.init.normal_(self.pos.weight, std=0.02)
        self.emb_drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(
            Block(config.dim, config.heads, config.dropout, config.ffn_mult) for _ in range(config.layers)
        )
        self.ln = nn.LayerNorm(config.dim)

    def hidden(self, seq: torch.Tensor, items: torch.Tensor | None = None) -> torch.Tensor:
        """(B, L) left-padded item indices -> (B, L, dim) hidden states."""
        items = self.items() if items is None else items
        length = seq.shape[1]
        x = items[seq] * math.sqrt(self.config.dim)
        # Positions count back from the most recent item, so it has the same embedding whatever the padding.
        x = self.emb_drop(x + self.pos(torch.arange(length - 1, -1, -1, device=seq.device))[None])
        causal = torch.ones(length, length, dtype=torch.bool, device=seq.device).tril()
        # A query may attend to real items at or before it; the diagonal is always open so that padding rows
        # never take a softmax over nothing (NaN).
        eye = torch.eye(length, dtype=torch.bool, device=seq.device)
        mask = ((causal[None] & (seq != 0)[:, None, :]) | eye[None])[:, None]
        for block in self.blocks:
            x = block(x, mask)
        return self.ln(x)

    def user_vectors(self, seq: torch.Tensor) -> torch.Tensor:
        """u = the hidden state at the most recent position."""
        return self.hidden(seq)[:, -1]

    def loss(self, seq: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Full-softmax cross-entropy over all items at every non-padding position."""
        items = self.items()
        h = self.hidden(seq, items)
        keep = target != 0
        logits = h[keep] @ items.T
        logits[:, 0] = float("-inf")  # padding is never the next item
        return F.cross_entropy(logits, target[keep])


def left_pad(seqs: list[list[int]], length: int) -> torch.Tensor:
    """The last ``length`` items of each sequence, right-aligned, zeros before."""
    out = torch.zeros(len(seqs), length, dtype=torch.long)
    for row, seq in enumerate(seqs):
        tail = seq[-length:]
        if tail:
            out[row, length - len(tail) :] = torch.tensor(tail)
    return out
