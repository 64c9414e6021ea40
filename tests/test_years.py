"""agent/years.py's comparative reader against every year frame the two phrasebooks hold: it may stay silent,
but it must never put a year on the wrong side, or the validator would move a bound the model got right."""

from agent.years import grounded_years, mentioned_years, year_sides
from finetune.understanding import heldout
from finetune.understanding.data import TRAIN_BOOK


def test_comparatives_never_contradict_a_phrasebook_year_frame():
    wrong, read = [], 0
    for lang, slots in [*TRAIN_BOOK.frames.items(), *heldout.FRAMES.items()]:
        for slot, side in (("after", "min"), ("before", "max")):
            for frame in slots.get(slot, []):
                got = year_sides(frame.format(y=1987)).get(1987)
                read += got is not None
                if got not in (None, side):
                    wrong.append((lang, frame, got))
        for frame in slots.get("between", []):
            sides = year_sides(frame.format(a=1971, b=1987))
            if sides.get(1971, "min") != "min" or sides.get(1987, "max") != "max":
                wrong.append((lang, frame, sides))
    assert not wrong
    assert read > 100  # it reads the comparatives, not just stays silent


def test_a_negation_or_exclusion_around_the_comparative_leaves_the_year_to_the_model():
    assert year_sides("no older than 1962") == {1962: "min"}
    assert year_sides("excluding anything before 1990") == {}
    assert year_sides("1990年より前のは除いた") == {}
    assert year_sides("2016年より後じゃない犯罪サスペンス") == {2016: "max"}
    assert year_sides("older than 1980 and not older than 1980") == {}  # said both ways


def test_every_phrasebook_decade_frame_names_its_decade():
    missed = [
        (lang, frame)
        for lang, slots in [*TRAIN_BOOK.frames.items(), *heldout.FRAMES.items()]
        for frame in slots.get("decade", [])
        if 1980 not in mentioned_years(frame.format(d2="80", d4="1980"))[1]
    ]
    assert not missed


def test_a_misread_decade_becomes_the_one_decade_the_message_names():
    assert grounded_years(1950, 1959, "quiero una peli de terror de los ochenta") == (1980, 1989)
    assert grounded_years(1940, 1949, "ich will einen Horrorfilm aus den Achtzigern") == (1980, 1989)
    assert grounded_years(1980, 1989, "a 90s animated comedy") == (1990, 1999)
    assert grounded_years(1980, 1989, "80年代のホラー映画") == (1980, 1989)  # read right: kept
    # two decades, or a year besides the decade: which one was meant is the model's call, so none is kept
    assert grounded_years(1950, 1959, "from the 80s or the 90s") == (None, None)
    assert grounded_years(1950, 1959, "80s, but made after 1985") == (None, None)
    assert grounded_years(1950, None, "a 90s comedy") == (None, None)  # not a decade range: dropped as before
