"""The web UI through its HTTP API (gradio_client against a real Gradio server): a multi-turn conversation,
two clients at once without cross-talk, feedback that changes the next list, bad input."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import free_port

from ui.app import build_app

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture()
def url(agent):
    app = build_app(agent, k=4, concurrency=2)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


class Tab:
    """One browser tab's worth of API calls: its own gradio session, history and cards."""

    def __init__(self, url: str, user: str = "") -> None:
        self.client = gradio_client.Client(url, verbose=False)
        self.history: list = []
        self.cards: list = []
        self.user = user

    def say(self, message: str) -> str:
        self.history, self.cards, _taste, box = self.client.predict(
            message, self.history, self.user, self.cards, api_name="/chat"
        )
        assert box == ""  # the input box is cleared
        return _text(self.history[-1])

    def why(self, n: int) -> str:
        self.history = self.client.predict(n, self.history, self.user, api_name="/why")
        return _text(self.history[-1])

    def rate(self, n: int, liked: bool) -> str:
        self.history, self.cards, _taste = self.client.predict(
            n, liked, self.history, self.user, self.cards, api_name="/feedback"
        )
        return _text(self.history[-1])


def _text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)


def test_multi_turn_conversation(url):
    tab = Tab(url)
    reply = tab.say("a film about ghosts")
    assert len(tab.cards) == 4 and reply.splitlines()[1].startswith("1. ")
    first = [c["item_id"] for c in tab.cards]
    assert tab.cards[0]["title"] in reply and tab.cards[0]["explanation"]
    explanation = tab.why(2)
    assert explanation.startswith(f"#2 {tab.cards[1]['title']}")
    tab.say("something else please")
    assert not set(first) & {c["item_id"] for c in tab.cards}  # nothing shown twice
    assert [m["role"] for m in tab.history] == ["user", "assistant"] * 3


def test_two_clients_at_once_do_not_share_a_conversation(url):
    a, b = Tab(url), Tab(url)
    with ThreadPoolExecutor(2) as pool:
        list(
            pool.map(
                lambda pair: pair[0].say(pair[1]), [(a, "a film about ghosts"), (b, "a film about dogs")]
            )
        )
    assert len(a.history) == len(b.history) == 2
    assert "#1" in b.why(1) and b.cards[0]["title"] in b.history[-1]["content"][0]["text"]
    # a's session has its own list: "why #1" there explains a's first card, not b's
    assert a.cards[0]["title"] in a.why(1)


def test_feedback_changes_the_next_list_and_is_remembered(url):
    tab = Tab(url, user="u42")
    tab.say("a film about ghosts")
    disliked = tab.cards[0]["item_id"]
    tab.rate(1, liked=False)
    assert disliked not in {c["item_id"] for c in tab.cards}
    again = Tab(url, user="u42")  # a new tab for the same user: the dislike persists
    again.say("a film about ghosts")
    assert disliked not in {c["item_id"] for c in again.cards}


@pytest.mark.parametrize("message", ["", "   ", "🙂🙂", "x" * 100_000, "why #99?"])
def test_bad_input_gets_a_reply_and_keeps_the_session(url, message):
    tab = Tab(url)
    tab.say("a film about dogs")
    cards = list(tab.cards)
    reply = tab.say(message)
    assert reply and "Traceback" not in reply
    if message.startswith("why"):
        assert "99" in reply and tab.cards == cards


def test_typed_start_over_clears_the_cards(url):
    tab = Tab(url)
    tab.say("a film about dogs")
    assert tab.cards
    tab.say("start over")
    assert tab.cards == []
