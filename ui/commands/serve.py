"""``llmrec serve``: the Gradio chat UI over the agent (also ``python -m ui`` with no arguments)."""

from __future__ import annotations

import argparse
from typing import Any

from agent.config import Config

from .common import positive_int, say
from .llm import llm_options


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the chat UI in the browser (localhost by default)",
        description="Start the Gradio chat UI over the catalog built by `llmrec demo` / `llmrec ingest`: "
        "streaming replies, recommendation cards with Why? / 👍 / 👎, a user id that loads a stored taste "
        "profile, examples in six languages. Uses a GPU with 4-bit weights when there is one, else the CPU. "
        "Analytics are off; nothing leaves the machine.",
        epilog="example: llmrec serve --port 7860 --auth alice:secret",
    )
    serve_options(p)
    p.set_defaults(handler=cmd_serve)


def serve_options(p: argparse.ArgumentParser) -> None:
    llm_options(p)
    p.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1: this machine only)"
    )
    p.add_argument("--port", type=positive_int, default=7860, help="port (default 7860)")
    p.add_argument("--auth", metavar="USER:PASS", help="require this login")
    p.add_argument("-k", type=positive_int, default=5, help="items per recommendation list (default 5)")
    p.add_argument(
        "--concurrency", type=positive_int, default=1, help="turns computed at once; others queue (default 1)"
    )


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    from agent.agent import RecommenderAgent
    from ui.app import build_app

    auth = None
    if args.auth:
        user, sep, password = args.auth.partition(":")
        if not (sep and user and password):
            raise ValueError("--auth takes USER:PASS, e.g. --auth alice:secret")
        auth = (user, password)
    say("loading the agent (catalog, interest model, language model)...")
    agent = RecommenderAgent.build(config)
    if agent.llm is None:
        say("llmrec: no language model could be loaded; answering with rules and retrieval only")
    app = build_app(agent, k=args.k, concurrency=args.concurrency)
    host = "localhost" if args.host in ("127.0.0.1", "localhost") else args.host
    print(f"llmrec UI: http://{host}:{args.port}  ({agent.describe()}; Ctrl-C stops it)", flush=True)
    app.launch(server_name=args.host, server_port=args.port, auth=auth, show_error=False, quiet=True)
    return 0
