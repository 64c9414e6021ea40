"""The training phrasebook for request understanding, one module per language.

Each module holds four tables:

- ``GENRES``: for every MovieLens genre, ``(noun_phrases, topics)``. A noun phrase is a whole object of
  "I want ..." in that language (German accusative, French/Spanish with their article; "einen Kriegsfilm" is a
  compound, "einen lustigen Film" an adjective). A topic is a bare noun that fits "no ..." / "I hate ..." /
  "with some ...". Every phrase names that genre and nothing else: no second genre, no year, no topic that
  would be a keyword.
- ``COMPOUNDS``: ``(noun phrase, (genre, genre))``: one phrase naming two genres ("a romantic comedy",
  "eine Krimikomödie", "动作冒险片"); 12% of training requests ask for a compound's two genres in its words.
- ``KEYWORDS``: English keyword (what the model must output) -> how it is said in this language.
- ``FRAMES``: sentence frames by slot. A message is assembled by ``render.render``:
  en/es/fr/de ``open + what + [" " + when, about, like] (shuffled) + exclusions + close``, first letter
  upper-cased; zh ``open + [when, about, like] + what + exclusions + close``; ja
  ``open + [when, about, like] + what + close + exclusions``. ``what`` is one noun phrase, a ``combine``
  frame ({np1}, {np2}, {topic1}, {topic2}), a ``COMPOUNDS`` phrase or a ``generic`` phrase. Year frames use
  {y}, {a}/{b}, {d2} ("90") and {d4} ("1990"); "after"/"before" bounds are inclusive. ``chat`` holds messages with no request in them.

The held-out phrasebook (``../heldout.py``) was written separately; a test checks that no phrase is shared.
"""

from __future__ import annotations

from types import ModuleType

from . import de, en, es, fr, ja, zh

BY_LANGUAGE: dict[str, ModuleType] = {"en": en, "zh": zh, "es": es, "fr": fr, "de": de, "ja": ja}
