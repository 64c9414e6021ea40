"""Fine-tuning on the tiny causal LM: answer-only labels, left padding, a short run that learns, the saved
adapter with its loss curve and card, the evaluations' report shape, and the `llmrec finetune` command."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import torch

from agent.config import FinetuneConfig, LLMConfig
from agent.llm import load_llm
from finetune.evaluate import evaluate_explanation, evaluate_understanding
from finetune.records import (
    basic_understanding,
    heldout_explanation,
    heldout_understanding,
    training_records,
    vocabulary_of,
)
from finetune.train import IGNORE, Collator, answer_loss, encode, finetune
from retrieval import load_catalog

LANGUAGES = ("en", "zh", "es", "fr", "de", "ja")


@pytest.fixture(scope="module")
def items(ml_small):
    return load_catalog(f"movielens:{ml_small}").items


def test_labels_cover_the_answer_only(tiny_lm, tmp_path):
    llm = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path)
    record = {"messages": [{"role": "user", "content": "hi"}], "answer": "ok"}
    row = encode(record, llm.tokenizer, 256)
    answer = [t for t in row["labels"] if t != IGNORE]
    assert llm.tokenizer.decode(answer[:-1]) == "ok" and answer[-1] == llm.tokenizer.eos_token_id
    assert row["input_ids"][-len(answer) :] == answer

    assert encode(record, llm.tokenizer, len(row["input_ids"]) - 1) is None  # too long: left out, not cut
    short = encode({**record, "answer": "a"}, llm.tokenizer, 256)
    batch = Collator(llm.tokenizer.pad_token_id)([row, short])
    assert batch["input_ids"].shape[1] == len(row["input_ids"])
    assert batch["attention_mask"][1, 0] == 1 and batch["attention_mask"][1, -1] == 0  # right padding


def test_answer_loss_equals_full_logits_loss(tiny_lm, tmp_path):
    llm = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path)
    rows = [
        encode({"messages": [{"role": "user", "content": q}], "answer": a}, llm.tokenizer, 256)
        for q, a in [("hi there", "ok"), ("a comedy", '{"include":["Comedy"]}')]
    ]
    batch = Collator(llm.tokenizer.pad_token_id)(rows)
    logits = llm.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    full = torch.nn.functional.cross_entropy(
        logits[:, :-1].reshape(-1, logits.shape[-1]), batch["labels"][:, 1:].reshape(-1), ignore_index=IGNORE
    )
    assert torch.allclose(answer_loss(llm.model, batch), full, atol=1e-5)


def test_short_run_learns_and_saves_adapter_card_and_curve(tiny_lm, tmp_path, short_run):
    items, config, records = short_run
    out = tmp_path / "adapter"
    llm_config = LLMConfig(model=str(tiny_lm), device="cpu")
    summary = finetune(records, llm_config, config, out, tmp_path / "models", progress=False)
    losses = json.loads((out / "losses.json").read_text())
    assert losses[-1][1] < losses[0][1] * 0.9
    assert (out / "adapter_config.json").exists() and (out / "loss_curve.png").stat().st_size > 1000
    assert summary["steps"] == 30 and summary["adapter_bytes"] > 0
    from safetensors.torch import load_file

    saved = load_file(out / "adapter_model.safetensors")  # stored in bf16 by default
    assert {str(v.dtype) for v in saved.values()} == {"torch.bfloat16"}

    from finetune.card import write_card

    card = write_card(out, summary, "llmrec finetune --steps 30").read_text()
    assert "base_model:" in card and "llmrec finetune --steps 30" in card
    assert "JSON request" in card and "explanation" in card and "lettered candidates" not in card
    assert "qlora" not in card  # trained on a full-precision base (the CPU default)
    base = json.loads((out / "adapter_config.json").read_text())["base_model_name_or_path"]
    assert base == str(tiny_lm)  # not a packaged model: the path it was trained on stays
    assert summary["glossary"] == [] and "No glossary" in card  # trained without dictionary hints
    (tmp_path / "hinted").mkdir()
    hinted = write_card(tmp_path / "hinted", {**summary, "glossary": ["zh", "de"]}, "x").read_text()
    assert (
        "understanding prompts in zh, de end with dictionary hints" in hinted and "Genre tags" not in hinted
    )
    assert "a keyword of 50% and a genre of 25% of the non-English requests" in hinted
    assert "only its genre tag" not in hinted
    ranking_only = {
        **summary,
        "config": {
            **summary["config"],
            "understanding_examples": 0,
            "explanation_examples": 0,
            "ranking_examples": 9,
        },
    }
    (tmp_path / "ranking").mkdir()
    card = write_card(tmp_path / "ranking", ranking_only, "x").read_text()
    assert "lettered candidates" in card and "JSON request" not in card

    tuned = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", adapter=str(out)), tmp_path / "models")
    assert "+ LoRA adapter" in tuned.describe()
    vocabulary = vocabulary_of(items)
    report = evaluate_understanding(tuned, heldout_understanding(items, n=12), vocabulary, progress=False)
    assert set(report["per_language"]) == {"en", "zh", "es", "fr", "de", "ja"}
    assert {"field_f1", "exact_match", "n", "valid_json"} <= set(report["per_language"]["en"])
    report = evaluate_explanation(tuned, heldout_explanation(items, n=6), vocabulary, progress=False)
    assert {"groundedness", "language_match", "n"} <= set(report["per_language"]["ja"])

    # continued training starts from the saved weights (near the loss they ended at), not from fresh ones
    more = finetune(
        records,
        llm_config,
        replace(config, steps=3, init_adapter=str(out)),
        tmp_path / "continued",
        tmp_path / "models",
        progress=False,
    )
    first = json.loads((tmp_path / "continued" / "losses.json").read_text())[0][1]
    start, end = losses[0][1], losses[-1][1]
    assert abs(first - end) < 0.5 * (start - end)  # fresh LoRA weights would start back near `start`
    assert more["init_adapter"]["steps"] == 30
    assert "Continued training" in write_card(tmp_path / "continued", more, "x").read_text()

    # a shrunk adapter trains on at its new rank, and the record says so
    from finetune.shrink import shrink_adapter

    shrink_adapter(out, tmp_path / "r4", 4)
    small = finetune(
        records,
        llm_config,
        replace(config, steps=2, init_adapter=str(tmp_path / "r4")),
        tmp_path / "r4-more",
        tmp_path / "models",
        progress=False,
    )
    assert small["config"]["lora_r"] == 4 and small["init_adapter"]["rank_reduction"]["rank_after"] == 4


def test_store_adapter_as_rounds_to_bf16_and_back(tmp_path):
    import torch
    from safetensors.torch import load_file, save_file

    from finetune.train import store_adapter_as

    weights = {"a.lora_A.weight": torch.randn(4, 8), "a.lora_B.weight": torch.randn(8, 4)}
    save_file(weights, tmp_path / "adapter_model.safetensors")
    size = (tmp_path / "adapter_model.safetensors").stat().st_size
    store_adapter_as(tmp_path, "bfloat16")
    small = load_file(tmp_path / "adapter_model.safetensors")
    assert (tmp_path / "adapter_model.safetensors").stat().st_size < size
    for k, v in weights.items():
        assert small[k].dtype == torch.bfloat16
        assert torch.allclose(small[k].float(), v, rtol=1e-2, atol=1e-3)
    store_adapter_as(tmp_path, "float32")
    assert load_file(tmp_path / "adapter_model.safetensors")["a.lora_A.weight"].dtype == torch.float32


def test_finetune_command(tiny_lm, tmp_path, ml_small, capsys):
    from ui.cli import main

    out = tmp_path / "cli-adapter"
    code = main(
        [
            "finetune",
            "--model",
            str(tiny_lm),
            "--device",
            "cpu",
            "--catalog",
            f"movielens:{ml_small}",
            "--steps",
            "2",
            "--batch-size",
            "2",
            "--understanding-examples",
            "6",
            "--explanation-examples",
            "2",
            "--genre-tag-share",
            "0.25",
            "--keyword-min-zipf",
            "3.5",
            "--keyword-zipf-languages",
            "zh",
            "ja",
            "--out",
            str(out),
            "--json",
        ]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["steps"] == 2 and (out / "README.md").exists() and (out / "train.jsonl").exists()
    # trained with genre tags on its hints by default: the adapter keeps the tagging, and its card says so
    card = (out / "README.md").read_text()
    assert (out / "genre_phrases.json").exists() and "Genre tags" in card and "25% of the records" in card
    assert summary["config"]["genre_tag_share"] == 0.25
    assert summary["catalog"] == "movielens:ml-latest-small" and "`movielens:ml-latest-small`" in card
    assert summary["config"]["keyword_min_zipf"] == 3.5
    assert summary["config"]["keyword_zipf_languages"] == ["zh", "ja"]
    assert "keywords in zh, ja drawn from words of Zipf frequency 3.5 or more" in card

    # the bare-genre check: each genre's first training phrase alone, in each language, misses listed
    common = ["--model", str(tiny_lm), "--device", "cpu", "--catalog", f"movielens:{ml_small}"]
    assert main(["eval", "basics", *common, "--adapter", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    genres = len(vocabulary_of(load_catalog(f"movielens:{ml_small}").items))
    assert {lang: r["n"] for lang, r in report["per_language"].items()} == dict.fromkeys(
        ("en", "zh", "es", "fr", "de", "ja"), genres
    )
    assert {lang: r["n"] for lang, r in report["genres"]["per_language"].items()} == dict.fromkeys(
        ("en", "zh", "es", "fr", "de", "ja"), genres
    )

    # two held-out evaluations, the adapter's and the base model's, compared request by request
    for name, adapter in (("tuned", str(out)), ("base", "none")):
        dump = tmp_path / f"{name}.json"
        assert (
            main(["eval", "understanding", *common, "-n", "12", "--adapter", adapter, "--dump", str(dump)])
            == 0
        )
        counts = json.loads(dump.read_text())["request_counts"]
        assert len(counts) == 12 and all(len(row) == 4 and row[0] in LANGUAGES for row in counts)
    # --seed draws other held-out requests (the base model gets them all wrong, so its dump lists each one)
    other = tmp_path / "other.json"
    args = [
        "eval",
        "understanding",
        *common,
        "-n",
        "12",
        "--adapter",
        "none",
        "--seed",
        "7",
        "--dump",
        str(other),
    ]
    assert main(args) == 0

    def asked(path):
        return {e["message"] for e in json.loads(path.read_text())["errors"]}

    assert len(asked(other)) == 12 and not asked(other) & asked(tmp_path / "base.json")
    capsys.readouterr()
    assert main(["eval", "compare", str(tmp_path / "base.json"), str(tmp_path / "tuned.json"), "--json"]) == 0
    compared = json.loads(capsys.readouterr().out)["field_f1"]
    assert set(compared) == {*LANGUAGES, "all"}
    assert compared["all"]["ci95"][0] <= compared["all"]["diff"] <= compared["all"]["ci95"][1]
    assert main(["eval", "compare", str(tmp_path / "base.json"), str(out / "training.json")]) != 0
    assert "llmrec eval understanding --dump" in capsys.readouterr().err

    # ranking lists are named up front: the error comes before any data is loaded, and says how to make them
    code = main(
        ["finetune", "--model", str(tiny_lm), "--catalog", "csv:/nonexistent.csv", "--ranking-examples", "5"]
    )
    assert code != 0 and "--dump-training-lists" in capsys.readouterr().err


def test_adapter_errors_say_what_to_do(tiny_lm, tmp_path):
    from agent.llm import LLMLoadError

    with pytest.raises(LLMLoadError, match="llmrec finetune"):
        load_llm(LLMConfig(model=str(tiny_lm), device="cpu", adapter=str(tmp_path / "nothing")), tmp_path)


def test_export_merges_adapter_into_plain_model(tiny_lm, tmp_path):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from finetune.export import export_merged

    base = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path)
    model = get_peft_model(
        base.model, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    )
    model.save_pretrained(tmp_path / "adapter")
    config = LLMConfig(model=str(tiny_lm), device="cpu", quantize="none", adapter=str(tmp_path / "adapter"))
    with_adapter = load_llm(config, tmp_path)
    out = export_merged(config, tmp_path, tmp_path / "merged")
    merged = AutoModelForCausalLM.from_pretrained(out)
    assert not (out / "adapter_config.json").exists() and (out / "tokenizer_config.json").exists()
    ids = torch.tensor([[1, 5, 6, 7, 8]])
    with torch.no_grad():
        expected = with_adapter.model(input_ids=ids).logits
        got = merged(input_ids=ids).logits
        plain = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path).model(
            input_ids=ids
        )
    assert torch.allclose(expected, got, atol=1e-4)
    assert not torch.allclose(expected, plain.logits, atol=1e-4)  # the adapter changed something


def test_card_lineage_follows_every_starting_adapter():
    from finetune.card import _lineage

    v3 = {"steps": 1200, "config": {"learning_rate": 5e-4, "seed": 0}, "final_loss": 0.036}
    v5 = {
        "steps": 400,
        "config": {"seed": 1},
        "final_loss": 0.038,
        "init_adapter": v3,
        "source": "commit abc",
    }
    lines = _lineage(v5)
    assert len(lines) == 2 and "400 steps" in lines[0] and "commit abc" in lines[0]
    assert lines[1].startswith("  - which started from") and lines[1].endswith("from fresh weights.")


def test_card_names_the_members_of_a_mean_inside_a_mean():
    from finetune.card import _averaged, _lineage

    def run(seed: int) -> dict:
        return {"steps": 400, "config": {"seed": seed}, "final_loss": 0.01}

    inner = {
        "members": 2,
        "weights": [0.5, 0.5],
        "adapters": [run(10), run(11)],
        "rank": 16,
        "rank_before": 32,
    }
    mean = run(10) | {"average": inner}  # a mean keeps its first member's fields
    outer = {"members": 2, "weights": [0.5, 0.5], "adapters": [mean, run(15)], "rank": 16, "rank_before": 16}
    (line,) = _averaged(outer)
    assert "weight 0.5: itself the mean of 2 adapters [weight 0.5: 400 steps, seed 10" in line
    assert "seed 11, final loss 0.0100]; weight 0.5: 400 steps, seed 15" in line
    (start,) = _lineage(mean)  # continued from a mean: its members, not its first member's history
    assert start.endswith(
        "the mean of 2 adapters [weight 0.5: 400 steps, seed 10, final loss 0.0100; "
        "weight 0.5: 400 steps, seed 11, final loss 0.0100]."
    )


def test_basic_requests_are_each_genres_first_training_phrase_alone(items):
    from finetune.understanding.data import TRAIN_BOOK

    records = basic_understanding(items)
    es = {json.loads(r["answer"])["include"][0]: r["message"] for r in records if r["language"] == "es"}
    assert es["Thriller"] == TRAIN_BOOK.noun_phrases("Thriller", "es")[0] == "un thriller"
    assert set(es) == set(vocabulary_of(items)) and len(records) == 6 * len(es)
    assert all(json.loads(r["answer"]).keys() == {"include", "language"} for r in records)


def test_the_genre_check_counts_categories_not_the_language(items):
    from finetune.evaluate import genre_check

    records = [r for r in basic_understanding(items) if r["language"] in ("es", "fr")]
    thriller_es, western_fr = (
        next(r for r in records if r["language"] == lang and genre in r["answer"])
        for lang, genre in (("es", "Thriller"), ("fr", "Western"))
    )
    errors = [  # "un thriller" read as Mystery; "un western" right but called Spanish
        {
            "language": "es",
            "message": thriller_es["message"],
            "gold": thriller_es["answer"],
            "output": '{"include":["Mystery"]}',
        },
        {
            "language": "fr",
            "message": western_fr["message"],
            "gold": western_fr["answer"],
            "output": '{"include":["Western"],"language":"es"}',
        },
    ]
    check = genre_check({"errors": errors}, records, vocabulary_of(items))
    n = len(records) // 2
    assert check["per_language"] == {"es": {"right": n - 1, "n": n}, "fr": {"right": n, "n": n}}
    # the validator adds the Thriller the message names (agent/genre_mentions.py); Mystery stays a miss
    assert check["misses"] == [
        {"language": "es", "message": "un thriller", "include": ["Mystery", "Thriller"], "want": ["Thriller"]}
    ]


def test_a_task_can_be_left_out_but_not_all(items):
    only = training_records(items, FinetuneConfig(understanding_examples=0, explanation_examples=3))
    assert [r["task"] for r in only] == ["explanation"] * 3
    with pytest.raises(ValueError, match="no training records"):
        training_records(items, FinetuneConfig(understanding_examples=0, explanation_examples=0))


def _rank_two_adapter(tiny_lm, tmp_path):
    """A rank-8 LoRA adapter on the tiny model whose every update B·A has rank 2."""
    from peft import LoraConfig, get_peft_model

    base = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path)
    model = get_peft_model(
        base.model,
        LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"], init_lora_weights=False),
    )
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param[:, 2:] = 0.0
    model.save_pretrained(tmp_path / "r8")
    return tmp_path / "r8"


def _logits(tiny_lm, tmp_path, adapter):
    config = LLMConfig(model=str(tiny_lm), device="cpu", quantize="none", adapter=str(adapter))
    with torch.no_grad():
        return load_llm(config, tmp_path).model(input_ids=torch.tensor([[1, 5, 6, 7, 8]])).logits


def test_shrink_keeps_an_update_that_fits_the_new_rank(tiny_lm, tmp_path):
    from finetune.shrink import shrink_adapter

    src = _rank_two_adapter(tiny_lm, tmp_path)
    report = shrink_adapter(src, tmp_path / "r2", 2)
    config = json.loads((tmp_path / "r2" / "adapter_config.json").read_text())
    assert (config["r"], config["lora_alpha"]) == (2, 4)  # the scale alpha/r stays 2
    assert report.energy_kept_min > 0.9999 and report.bytes_after < report.bytes_before
    assert torch.allclose(
        _logits(tiny_lm, tmp_path, src), _logits(tiny_lm, tmp_path, tmp_path / "r2"), atol=1e-5
    )


def test_shrink_below_the_update_rank_cuts_and_says_how_much(tiny_lm, tmp_path):
    from finetune.shrink import low_rank_factors, shrink_adapter

    b, a = torch.randn(12, 6), torch.randn(6, 20)
    new_b, new_a, kept = low_rank_factors(b, a, 3)
    best = torch.linalg.svd(b @ a)
    expected = best.U[:, :3] @ torch.diag(best.S[:3]) @ best.Vh[:3]
    assert new_b.shape == (12, 3) and new_a.shape == (3, 20)
    assert torch.allclose(new_b @ new_a, expected, atol=1e-4)
    assert kept == pytest.approx(float((best.S[:3] ** 2).sum() / (best.S**2).sum()), rel=1e-6)

    src = _rank_two_adapter(tiny_lm, tmp_path)
    report = shrink_adapter(src, tmp_path / "r1", 1)
    assert report.energy_kept_mean < 0.999
    assert not torch.allclose(
        _logits(tiny_lm, tmp_path, src), _logits(tiny_lm, tmp_path, tmp_path / "r1"), atol=1e-5
    )
    with pytest.raises(ValueError, match="between 1 and 7"):
        shrink_adapter(src, tmp_path / "r9", 9)
    with pytest.raises(FileExistsError):
        shrink_adapter(src, tmp_path / "r1", 1)


def test_shrink_command(tiny_lm, tmp_path, capsys):
    from finetune.card import write_card
    from finetune.shrink import shrink_adapter
    from ui.cli import main

    src = _rank_two_adapter(tiny_lm, tmp_path)
    assert (
        main(["shrink", "--adapter", str(src), "--rank", "2", "--out", str(tmp_path / "small"), "--json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["rank_after"] == 2
    summary = {
        "config": {},
        "trainable_parameters": 0,
        "rank_reduction": shrink_adapter(src, tmp_path / "card", 1).__dict__,
    }
    assert (
        "Rank lowered after training from r=8 to r=1"
        in write_card(tmp_path / "card", summary, "x").read_text()
    )
    assert (
        main(["shrink", "--adapter", str(tmp_path / "missing"), "--rank", "2", "--out", str(tmp_path / "x")])
        == 1
    )
    assert "llmrec finetune" in capsys.readouterr().err


def _random_adapter(tiny_lm, tmp_path, name, seed, glossary=("zh",)):
    """A rank-8 LoRA adapter on the tiny model with random (non-zero) updates and a training record."""
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(seed)
    base = load_llm(LLMConfig(model=str(tiny_lm), device="cpu", quantize="none"), tmp_path)
    model = get_peft_model(
        base.model,
        LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"], init_lora_weights=False),
    )
    model.save_pretrained(tmp_path / name)
    record = {
        "steps": seed,
        "final_loss": 0.1,
        "config": {"seed": seed, "lora_r": 8},
        "glossary": list(glossary),
    }
    (tmp_path / name / "training.json").write_text(json.dumps(record))
    return tmp_path / name


def _updates(folder):
    """module -> its LoRA update s·B·A, from the adapter's files."""
    from safetensors.torch import load_file

    config = json.loads((folder / "adapter_config.json").read_text())
    weights = load_file(folder / "adapter_model.safetensors")
    return {
        k: config["lora_alpha"] / config["r"] * weights[k.replace("lora_A", "lora_B")] @ weights[k]
        for k in weights
        if "lora_A" in k
    }


def test_average_is_the_weighted_mean_of_the_updates(tiny_lm, tmp_path):
    from finetune.average import average_adapters

    one, two = _random_adapter(tiny_lm, tmp_path, "one", 1), _random_adapter(tiny_lm, tmp_path, "two", 2)
    report = average_adapters([one, two], tmp_path / "mean", [0.25, 0.75])
    assert report.rank == 16 and report.energy_kept_min == 1.0
    first, second, mean = _updates(one), _updates(two), _updates(tmp_path / "mean")
    assert set(mean) == set(first)
    for key in mean:
        assert torch.allclose(mean[key], 0.25 * first[key] + 0.75 * second[key], atol=1e-6)
    record = json.loads((tmp_path / "mean" / "training.json").read_text())
    assert record["steps"] == 1 and record["average"]["weights"] == [0.25, 0.75]  # the first member's record
    assert [m["steps"] for m in record["average"]["adapters"]] == [1, 2]
    # all the weight on one member gives that member back, logits included
    average_adapters([one, two], tmp_path / "just-one", [1.0, 0.0])
    assert torch.allclose(
        _logits(tiny_lm, tmp_path, one), _logits(tiny_lm, tmp_path, tmp_path / "just-one"), atol=1e-5
    )


def test_average_can_cut_the_rank_and_refuses_what_it_cannot_average(tiny_lm, tmp_path):
    from finetune.average import average_adapters

    one, two = _random_adapter(tiny_lm, tmp_path, "one", 1), _random_adapter(tiny_lm, tmp_path, "two", 2)
    small = average_adapters([one, two], tmp_path / "r8", rank=8)
    assert small.rank == 8 and small.energy_kept_mean < 1.0
    written = json.loads((tmp_path / "r8" / "adapter_config.json").read_text())
    record = json.loads((tmp_path / "r8" / "training.json").read_text())
    assert written["r"] == 8 and record["config"]["lora_r"] == 8  # the record describes the written adapter
    assert record["config"]["lora_alpha"] == written["lora_alpha"]
    with pytest.raises(ValueError, match="sum to 1"):
        average_adapters([one, two], tmp_path / "x", [0.5, 0.6])
    with pytest.raises(ValueError, match="one per --adapter"):
        average_adapters([one, two], tmp_path / "x", [1.0])
    with pytest.raises(ValueError, match="at least two"):
        average_adapters([one], tmp_path / "x")
    with pytest.raises(FileExistsError):
        average_adapters([one, two], tmp_path / "r8")
    other = _random_adapter(tiny_lm, tmp_path, "other", 3, glossary=("de",))
    with pytest.raises(ValueError, match="glossary"):  # the agent could not prompt both the same way
        average_adapters([one, other], tmp_path / "x")
    (two / "genre_phrases.json").write_text('{"phrases": {}}')  # two tags genres, one does not
    with pytest.raises(ValueError, match="tag genres differently"):
        average_adapters([one, two], tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_average_command_and_card(tiny_lm, tmp_path, capsys):
    from ui.cli import main

    one, two = _random_adapter(tiny_lm, tmp_path, "one", 1), _random_adapter(tiny_lm, tmp_path, "two", 2)
    out = tmp_path / "soup"
    args = ["average", "--adapter", str(one), "--adapter", str(two), "--rank", "4", "--out", str(out)]
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rank"] == 4
    card = (out / "README.md").read_text()  # the model card, as llmrec finetune writes one
    assert "the weighted mean of 2 adapters' updates (weight 0.5: 1 steps, seed 1" in card
    assert "cut from rank 16 to 4 by truncated SVD" in card
    assert main(args) == 1  # the folder exists now: a message, not a traceback
    assert "already exists" in capsys.readouterr().err


@pytest.mark.slow
def test_accelerate_launch_averages_gradients_of_two_cpu_processes(tiny_lm, tmp_path, ml_small):
    """Two processes on the CPU (gloo): the multi-GPU code path without a GPU. Each process trains its shard;
    DDP must average their gradients, which `finetune` checks at the end (the processes' weights must agree:
    a loss computed around DDP's forward failed that check). One process writes the files."""
    import os
    import subprocess
    import sys

    out = tmp_path / "two-processes"
    # --multi_gpu selects accelerate's torchrun launcher, which starts CPU processes just as well
    launch = (
        "-m accelerate.commands.launch --multi_gpu --num_processes 2 --num_machines 1 --mixed_precision no"
    )
    options = "--device cpu --no-glossary --steps 4 --batch-size 2 --understanding-examples 6 --explanation-examples 2"
    command = [
        sys.executable,
        *launch.split(),
        *("--dynamo_backend", "no", "-m", "ui", "finetune", "--model", str(tiny_lm)),
        *("--catalog", f"movielens:{ml_small}", "--out", str(out), *options.split()),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads((out / "training.json").read_text())
    assert summary["processes"] == 2 and summary["steps"] == 4
    assert "per process x 2 processes (DDP)" in (out / "README.md").read_text()
    lines = (out / "train.jsonl").read_text().splitlines()
    assert len(lines) == 8 and all(json.loads(line)["answer"] for line in lines)
    assert done.stderr.count("training records ->") == 1
