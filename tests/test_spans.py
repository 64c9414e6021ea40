"""Keywords copied from the message (English): decoding allows only runs of the message's own words."""

from __future__ import annotations

import torch

from agent.config import LLMConfig
from agent.llm import generate_batch, load_llm
from agent.llm.spans import KeywordSpans, spans
from agent.understand import keyword_source

MESSAGE = "a comedy about submarines, nothing scary"


def test_spans_are_runs_of_whole_words_as_written():
    found = spans(MESSAGE, max_words=2)
    assert {"submarines", "about submarines", "submarines, nothing", "comedy"} <= set(found)
    assert "submarine" not in found and "ubmarines" not in found
    assert spans('say "hi" now') == ["hi", "now", "say"]  # a quote would end the JSON string


def test_keyword_source_is_the_english_message_only():
    assert keyword_source(MESSAGE, "en") == MESSAGE
    assert keyword_source("une comédie sur des sous-marins", "fr") is None


def _allowed(c, text):
    return sorted(c.by_piece and {c.tokenizer.decode([t]) for t in c.allowed_after(text, c.terms[0])})


def test_only_the_messages_words_can_be_written(tiny_lm, tmp_path):
    tok = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).tokenizer
    c = KeywordSpans(tok, ["war on subs"], prompt_length=0)
    assert c.allowed_after('{"include":["Co', c.terms[0]) is None  # other keys decode freely
    assert _allowed(c, '{"keywords":') == ["["]
    assert _allowed(c, '{"keywords":[') == [" ", '"', "]"]
    assert _allowed(c, '{"keywords":["') == ["o", "s", "w"]
    assert _allowed(c, '{"keywords":["su') == ["b"]
    assert _allowed(c, '{"keywords":["subs') == ['"']
    assert _allowed(c, '{"keywords":["war') == [" ", '"']
    assert _allowed(c, '{"keywords":["subs"') == [" ", ",", "]"]
    assert _allowed(c, '{"keywords":["subs",') == [" ", '"']


def test_processor_masks_only_rows_with_a_message(tiny_lm, tmp_path):
    tok = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).tokenizer
    c = KeywordSpans(tok, ["war on subs", None], prompt_length=0)
    ids = torch.tensor([tok('{"keywords":["su', add_special_tokens=False).input_ids] * 2)
    scores = c(ids, torch.zeros(2, len(tok)))
    assert [tok.decode([i]) for i in torch.nonzero(scores[0] == 0).ravel().tolist()] == ["b"]
    assert torch.all(scores[1] == 0)


def test_generation_runs_with_copied_keywords(tiny_lm, tmp_path):
    llm = load_llm(LLMConfig(model=str(tiny_lm), device="cpu"), tmp_path)
    chats = [[{"role": "user", "content": m}] for m in ("a film about trains", "un film")]
    out = generate_batch(llm, chats, max_new_tokens=6, copy_keywords=["a film about trains", None])
    assert len(out) == 2 and all(isinstance(o, str) for o in out)
