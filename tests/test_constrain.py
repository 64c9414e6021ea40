"""Constrained decoding of category lists, on the tiny character-level tokenizer."""

from __future__ import annotations

import torch

from agent.config import LLMConfig
from agent.llm import generate_batch, load_llm
from agent.llm.constrain import CategoryConstraint
from agent.llm.favor import FavorStarts, PreferKeywords, key_tokens

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


def test_favored_strings_get_the_bias_where_a_string_starts_until_written(tiny_lm, tmp_path):
    tok = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).tokenizer
    favor = FavorStarts(tok, "include|exclude", [["Drama"]], bias=5.0, prompt_length=0)

    def boosted(text):
        ids = torch.tensor([tok(text, add_special_tokens=False).input_ids])
        scores = favor(ids, torch.zeros(1, len(tok)))
        return sorted(tok.decode([i]) for i in torch.nonzero(scores[0] == 5.0).ravel().tolist())

    assert boosted('{"include":["') == ["D"]  # the other names stay allowed, at no bonus
    assert boosted('{"include":["Comedy","') == ["D"]
    assert boosted('{"exclude":["D') == []  # mid-string: the name is already chosen
    assert boosted('{"include":["Drama"],"exclude":["') == []  # written once is enough
    assert boosted('{"titles":["') == []  # only the arrays named
    assert boosted('{"include":[') == []  # a bare quote opens any string: no bonus (nor a '"D' token here)
    keywords = FavorStarts(tok, "keywords", [["cat"], []], bias=2.0, prompt_length=0)
    ids = torch.tensor([tok('{"keywords":["', add_special_tokens=False).input_ids] * 2)
    scores = keywords(ids, torch.zeros(2, len(tok)))
    assert torch.nonzero(scores[0]).ravel().tolist() == tok.convert_tokens_to_ids(["c"])
    assert not scores[1].any()  # a row with nothing favoured decodes as before


def test_keywords_key_gets_the_bias_only_where_language_would_end_the_request_without_one(tiny_lm, tmp_path):
    tok = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).tokenizer
    keywords, language = key_tokens(tok)
    assert tok.decode([keywords]) == "k" and tok.decode([language]) == "l"  # a character-level tokenizer
    prefer = PreferKeywords(tok, [2.0, 0.0], prompt_length=0)

    def bonus(text, best=language, row=0):
        ids = torch.tensor([tok(text, add_special_tokens=False).input_ids] * 2)
        scores = torch.zeros(2, len(tok))
        scores[:, best] = 1.0
        return (prefer(ids, scores.clone()) - scores)[row]

    assert bonus('{"include":["Drama"],"')[keywords] == 2.0
    assert bonus('{"')[keywords] == 2.0
    assert torch.count_nonzero(bonus('{"include":["Drama"],"')) == 1  # nothing else moves
    assert not bonus('{"include":["Drama"],"', row=1).any()  # a row without the bias
    assert not bonus('{"include":["Drama"],"', best=keywords).any()  # the model already chose keywords
    assert not bonus('{"keywords":["cat"],"').any()  # written once is enough
    assert not bonus('{"titles":["Drama","').any()  # inside an array: a string starts, not a key
    assert not bonus('{"language":"').any()  # a value, not a key


def test_rows_of_a_reading_group_get_one_weighted_mean():
    from agent.llm.readings import MeanOfReadings

    scores = torch.tensor([[0.0, 2.0, -float("inf")], [3.0, 0.0, -float("inf")], [1.0, 1.0, 1.0]])
    out = MeanOfReadings([[0, 1], [2]], weight=0.75)(torch.zeros(3, 1, dtype=torch.long), scores.clone())
    logp = torch.log_softmax(scores, -1)
    assert torch.allclose(out[0], 0.25 * logp[0] + 0.75 * logp[1]) and torch.equal(out[0], out[1])
    assert out[0, 0] > out[0, 1]  # the second reading outweighs the first
    assert out[0, 2] == -float("inf")  # a token both rows forbid stays forbidden
    assert torch.equal(out[2], scores[2])  # a chat alone is left as it was
