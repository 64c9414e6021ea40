"""Constrained decoding of category lists, on the tiny character-level tokenizer."""

from __future__ import annotations

import torch

from agent.config import LLMConfig
from agent.llm import generate_batch, load_llm
from agent.llm.constrain import CategoryConstraint

TERMS = ["Comedy", "Crime", "Drama"]


def _allowed(constraint, tokenizer, tail):
    return sorted(constraint.pieces[t] for t in constraint._allowed(tail))


def test_only_vocabulary_continuations(tiny_lm, tmp_path):
    tok = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).tokenizer
    c = CategoryConstraint(tok, TERMS, prompt_length=0)
    assert _allowed(c, tok, "") == [" ", '"', "]"]
    assert _allowed(c, tok, '"') == ["C", "D"]
    assert _allowed(c, tok, '"C') == ["o", "r"]
    assert _allowed(c, tok, '"Comedy') == ['"']
    assert _allowed(c, tok, '"Comedy"') == [" ", ",", "]"]


def test_processor_masks_only_inside_category_arrays(tiny_lm, tmp_path):
    llm = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path)
    tok = llm.tokenizer
    c = CategoryConstraint(tok, TERMS, prompt_length=0)
    inside = torch.tensor([tok('"include":["C', add_special_tokens=False).input_ids])
    scores = c(inside, torch.zeros(1, len(tok)))
    assert sorted(tok.decode([i]) for i in torch.nonzero(scores[0] == 0).ravel().tolist()) == ["o", "r"]
    outside = torch.tensor([tok('"titles":["C', add_special_tokens=False).input_ids])
    assert torch.all(c(outside, torch.zeros(1, len(tok))) == 0)


def test_generation_runs_with_the_constraint(tiny_lm, tmp_path):
    llm = load_llm(LLMConfig(model=str(tiny_lm), device="cpu"), tmp_path)
    chats = [[{"role": "user", "content": "a comedy"}], [{"role": "user", "content": "no crime"}]]
    out = generate_batch(llm, chats, max_new_tokens=6, categories=TERMS)
    assert len(out) == 2 and all(isinstance(o, str) for o in out)


def test_years_are_four_digits_and_arrays_open(tiny_lm, tmp_path):
    tok = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).tokenizer
    c = CategoryConstraint(tok, TERMS, prompt_length=0)

    def pieces(text):
        return sorted(c.pieces[t] for t in c.allowed_after(text))

    assert pieces('{"year_min":') == list("123456789")
    assert pieces('{"year_min":19') == list("0123456789")
    assert pieces('{"year_min":1965') == [",", "}"]  # no "-1988" range inside one value
    assert pieces('{"include":') == ["["]
    assert c.allowed_after('{"titles":["Bra') is None
