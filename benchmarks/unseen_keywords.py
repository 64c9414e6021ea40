"""Japanese topics neither phrasebook has: how well request understanding copes with a keyword it never saw.

    python benchmarks/unseen_keywords.py --dump out/unseen_after.json

The held-out set has ten keywords, the same ten in every draw, so it cannot tell how the model does on the
topics a user will bring. This takes the Japanese held-out requests of two draws (seeds 12345 and 7) that
have a keyword and swaps it for one of the words below, none of which either phrasebook holds (animals,
countries, activities; many are katakana words that FreeDict's Japanese marks "usually written in kana").
The rest of each request (held-out frames, genres, years, titles) is as drawn, so a keyword said in a frame
v28 drops ("{k}を描いた") is dropped here too. The dump reads like ``llmrec eval understanding --dump``: run
the script in two checkouts and compare them with ``llmrec eval compare BEFORE AFTER``.
"""

from __future__ import annotations

from dataclasses import replace

import understanding_run  # benchmarks/understanding_run.py: scripts run from benchmarks/ see it on sys.path

from finetune.understanding import HELDOUT_BOOK, TRAIN_BOOK, data

WORDS = {  # Japanese word -> the English keyword
    "ペンギン": "penguins", "ゴリラ": "gorillas", "ラクダ": "camels", "カラス": "crows", "タヌキ": "raccoon dogs",
    "ホタル": "fireflies", "ウナギ": "eels", "トナカイ": "reindeer", "アザラシ": "seals", "ヒツジ": "sheep",
    "エジプト": "Egypt", "ペルー": "Peru", "ケニア": "Kenya", "トルコ": "Turkey", "ノルウェー": "Norway",
    "フィンランド": "Finland", "ポーランド": "Poland", "モンゴル": "Mongolia", "チベット": "Tibet",
    "シベリア": "Siberia", "サーカス": "the circus", "ピアノ": "the piano", "バレエ": "ballet",
    "マラソン": "marathons", "スキー": "skiing",
}  # fmt: skip
SEEDS = (12345, 7)


def unseen_keyword_examples(titles: list[str]) -> list[data.UnderstandingExample]:
    """The Japanese held-out requests with a keyword, the keyword swapped for one of ``WORDS`` in turn."""
    taken = {k.casefold() for book in (TRAIN_BOOK, HELDOUT_BOOK) for k in book.keywords}
    taken |= {v["ja"] for book in (TRAIN_BOOK, HELDOUT_BOOK) for v in book.keywords.values() if "ja" in v}
    words = [(w, e) for w, e in WORDS.items() if w not in taken and e.casefold() not in taken]
    out = []
    for seed in SEEDS:
        for example in data.build(600, seed, titles, heldout_set=True):
            request = example.request
            if request.language != "ja" or not request.keywords:
                continue
            word, english = words[len(out) % len(words)]
            message = example.message.replace(HELDOUT_BOOK.keywords[request.keywords[0]]["ja"], word)
            out.append(replace(example, message=message, request=replace(request, keywords=(english,))))
    return out


def main() -> None:
    args = understanding_run.parser(__doc__).parse_args()
    result = understanding_run.evaluate(unseen_keyword_examples, args.adapter)
    understanding_run.report(result, [understanding_run.score_row(result["per_language"]["ja"])], args)


if __name__ == "__main__":
    main()
