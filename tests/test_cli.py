"""The `llmrec` command end to end, as a subprocess: ingest, search, info, errors, and a killed ingest."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BIN

LLMREC = [str(BIN / "llmrec")] if (BIN / "llmrec").exists() else [sys.executable, "-m", "ui.cli"]
pytestmark = pytest.mark.slow  # each call starts a Python with torch: seconds apiece


def run(*args: str, home: Path, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LLMREC_HOME": str(home)}
    proc = subprocess.run([*LLMREC, *args], capture_output=True, text=True, env=env, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"llmrec {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def write_catalog(path: Path, n: int) -> Path:
    cats = ["Animation", "Comedy", "Horror", "Drama"]
    words = ["toy", "ghost", "space", "love", "dog", "city", "night", "dragon"]
    lines = ["item_id,title,description,categories,year"]
    for i in range(n):
        title = f"{words[i % 8].title()} {words[(i * 3) % 8].title()} {i}"
        lines.append(
            f"m{i},{title},a story of {words[(i * 5) % 8]},{cats[i % 4]}|{cats[(i + 1) % 4]},{1950 + i % 70}"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def catalog(tmp_path):
    return write_catalog(tmp_path / "catalog.csv", 120)


def test_help_explains_commands(tmp_path):
    out = run("--help", home=tmp_path).stdout
    for command in ("ingest", "search", "demo", "info", "LLMREC_HOME"):
        assert command in out
    assert "--year-min" in run("search", "--help", home=tmp_path).stdout


def test_ingest_search_json(tmp_path, catalog, tiny_embedder_dir):
    home = tmp_path / "home"
    model = ["--embed-model", str(tiny_embedder_dir)]
    first = json.loads(run("ingest", "--catalog", f"csv:{catalog}", "--json", *model, home=home).stdout)
    assert (first["added"], first["total"]) == (120, 120)
    second = json.loads(run("ingest", "--catalog", f"csv:{catalog}", "--json", *model, home=home).stdout)
    assert (second["added"], second["updated"], second["unchanged"]) == (0, 0, 120)

    out = run(
        "search",
        "ghost night",
        "-k",
        "5",
        "--include",
        "comedy",
        "--exclude",
        "Horror",
        "--year-min",
        "1960",
        "--year-max",
        "1999",
        "--json",
        *model,
        home=home,
    ).stdout
    items = json.loads(out)["items"]
    assert len(items) == 5
    for item in items:
        assert set(item) == {"item_id", "title", "score", "categories", "year"}
        assert "Comedy" in item["categories"] and "Horror" not in item["categories"]
        assert 1960 <= item["year"] <= 1999

    info = json.loads(run("info", "--json", home=home).stdout)
    assert (info["state"], info["items"]) == ("complete", 120)


def test_errors_are_one_clear_line(tmp_path, catalog, tiny_embedder_dir):
    bad = tmp_path / "bad.csv"
    bad.write_text("item_id,title,year\n1,A,1990\n2,B,soon\n")
    proc = run(
        "ingest",
        "--catalog",
        f"csv:{bad}",
        "--embed-model",
        str(tiny_embedder_dir),
        home=tmp_path,
        check=False,
    )
    assert proc.returncode == 1
    assert "bad.csv:3: year 'soon' is not a number" in proc.stderr and "--skip-bad" in proc.stderr
    assert "Traceback" not in proc.stderr

    proc = run("search", "anything", home=tmp_path / "empty", check=False)
    assert proc.returncode == 1 and "llmrec ingest" in proc.stderr

    run("ingest", "--catalog", f"csv:{catalog}", "--embed-model", str(tiny_embedder_dir), home=tmp_path)
    proc = run(
        "search",
        "x",
        "--include",
        "Cartoons",
        "--json",
        "--embed-model",
        str(tiny_embedder_dir),
        home=tmp_path,
        check=False,
    )
    assert proc.returncode == 1 and "unknown category 'Cartoons'" in json.loads(proc.stdout)["error"]


def test_killed_ingest_is_never_mistaken_for_complete(tmp_path, tiny_embedder_dir):
    catalog = write_catalog(tmp_path / "big.csv", 6000)
    home = tmp_path / "home"
    model = ["--embed-model", str(tiny_embedder_dir)]
    env = {**os.environ, "LLMREC_HOME": str(home)}
    proc = subprocess.Popen(
        [*LLMREC, "ingest", "--catalog", f"csv:{catalog}", "--batch-size", "50", *model],
        stderr=subprocess.PIPE,
        env=env,
    )
    # Kill as soon as the progress bar shows a few finished batches.
    # tqdm redraws at most every 0.1 s, so any count may be skipped: kill at the first one past two batches.
    seen = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        chunk = proc.stderr.read1(256)
        if not chunk:
            break
        seen += chunk
        counts = [int(n) for n in re.findall(rb"(\d+)/6000", seen)]
        if counts and counts[-1] >= 100:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, seen.decode(errors="replace")[-500:]

    info = json.loads(run("info", "--json", home=home).stdout)
    assert info["state"] == "ingesting" and 0 < info["items"] < 6000
    refused = run("search", "ghost", *model, home=home, check=False)
    assert refused.returncode == 1 and "incomplete" in refused.stderr

    resumed = json.loads(run("ingest", "--catalog", f"csv:{catalog}", "--json", *model, home=home).stdout)
    assert resumed["unchanged"] == info["items"] and resumed["added"] == 6000 - info["items"]
    assert resumed["total"] == 6000
    assert len(json.loads(run("search", "ghost", "--json", *model, home=home).stdout)["items"]) == 10


def test_cli_against_a_chroma_server(tmp_path, catalog, tiny_embedder_dir, chroma_server):
    host, port = chroma_server
    flags = [
        "--chroma-host",
        host,
        "--chroma-port",
        str(port),
        "--collection",
        "cli-server",
        "--embed-model",
        str(tiny_embedder_dir),
    ]
    first = json.loads(run("ingest", "--catalog", f"csv:{catalog}", "--json", *flags, home=tmp_path).stdout)
    assert first["store"] == f"http://{host}:{port}" and first["total"] == 120
    items = json.loads(run("search", "dragon", "-k", "3", "--json", *flags, home=tmp_path).stdout)["items"]
    assert len(items) == 3
