"""Conversation commands: ``ask`` (one turn, for scripts) and ``chat`` (a terminal conversation)."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from agent.config import Config

from .common import positive_int, say
from .llm import llm_options


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "ask",
        parents=[common],
        help="one conversational turn: recommend, refine, explain or give feedback",
        description="Send one message to the agent. With --session FILE the conversation's state is read from "
        "and written back to FILE, so a script can hold a multi-turn conversation.",
        epilog='example: llmrec ask "a 90s animated comedy, nothing scary" --session s.json --json && '
        'llmrec ask "why #2?" --session s.json',
    )
    llm_options(p)
    p.add_argument("message", help="what the user says")
    p.add_argument("--session", type=Path, metavar="FILE", help="JSON file holding the conversation state")
    p.add_argument("--user", help="user id: loads their history and remembers their feedback")
    p.add_argument("-k", type=positive_int, default=10, help="items to recommend (default 10)")
    p.add_argument("--json", action="store_true", help='print {"reply", "language", "items": [...]}')
    p.set_defaults(handler=_cmd_ask)

    p = sub.add_parser(
        "chat",
        parents=[common],
        help="talk to the agent in the terminal",
        description="A terminal conversation. Try: a 90s animated comedy, nothing scary / why #2? / "
        "more like the first one / loved it / something older / start over. Ctrl-D or 'quit' ends it.",
    )
    llm_options(p)
    p.add_argument("--user", help="user id: loads their history and remembers their feedback")
    p.add_argument("-k", type=positive_int, default=5, help="items per answer (default 5)")
    p.set_defaults(handler=_cmd_chat)


def _agent(config: Config):
    from agent.agent import RecommenderAgent

    agent = RecommenderAgent.build(config)
    if agent.llm is None:
        say("llmrec: no language model could be loaded; answering with rules and retrieval only")
    return agent


def _cmd_ask(args: argparse.Namespace, config: Config) -> int:
    from agent.session import Session

    agent = _agent(config)
    session_id = f"file:{args.session.resolve()}" if args.session else f"ask:{uuid.uuid4().hex}"
    if args.session and args.session.exists():
        try:
            state = Session.from_json(json.loads(args.session.read_text(encoding="utf-8")))
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"{args.session} is not a session file written by llmrec ask ({exc})") from exc
        agent.memory.save_session(session_id, state)
    turn = agent.chat(args.message, session_id=session_id, user_id=args.user, k=args.k)
    if args.session:
        partial = args.session.with_suffix(args.session.suffix + ".partial")
        partial.write_text(
            json.dumps(agent.session(session_id).to_json(), ensure_ascii=False), encoding="utf-8"
        )
        partial.replace(args.session)  # atomic: a crash never leaves half a session file
    if args.json:
        print(json.dumps(turn.to_json(), ensure_ascii=False))
    else:
        print(turn.reply)
    return 0


def _cmd_chat(args: argparse.Namespace, config: Config) -> int:
    agent = _agent(config)
    session_id = f"chat:{uuid.uuid4().hex}"
    say(f"llmrec chat ({agent.describe()}). Ctrl-D or 'quit' to leave.")
    while True:
        try:
            message = input("you> ")
        except EOFError:
            print()
            return 0
        if message.strip().lower() in ("quit", "exit", ":q"):
            return 0
        turn = agent.chat(message, session_id=session_id, user_id=args.user, k=args.k)
        print(f"llmrec> {turn.reply}\n", flush=True)
        sys.stdout.flush()


def register_eval(evals: Any, common: argparse.ArgumentParser) -> None:
    p = evals.add_parser(
        "conversation",
        parents=[common],
        help="scripted multi-turn conversations in six languages: constraints, grounding, language, latency",
        description="Run hand-written scenarios (refine, explain, feedback, older/newer, language switch, bad "
        "input) through the agent over the ingested catalog. Reports per language: constraint precision@10, "
        "share of items in the catalog, reply language match, groundedness of explanations, repeats, and "
        "turn latency p50/p95.",
    )
    llm_options(p)
    p.add_argument("--languages", nargs="+", metavar="LANG", help="only these languages (default all six)")
    p.add_argument("--json", action="store_true", help='print {"per_language": {lang: {...}}}')
    p.add_argument(
        "--dump", type=Path, metavar="FILE", help="write the report with every turn's constraints as JSON"
    )
    p.set_defaults(handler=_cmd_eval_conversation)


def _cmd_eval_conversation(args: argparse.Namespace, config: Config) -> int:
    from agent.conversation_eval import run
    from agent.scenarios import scenarios

    agent = _agent(config)
    chosen = [
        s for s in scenarios() if not args.languages or s.language in args.languages or s.name == "bad-input"
    ]
    say(f"running {len(chosen)} scenarios with {agent.describe()}")
    report = {"model": agent.describe(), **run(agent, chosen)}
    if args.dump:
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        args.dump.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    public = {k: v for k, v in report.items() if k != "turns"}
    if args.json:
        print(json.dumps(public, ensure_ascii=False, indent=2))
        return 0
    print(report["model"])
    for lang, scores in report["per_language"].items():
        print(f"  {lang:9} " + "  ".join(f"{k} {v}" for k, v in scores.items()))
    return 0
