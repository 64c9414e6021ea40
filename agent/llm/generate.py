"""Generation from chat messages: whole, batched, or streamed token by token (TextIteratorStreamer in a
thread). Greedy throughout: the tasks want the most likely answer, and runs must be reproducible.

``categories`` constrains "include"/"exclude" arrays in the output to those names (``constrain.py``);
``copy_keywords`` lists, per chat, the strings each "keywords" entry may be (None: free;
``agent.understand.keyword_terms``), and ``copy_titles`` makes "titles" runs of words of the given text, one
text (or None) per chat (``spans.py``);
``favored_genres`` lists, per chat, the categories its glossary line tags: where a category starts,
their first tokens get ``llm.tag_bias`` added (``favor.py``);
``avoid`` lists phrases the output must not contain, one list per chat (``avoid.py``); with it, the output
also never repeats a run of 6 of its own tokens, which stops a small model's loops;
``readings`` gives, per chat, a second prompt for the same answer or None (``agent/reading.py``): both are
decoded in step from the mean of their log-probabilities, the second weighted ``llm.english_reading``
(``readings.py``);
``keyword_bias``, per chat, is added to the "keywords" key where the model would end with "language" before
writing a keyword (``favor.PreferKeywords``; 0: off)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from threading import Thread

import torch

from .chat import prompt_ids
from .load import LoadedLLM


def _inputs(llm: LoadedLLM, messages: list[dict[str, str]]) -> dict[str, torch.Tensor]:
    ids = torch.tensor([prompt_ids(llm.tokenizer, messages)], device=llm.model.device)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def _settings(
    llm: LoadedLLM,
    max_new_tokens: int,
    categories: Sequence[str] | None,
    width: int,
    avoid: Sequence[Sequence[str]] | None = None,
    copy_keywords: Sequence[Sequence[str] | None] | None = None,
    copy_titles: Sequence[str | None] | None = None,
    favored_genres: Sequence[Sequence[str]] | None = None,
    groups: Sequence[Sequence[int]] | None = None,
    reading_weight: float = 0.0,
    keyword_bias: Sequence[float] | None = None,
) -> dict:
    from transformers import LogitsProcessorList

    processors = LogitsProcessorList()
    if categories:
        from .constrain import CategoryConstraint

        processors.append(CategoryConstraint(llm.tokenizer, categories, width))
    from .spans import CopySpans, title_spans

    if copy_keywords is not None and any(t is not None for t in copy_keywords):
        keyword_rows = [None if t is None else list(t) for t in copy_keywords]
        processors.append(CopySpans(llm.tokenizer, "keywords", keyword_rows, width))
    if copy_titles is not None and any(m is not None for m in copy_titles):
        title_rows = [None if m is None else title_spans(m) for m in copy_titles]
        processors.append(CopySpans(llm.tokenizer, "titles", title_rows, width))
    if favored_genres is not None and llm.tag_bias and any(favored_genres):
        from .favor import FavorStarts

        processors.append(FavorStarts(llm.tokenizer, "include|exclude", favored_genres, llm.tag_bias, width))
    if avoid is not None:
        from .avoid import AvoidPhrases

        processors.append(AvoidPhrases(llm.tokenizer, avoid, width))
    if groups is not None and reading_weight and any(len(g) > 1 for g in groups):
        from .readings import MeanOfReadings

        processors.append(MeanOfReadings(groups, reading_weight))  # it sees every change above
    if keyword_bias is not None and any(keyword_bias):
        from .favor import PreferKeywords

        processors.append(PreferKeywords(llm.tokenizer, keyword_bias, width))  # on the mean: groups agree
    return {
        "max_new_tokens": max_new_tokens,
        "do_sample": False,
        "pad_token_id": llm.tokenizer.pad_token_id,
        "logits_processor": processors,
    }


def generate_text(
    llm: LoadedLLM,
    messages: list[dict[str, str]],
    max_new_tokens: int = 128,
    categories: Sequence[str] | None = None,
    avoid: Sequence[str] | None = None,
    copy_keywords: Sequence[str] | None = None,
    copy_titles: str | None = None,
    favored_genres: Sequence[str] = (),
    reading: list[dict[str, str]] | None = None,
    keyword_bias: float = 0.0,
) -> str:
    """Greedy completion of the chat, decoded without special tokens."""
    if reading is not None and llm.english_reading:
        return generate_batch(
            llm,
            [messages],
            max_new_tokens,
            categories,
            None if avoid is None else [avoid],
            [copy_keywords],
            [copy_titles],
            [favored_genres],
            [reading],
            [keyword_bias],
        )[0]
    inputs = _inputs(llm, messages)
    width = inputs["input_ids"].shape[1]
    rows = None if avoid is None else [avoid]
    settings = _settings(
        llm,
        max_new_tokens,
        categories,
        width,
        rows,
        [copy_keywords],
        [copy_titles],
        [favored_genres],
        keyword_bias=[keyword_bias],
    )
    with torch.no_grad():
        out = llm.model.generate(**inputs, **settings)
    return llm.tokenizer.decode(out[0, width:], skip_special_tokens=True)


def generate_batch(
    llm: LoadedLLM,
    chats: list[list[dict[str, str]]],
    max_new_tokens: int = 128,
    categories: Sequence[str] | None = None,
    avoid: Sequence[Sequence[str]] | None = None,
    copy_keywords: Sequence[Sequence[str] | None] | None = None,
    copy_titles: Sequence[str | None] | None = None,
    favored_genres: Sequence[Sequence[str]] | None = None,
    readings: Sequence[list[dict[str, str]] | None] | None = None,
    keyword_bias: Sequence[float] | None = None,
) -> list[str]:
    """Greedy completions of several chats at once (left-padded into one batch): how evaluations run."""
    if readings is None or not llm.english_reading:
        readings = [None] * len(chats)
    # each chat's rows: its own prompt, then its second reading if it has one; per-chat settings follow them
    groups: list[list[int]] = []
    prompts: list[list[dict[str, str]]] = []
    for chat, reading in zip(chats, readings, strict=True):
        groups.append(list(range(len(prompts), len(prompts) + 1 + (reading is not None))))
        prompts += [chat] if reading is None else [chat, reading]

    def per_row(values: Sequence | None) -> list | None:
        return None if values is None else [values[i] for i, g in enumerate(groups) for _ in g]

    rows = [prompt_ids(llm.tokenizer, m) for m in prompts]
    width = max(len(r) for r in rows)
    pad = llm.tokenizer.pad_token_id
    ids = torch.tensor([[pad] * (width - len(r)) + r for r in rows], device=llm.model.device)
    mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows], device=llm.model.device)
    with torch.no_grad():
        out = llm.model.generate(
            input_ids=ids,
            attention_mask=mask,
            **_settings(
                llm,
                max_new_tokens,
                categories,
                width,
                per_row(avoid),
                per_row(copy_keywords),
                per_row(copy_titles),
                per_row(favored_genres),
                groups,
                llm.english_reading,
                per_row(keyword_bias),
            ),
        )
    return [llm.tokenizer.decode(out[g[0], width:], skip_special_tokens=True) for g in groups]


def stream_text(
    llm: LoadedLLM,
    messages: list[dict[str, str]],
    max_new_tokens: int = 128,
    categories: Sequence[str] | None = None,
    avoid: Sequence[str] | None = None,
) -> Iterator[str]:
    """The same greedy completion, yielded in pieces as soon as they are decoded."""
    from transformers import TextIteratorStreamer

    inputs = _inputs(llm, messages)
    streamer = TextIteratorStreamer(llm.tokenizer, skip_prompt=True, skip_special_tokens=True)
    kwargs = {
        **inputs,
        **_settings(
            llm, max_new_tokens, categories, inputs["input_ids"].shape[1], None if avoid is None else [avoid]
        ),
        "streamer": streamer,
    }
    worker = Thread(target=lambda: _no_grad_generate(llm, kwargs), daemon=True)
    worker.start()
    yield from streamer
    worker.join()


def _no_grad_generate(llm: LoadedLLM, kwargs: dict) -> None:
    with torch.no_grad():
        llm.model.generate(**kwargs)
