"""Strings copied from the message: English keywords and every language's titles may only be runs of the
message's own words; in the grounded languages a keyword is a dictionary gloss of a word of the message."""

from __future__ import annotations

import torch

from agent.config import LLMConfig
from agent.llm import generate_batch, load_llm
from agent.llm.spans import CopySpans, grounded_terms, spans, title_spans
from agent.understand import grounded_senses, keyword_terms

MESSAGE = "a comedy about submarines, nothing scary"


def test_spans_are_runs_of_whole_words_as_written():
    found = spans(MESSAGE, max_words=2)
    assert {"submarines", "about submarines", "submarines, nothing", "comedy"} <= set(found)
    assert "submarine" not in found and "ubmarines" not in found
    assert spans('say "hi" now') == ["hi", "now", "say"]  # a quote would end the JSON string


def test_title_spans_split_scripts_and_keep_the_marks_around_a_title():
    found = set(title_spans("una como Chinese Puzzle (Casse-tête chinois) :) o Jalla! Jalla! gracias"))
    assert {
        "Chinese Puzzle (Casse-tête chinois)",
        "Chinese Puzzle (Casse-tête chinois",
        "Jalla! Jalla!",
    } <= found
    assert "Chinese Puzzle (Casse-tête)" not in found  # only what is written, in order
    assert {"Toy Story", "Bride of Chucky (Child's Play 4)"} <= set(
        title_spans("想看像Toy Story那样的，或者《Bride of Chucky (Child's Play 4)》")
    )
    assert {"像", "Toy"} <= set(title_spans("像Toy"))  # two words: a title may start where the script changes
    assert len(title_spans(" ".join(["w"] * 40), max_words=16)) == 16  # one span per length: "w", "w w", ...


def test_english_keywords_are_the_messages_words_and_other_languages_are_free_without_senses():
    assert keyword_terms(MESSAGE, "en") == spans(MESSAGE)
    assert keyword_terms("une comédie sur des sous-marins", "fr") is None


def test_a_grounded_keyword_is_a_gloss_its_plural_or_a_copyable_word():
    message = "un film sur des chats à Paris, style Wall Street"
    senses = {"film": ["film"], "chats": ["cat", "chat"], "Paris": ["bet"], "style": ["style"]}
    terms = set(grounded_terms(message, senses, copyable=lambda w: w[:1].isupper(), max_words=2))
    assert {"cat", "cats", "chat", "chats", "films", "Paris", "Wall Street", "film"} <= terms
    assert {"a cat", "the cats", "a film"} <= terms  # an article may come first
    assert "des chats" not in terms and "film sur" not in terms  # "des", "sur": not copyable
    assert "bet" in terms  # a gloss stays possible even when the name is the better reading
    boxes = set(grounded_terms("Boxen", {"Boxen": ["boxes", "boxing", "bus"]}))
    assert {"boxes", "boxings", "buses"} <= boxes and "boxeses" not in boxes  # "boxes" is plural already
    assert "Paris" not in grounded_terms(message, senses)  # nothing copyable: only what glosses itself
    assert "film" in grounded_terms(message, senses)


def test_keyword_terms_copy_names_and_english_loans_but_no_function_words():
    senses = {"gatos": ["cat"], "para": ["for"], "Lima": ["lime"], "boda": ["a wedding"]}
    terms = set(
        keyword_terms("una película para gatos en Lima sobre zombies y samuráis en una boda", "es", senses)
    )
    assert {"cat", "cats", "Lima", "lime", "zombies", "a wedding", "wedding"} <= terms
    assert not {"for", "para", "gatos", "sobre", "película", "samuráis"} & terms  # not English, or glossed
    assert "a" not in terms  # an English function word alone is no keyword
    german = set(
        keyword_terms("ein Film über Züge in Tokio", "de", {"Züge": ["trains"], "Film": ["picture"]})
    )
    assert {"trains", "Tokio", "picture"} <= german and not {"Züge", "Film", "über", "in", "ein"} & german


def test_grounded_senses_follow_the_configured_languages_and_installed_dictionaries(tmp_path):
    from agent.glossary import Glossary

    glossary = Glossary(dictd_dir=tmp_path, apertium_dir=tmp_path, languages=("de",))
    assert grounded_senses("Züge", "de", None, ("de",)) is None  # no glossary
    assert grounded_senses("Züge", "fr", glossary, ("de",)) is None  # not a grounded language
    assert grounded_senses("Züge", "de", glossary, ("de",)) is None  # its dictionary is not installed


def _allowed(c, text):
    return sorted(c.by_piece and {c.tokenizer.decode([t]) for t in c.allowed_after(text, c.terms[0])})


def test_only_the_messages_words_can_be_written(tiny_lm, tmp_path):
    tok = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).tokenizer
    c = CopySpans(tok, "keywords", [spans("war on subs")], prompt_length=0)
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
    c = CopySpans(tok, "keywords", [spans("war on subs"), None], prompt_length=0)
    ids = torch.tensor([tok('{"keywords":["su', add_special_tokens=False).input_ids] * 2)
    scores = c(ids, torch.zeros(2, len(tok)))
    assert [tok.decode([i]) for i in torch.nonzero(scores[0] == 0).ravel().tolist()] == ["b"]
    assert torch.all(scores[1] == 0)


def test_titles_are_copied_as_written(tiny_lm, tmp_path):
    tok = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).tokenizer
    c = CopySpans(tok, "titles", [title_spans("comme Heat (1995) ou Ran")], prompt_length=0)
    assert c.allowed_after('{"keywords":["su', c.terms[0]) is None
    assert _allowed(c, '{"titles":["Heat (199') == ["5"]
    assert _allowed(c, '{"titles":["Heat (1995') == ['"', ")"]
    assert _allowed(c, '{"titles":["R') == ["a"]


def test_generation_runs_with_copied_keywords_and_titles(tiny_lm, tmp_path):
    llm = load_llm(LLMConfig(model=str(tiny_lm), device="cpu"), tmp_path)
    chats = [[{"role": "user", "content": m}] for m in ("a film about trains", "un film")]
    out = generate_batch(
        llm,
        chats,
        max_new_tokens=6,
        copy_keywords=[spans("a film about trains"), None],
        copy_titles=["Heat", "Ran"],
    )
    assert len(out) == 2 and all(isinstance(o, str) for o in out)
