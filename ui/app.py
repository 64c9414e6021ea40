"""The Gradio chat UI over a ``RecommenderAgent`` (``llmrec serve``, ``python -m ui``).

Each browser tab gets its own conversation: the session id lives in the tab's ``gr.State`` (created on the
first turn, so API clients get one too) and the agent keeps that session's state in SQLite, as for the CLI.
Replies stream: a "why?" explanation appears token by token while the model writes it. Cards come from the
last recommendation list; their buttons call the agent's ``explain_item`` and ``feedback`` directly, in the
conversation's language. Any failure becomes a short message in the chat; the session is left as it was
(the agent commits a turn's state only when the turn finished).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from functools import partial

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no analytics calls

import gradio as gr

from agent.agent import RecommenderAgent, Turn

from .cards import card_html, cards_of, taste_frame

log = logging.getLogger(__name__)

EXAMPLES = [
    "a 90s animated comedy, nothing scary",
    "推荐一部九十年代的科幻片，不要恐怖",
    "una película de misterio de los 70",
    "un film d'aventure pour enfants",
    "ein Western aus den 60ern",
    "80年代のロマンチックな映画",
]
CSS = """
.llmrec-card {padding: 4px 2px;}
.llmrec-meta {color: var(--body-text-color-subdued); font-size: 0.9em;}
.llmrec-why {font-size: 0.95em; margin-top: 2px;}
#llmrec-footer {color: var(--body-text-color-subdued); font-size: 0.85em;}
"""
SORRY = "Sorry, something went wrong on my side ({kind}). Your conversation is unchanged; please try again."

History = list[dict[str, str]]


def build_app(agent: RecommenderAgent, k: int = 5, concurrency: int = 1) -> gr.Blocks:
    """The Blocks app; ``concurrency`` turns run at once (the rest wait in the queue)."""
    with gr.Blocks(title="llmrec", analytics_enabled=False) as app:
        session = gr.State(None)  # this tab's session id
        # The current recommendation list as card dicts: a hidden JSON component rather than State, so that
        # API clients receive it and can act on it like the rendered cards.
        cards = gr.JSON([], visible=False, label="cards")
        gr.Markdown(
            "## llmrec: conversational recommendations\nAsk in English, 中文, español, français, Deutsch or "
            "日本語. Try “why #2?”, “more like the first one”, “something older”."
        )
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Conversation", height=460, elem_id="llmrec-chat")
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="What would you like to watch?",
                        show_label=False,
                        scale=5,
                        elem_id="llmrec-message",
                    )
                    send = gr.Button("Send", variant="primary", scale=1, elem_id="llmrec-send")
                gr.Examples(EXAMPLES, inputs=box, label="Examples")
                reset = gr.Button("Reset conversation", size="sm", elem_id="llmrec-reset")
            with gr.Column(scale=2):
                user = gr.Textbox(
                    label="User id",
                    placeholder="optional, e.g. 1 (a MovieLens user)",
                    elem_id="llmrec-user",
                )
                taste = gr.BarPlot(
                    taste_frame(agent.taste(None)),
                    x="category",
                    y="interest",
                    title="Taste profile (learned category interest)",
                    y_lim=[0, 1],
                    sort="-y",
                    x_label_angle=-45,
                    height=260,
                    elem_id="llmrec-taste",
                )
                gr.Markdown("#### Recommendations")

                @gr.render(inputs=[cards, session, user])
                def show_cards(current: list[dict], session_id: str | None, user_id: str) -> None:
                    language = agent.session(session_id).language if session_id else "en"
                    for card in current:
                        with gr.Group():
                            gr.HTML(card_html(card, language))
                            with gr.Row():
                                why = gr.Button(
                                    "Why?", size="sm", min_width=60, elem_classes=["llmrec-why-button"]
                                )
                                up = gr.Button("👍", size="sm", min_width=40, elem_classes=["llmrec-like"])
                                down = gr.Button(
                                    "👎", size="sm", min_width=40, elem_classes=["llmrec-dislike"]
                                )
                        n = card["n"]
                        why.click(partial(explain, n), [chatbot, session, user], [chatbot, session])
                        for button, liked in ((up, True), (down, False)):
                            button.click(
                                partial(rate, n, liked),
                                [chatbot, session, user, cards],
                                [chatbot, session, cards, taste],
                            )

        gr.Markdown(
            f"Serving {agent.describe()} · catalog: {agent.tools.store.info().count} items",
            elem_id="llmrec-footer",
        )

        # ---- handlers --------------------------------------------------------------------------------------

        def respond(
            message: str, history: History, session_id: str | None, user_id: str, current: list[dict]
        ) -> Iterator[tuple]:
            session_id = session_id or uuid.uuid4().hex
            history = [*(history or []), {"role": "user", "content": message or ""}]
            history.append({"role": "assistant", "content": "…"})
            yield history, session_id, current, gr.update(), ""
            try:
                for piece in agent.stream(message or "", session_id, _user(user_id), k):
                    if isinstance(piece, Turn):
                        history[-1]["content"] = piece.reply
                        if piece.action == "reset":
                            current = []
                        elif piece.items and piece.action != "explain":
                            current = cards_of(piece)
                        taste_now = taste_frame(agent.taste(_user(user_id), session_id))
                        yield history, session_id, current, taste_now, ""
                    else:
                        history[-1]["content"] = _grow(history[-1]["content"], piece)
                        yield history, session_id, current, gr.update(), ""
            except Exception as exc:  # shown as a message, logged with its trace
                log.exception("turn failed")
                history[-1]["content"] = SORRY.format(kind=type(exc).__name__)
                yield history, session_id, current, gr.update(), ""

        def explain(n: int, history: History, session_id: str | None, user_id: str) -> Iterator[tuple]:
            session_id = session_id or uuid.uuid4().hex
            history = [*(history or []), {"role": "user", "content": f"Why #{n}?"}]
            history.append({"role": "assistant", "content": "…"})
            yield history, session_id
            try:
                for piece in agent.explain_item(int(n), session_id, _user(user_id)):
                    text = piece.reply if isinstance(piece, Turn) else _grow(history[-1]["content"], piece)
                    history[-1]["content"] = text
                    yield history, session_id
            except Exception as exc:
                log.exception("explanation failed")
                history[-1]["content"] = SORRY.format(kind=type(exc).__name__)
                yield history, session_id

        def rate(
            n: int, liked: bool, history: History, session_id: str | None, user_id: str, current: list[dict]
        ) -> tuple:
            session_id = session_id or uuid.uuid4().hex
            history = [*(history or []), {"role": "user", "content": f"{'👍' if liked else '👎'} #{n}"}]
            try:
                turn = agent.feedback(int(n), bool(liked), session_id, _user(user_id), k)
                history.append({"role": "assistant", "content": turn.reply})
                current = cards_of(turn) if turn.items else current
            except Exception as exc:
                log.exception("feedback failed")
                history.append({"role": "assistant", "content": SORRY.format(kind=type(exc).__name__)})
            return history, session_id, current, taste_frame(agent.taste(_user(user_id), session_id))

        def profile(user_id: str, session_id: str | None):
            return taste_frame(agent.taste(_user(user_id), session_id))

        def start_over(session_id: str | None):
            if session_id:
                agent.reset(session_id)
            return [], None, [], ""

        # ---- wiring (api_name: the endpoints gradio_client and scripts call) ------------------------------

        chat_io = ([box, chatbot, session, user, cards], [chatbot, session, cards, taste, box])
        box.submit(respond, *chat_io, api_name="chat")
        send.click(respond, *chat_io, api_name=False)
        user.change(profile, [user, session], taste, api_name="profile")
        reset.click(start_over, [session], [chatbot, session, cards, box], api_name="reset")
        # The cards' buttons are rendered per list; these hidden twins give scripts stable endpoints.
        position = gr.Number(visible=False, precision=0)
        liked = gr.Checkbox(visible=False)
        gr.Button(visible=False).click(
            explain, [position, chatbot, session, user], [chatbot, session], api_name="why"
        )
        gr.Button(visible=False).click(
            rate,
            [position, liked, chatbot, session, user, cards],
            [chatbot, session, cards, taste],
            api_name="feedback",
        )
    app.queue(default_concurrency_limit=concurrency)
    return app


def _user(user_id: str | None) -> str | None:
    return (user_id or "").strip() or None


def _grow(shown: str, piece: str) -> str:
    return piece if shown == "…" else shown + piece
