"""What the web UI shows besides the chat: recommendation cards and the taste-profile table.

Cards are plain dicts (JSON-safe, so they live in a browser tab's state and travel through the API). Every
catalog string is HTML-escaped: item text is data, and a title holding markup or instructions is shown as text.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from agent.agent import Turn
from agent.locale import category_name


def cards_of(turn: Turn) -> list[dict[str, Any]]:
    """The numbered cards of a turn's recommendation list."""
    return [
        {
            "n": n,
            "item_id": item.item_id,
            "title": item.title,
            "year": item.year,
            "categories": list(item.categories),
            "score": round(float(item.score), 3),
            "explanation": item.explanation,
        }
        for n, item in enumerate(turn.items, 1)
    ]


def card_html(card: dict[str, Any], language: str = "en") -> str:
    categories = ", ".join(category_name(c, language) for c in card["categories"])
    year = f" ({card['year']})" if card.get("year") else ""
    return (
        f'<div class="llmrec-card" data-item="{html.escape(str(card["item_id"]))}">'
        f'<div class="llmrec-title"><b>#{card["n"]} {html.escape(card["title"])}</b>{year}</div>'
        f'<div class="llmrec-meta">{html.escape(categories)} · score {card["score"]:.2f}</div>'
        f'<div class="llmrec-why">{html.escape(card["explanation"])}</div>'
        "</div>"
    )


def taste_frame(taste: dict[str, float], top: int = 12) -> pd.DataFrame:
    """The ``top`` strongest category interests as a two-column table for a bar chart."""
    rows = list(taste.items())[:top]
    return pd.DataFrame({"category": [c for c, _ in rows], "interest": [round(v, 3) for _, v in rows]})
