"""Language detection and localized category names."""

from __future__ import annotations

import pytest

from agent.locale import LANGUAGES, category_name, detect_language

SAMPLES = {
    "en": ["a 90s animated comedy, nothing scary", "why the second one?", "more like the first one please"],
    "zh": ["推荐一部90年代的动画喜剧，不要恐怖片", "为什么推荐第二部？"],
    "es": ["quiero una comedia animada de los 90, nada de terror", "¿por qué la segunda?"],
    "fr": ["je veux une comédie animée des années 90, sans horreur", "pourquoi le deuxième ?"],
    "de": ["ich suche eine Komödie aus den 90ern, aber ohne Horror", "warum der zweite?"],
    "ja": ["90年代のアニメのコメディを教えて。ホラーはなしで", "なぜ2番目？"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_detects_each_language(language):
    for text in SAMPLES[language]:
        assert detect_language(text) == language, text


def test_default_when_nothing_tells():
    assert detect_language("🎬🍿", default="fr") == "fr"
    assert detect_language("", default="de") == "de"


def test_category_names():
    assert category_name("Comedy", "zh") == "喜剧"
    assert category_name("Comedy", "en") == "Comedy"
    assert category_name("Books > Poetry", "ja") == "Books > Poetry"  # unknown categories stay as they are


def test_a_tie_keeps_the_conversation_language():
    assert detect_language("un thriller criminal", default="es") == "es"
    assert detect_language("un thriller policier", default="fr") == "fr"
    assert detect_language("un film de guerre avec des soldats", default="es") == "fr"  # no tie: French wins


def test_a_tie_goes_to_the_language_whose_words_these_clearly_are():
    # "algo" (Spanish) against "a" (English): a tie of markers, but every word is common Spanish
    assert detect_language("algo animado para mis hijos, posterior a 2005") == "es"
    assert detect_language("algo animado para mis hijos, posterior a 2005", default="fr") == "es"


def test_genre_words_tell_a_short_request():
    assert detect_language("un thriller criminal") == "es"
    assert detect_language("un thriller policier") == "fr"
    assert detect_language("un film de guerre") == "fr"


def test_an_english_title_inside_a_sentence_does_not_make_it_english():
    assert detect_language("j'ai adoré The Godfather, tu me conseilles quoi d'autre ?") == "fr"
    assert detect_language("The Godfather hat mir gefallen, was soll ich als Nächstes schauen?") == "de"
    assert detect_language("Me gustó The Godfather, ¿qué más debería ver?") == "es"
    # the same words open a sentence or stand lower-case: they count
    assert detect_language("I loved The Godfather. The one with the horse, you know?") == "en"
    assert detect_language("me gustó mucho, the end") == "es"
