"""Genre tags on glossary hints: which gloss gets a genre, the thresholds, the saved tagging an adapter carries
and the agent's reading of it, the real embedder on the training book's phrases, and training words that only
their tag explains."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from test_glossary import DEU, write_dictd

from agent.config import FinetuneConfig
from agent.genre_tags import (
    PHRASES_FILE,
    GenreTagger,
    favored_genres,
    saved_tagging,
    spells,
    tagger_from,
)
from agent.glossary import Glossary, glossary_for
from finetune.records import training_records
from finetune.understanding import HELDOUT_BOOK, TRAIN_BOOK
from finetune.understanding.data import english_genre_phrases
from finetune.understanding.glossary_words import genre_words
from retrieval import load_catalog

WORDS = ["battle", "war", "trench", "ghost", "scary", "horror", "film", "epic", "friend"]


def bag_of_words(texts: list[str]) -> np.ndarray:
    """A tiny deterministic sentence encoder: normalized counts of a fixed vocabulary (plus one slot for the
    rest), so that the tests can say exactly which gloss is near which phrase."""
    rows = np.zeros((len(texts), len(WORDS) + 1), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in text.lower().split():
            rows[i, WORDS.index(word) if word in WORDS else len(WORDS)] += 1
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


PHRASES = {"War": ["war film", "battle", "trench"], "Horror": ["horror film", "scary", "ghost"]}


@pytest.fixture
def tagger() -> GenreTagger:
    return GenreTagger(bag_of_words, PHRASES)


def test_a_gloss_near_one_genre_gets_it_and_a_generic_one_does_not(tagger):
    assert tagger.genre_of("battle") == "War" and tagger.genre_of("scary ghost") == "Horror"
    assert tagger.genre_of("film") is None  # as near to "war film" as to "horror film": below the margin
    assert tagger.genre_of("friend") is None  # near nothing


def test_tags_keep_the_gloss_and_need_the_senses_to_agree(tagger):
    hints = [("Schlachtenepos", "battle epic"), ("Film", "film"), ("Geister", "friend / ghost")]
    assert tagger.tag(hints) == [
        ("Schlachtenepos", "battle epic (War)"),
        ("Film", "film"),
        ("Geister", "friend / ghost (Horror)"),  # one sense names a genre, the other none
    ]
    assert tagger.tag([("惊悚", "scary / war film")]) == [("惊悚", "scary / war film")]  # two genres: no tag


def test_a_gloss_that_spells_its_genre_gets_no_tag(tagger):
    hints = [("Krieg", "war"), ("Kriegsfilm", "war film"), ("Horrorfilm", "horrors"), ("Gespenst", "ghost")]
    assert tagger.tag(hints) == [*hints[:3], ("Gespenst", "ghost (Horror)")]
    assert spells("Film noir", "Film-Noir") and spells("sci-fi epic", "Sci-Fi")
    assert not spells("warrior", "War") and not spells("mysterious", "Mystery")


def test_the_genres_favoured_are_the_tagged_ones_and_those_a_katakana_loan_spells():
    vocabulary = ["Action", "Crime", "Horror", "Mystery", "War"]
    hints = [
        ("友達", "friend"),
        ("スプラッター映画", "splatter movie (Horror)"),
        ("Schlachten", "battles (War)"),
    ]
    assert favored_genres(hints, vocabulary) == ["Horror", "War"]
    assert favored_genres([("Krimi", "mystery story / whodunit")], vocabulary) == []  # spelled, not tagged
    # a katakana word is a loan: the English it spells is the word it was borrowed from
    loans = [("サイコ", "psycho"), ("スリラー", "thriller"), ("ホラー", "horror")]
    assert favored_genres(loans, [*vocabulary, "Thriller"]) == ["Horror", "Thriller"]
    assert favored_genres([("推理", "mystery")], vocabulary) == []  # kanji: a dictionary sense, not a loan


def test_thresholds_are_the_taggers_own():
    strict = GenreTagger(bag_of_words, PHRASES, similarity=0.99)
    assert strict.genre_of("battle") == "War" and strict.genre_of("battle epic") is None
    assert GenreTagger(bag_of_words, PHRASES, margin=0.9).genre_of("scary ghost") is None


def test_the_glossary_tags_its_hints(tmp_path, tagger):
    write_dictd(tmp_path, "deu-eng", DEU | {"Schlacht": "Schlacht /ʃlaxt/ <fem, n, sg>\nbattle <n>\n"})
    glossary = Glossary(tmp_path, tagger=tagger)
    assert dict(glossary.hints("Ein Film über Schlacht und Schach", "de")) == {
        "Film": "picture",
        "Schlacht": "battle (War)",
        "Schach": "chess",
    }


def test_an_adapter_carries_its_tagging_and_the_agent_follows_it(tmp_path, tagger):
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    assert saved_tagging(adapter) is None
    embedder = SimpleNamespace(name="bag-of-words", encode=bag_of_words)
    llm = SimpleNamespace(glossary=("de",), adapter=str(adapter))
    assert glossary_for(llm, tmp_path, embedder).tagger is None  # trained without tags: none given

    tagger.save(adapter, embedder="bag-of-words")
    record = saved_tagging(adapter)
    assert record["embedder"] == "bag-of-words" and record["phrases"] == PHRASES
    loaded = glossary_for(llm, tmp_path, embedder).tagger  # the same embedder is reused, not loaded again
    assert loaded.tag([("Schlacht", "battle")]) == tagger_from(record, bag_of_words).tag(
        [("Schlacht", "battle")]
    )
    assert loaded.tag([("Schlacht", "battle")]) == [("Schlacht", "battle (War)")]
    assert glossary_for(SimpleNamespace(glossary=(), adapter=str(adapter)), tmp_path, embedder) is None


def test_tag_phrases_are_the_training_books_and_none_is_held_out():
    phrases = english_genre_phrases()
    assert "Horror" in phrases["Horror"] and len(phrases) == len(HELDOUT_BOOK.genres)
    for genre, texts in phrases.items():
        nouns, topics = HELDOUT_BOOK.genres[genre]["en"]
        held = {t.lower().removeprefix("a ").removeprefix("an ") for t in nouns + topics}
        assert not held & {t.lower() for t in texts}, genre
        assert all(not t.lower().startswith(("a ", "an ")) for t in texts)  # articles are dropped


def test_the_real_embedder_tags_genre_words_and_leaves_plain_ones(tmp_path):
    from retrieval.embed import Embedder

    tagger = GenreTagger(Embedder().encode, english_genre_phrases())
    assert tagger.genre_of("splatter movie") == "Horror"
    assert tagger.genre_of("battle epic") == "War"
    assert tagger.genre_of("treasure hunt") == "Adventure"
    assert tagger.genre_of("friend") is None and tagger.genre_of("this evening") is None
    assert (tagger.save(tmp_path, "all-MiniLM-L6-v2")).name == PHRASES_FILE
    assert Path(tmp_path / PHRASES_FILE).exists()


@pytest.fixture(scope="module")
def items(ml_small):
    return load_catalog(f"movielens:{ml_small}").items


def test_training_tags_the_hints_of_its_share_of_records(tmp_path, tagger, items):
    write_dictd(tmp_path, "deu-eng", {"Film": "Film /fɪlm/ <masc, n, sg>\nghost <n>\n"})
    glossary = Glossary(tmp_path, languages=("de",), tagger=tagger)

    def german(share: float) -> list[tuple[str, bool]]:
        config = FinetuneConfig(understanding_examples=1200, explanation_examples=0, genre_tag_share=share)
        return [
            (r["message"], "ghost (Horror)" in json.dumps(r["messages"], ensure_ascii=False))
            for r in training_records(items, config, glossary=glossary)
            if r["language"] == "de" and "Film" in r["message"].split()
        ]

    every, half, none = german(1.0), german(0.5), german(0.0)
    assert len(every) >= 20 and all(tagged for _, tagged in every) and not any(tagged for _, tagged in none)
    assert [m for m, _ in half] == [m for m, _ in every]  # the same requests, only their tags differ
    assert 0.25 < sum(tagged for _, tagged in half) / len(half) < 0.75
    assert glossary.tagger is tagger  # the untagged records use a copy
    with pytest.raises(ValueError, match="between 0 and 1"):
        training_records(items, FinetuneConfig(genre_tag_share=1.5), glossary=glossary)


def test_tagged_genre_words_are_only_said_with_their_tag(tmp_path, tagger, items):
    ghost = {"Gespenst": "Gespenst /ɡəˈʃpɛnst/ <neut, n, sg>\nscary <n>\n"}
    write_dictd(tmp_path, "deu-eng", ghost | {"Freundin": "Freundin /ˈfʁɔɪ̯ndɪn/ <fem, n, sg>\nfriend <n>\n"})
    glossary = Glossary(tmp_path, languages=("de",), tagger=tagger)
    # "scary" is no English phrase of the training book: only the tag ties it to Horror
    assert genre_words(glossary, "de", HELDOUT_BOOK, TRAIN_BOOK) == {}
    assert genre_words(glossary, "de", HELDOUT_BOOK, TRAIN_BOOK, tagged=True) == {
        "Horror": [("Gespenst", "scary")]
    }
    config = FinetuneConfig(
        understanding_examples=1200,
        explanation_examples=0,
        genre_tag_share=0.0,  # no record is tagged, except those whose genre word needs it
        genre_word_share=1.0,
        tagged_genre_words=True,
    )
    records = [r for r in training_records(items, config, glossary=glossary) if "Gespenst" in r["message"]]
    # the keyword swap may draw it too ("gerne mit Gespenst" -> keyword "scary"): those keep their share
    said = [r for r in records if "scary" not in json.loads(r["answer"]).get("keywords", [])]
    assert len(said) >= 5
    for record in said:
        assert "Gespenst = scary (Horror)" in json.dumps(record["messages"], ensure_ascii=False)
        request = json.loads(record["answer"])
        assert "Horror" in request.get("include", []) + request.get("exclude", [])
    with pytest.raises(ValueError, match="genre_word_share must be between 0 and 1"):
        training_records(items, FinetuneConfig(genre_word_share=2.0), glossary=glossary)


def test_the_english_reading_replaces_tagged_words_only():
    from agent.reading import english_reading

    hints = [
        ("Schlachtenepos", "battles epic (War)"),
        ("Schlachten", "battles / slaughtering (War)"),
        ("Paris", "Paris"),
    ]
    text = "Ein Schlachtenepos in Paris, keine Schlachten; Schlachtenbummler"
    assert english_reading(text, hints) == (
        "Ein battles epic in Paris, keine battles; Schlachtenbummler",  # whole words, longest first
        [("Paris", "Paris")],  # the lines of the words replaced are gone with them
    )
    assert english_reading("スプラッター映画が見たい", [("スプラッター映画", "splatter movie (Horror)")]) == (
        "splatter movieが見たい",
        [],
    )
    assert english_reading("Un film à Paris", [("Paris", "Paris")]) is None  # nothing tagged: no reading


def test_the_reading_is_asked_for_only_at_a_weight_and_in_its_languages():
    from agent.understand import reading_messages

    hints = [("Schlachtenepos", "battles epic (War)")]
    llm = SimpleNamespace(english_reading=0.5, english_reading_languages=("de",))
    chat = reading_messages("ein Schlachtenepos", "de", hints, ["War"], llm)
    assert chat is not None and chat[-1]["content"] == "ein battles epic"  # no glossary line left to show
    assert reading_messages("ein Schlachtenepos", "fr", hints, ["War"], llm) is None  # not a reading language
    assert (
        reading_messages("ein Schlachtenepos", "de", hints, ["War"], SimpleNamespace(english_reading=0.0))
        is None
    )
