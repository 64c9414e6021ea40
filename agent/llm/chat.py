"""Chat templates: the model's own when it has one, else a documented fallback.

Base models (gemma-3-270m base, tiny test models) ship no chat template. A tokenizer that knows Gemma's turn
tokens gets Gemma's layout (the system text opens the first user turn, as in Gemma's own template; each turn
marker is one token):

    <start_of_turn>user\\n{system}\\n\\n{user}<end_of_turn>\\n<start_of_turn>model\\n

Any other gets the ChatML layout that SmolLM2 and Qwen use:

    <|im_start|>system\\n{system}<|im_end|>\\n<|im_start|>user\\n{user}<|im_end|>\\n<|im_start|>assistant\\n

An adapter is fine-tuned and served with the same template.
"""

from __future__ import annotations

from typing import Any

FALLBACK_CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


GEMMA_CHAT_TEMPLATE = (
    "{% set system = namespace(text='') %}"
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{% set system.text = message['content'] + '\\n\\n' %}"
    "{% else %}"
    "{{ '<start_of_turn>' + ('model' if message['role'] == 'assistant' else 'user') + '\\n' }}"
    "{% if message['role'] == 'user' %}{{ system.text }}{% set system.text = '' %}{% endif %}"
    "{{ message['content'] + '<end_of_turn>\\n' }}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"
)


def ensure_chat_template(tokenizer: Any) -> bool:
    """Give ``tokenizer`` a fallback template if it has none. Returns True when a fallback was set."""
    if getattr(tokenizer, "chat_template", None):
        return False
    vocab = tokenizer.get_vocab()
    gemma = "<start_of_turn>" in vocab and "<end_of_turn>" in vocab
    tokenizer.chat_template = GEMMA_CHAT_TEMPLATE if gemma else FALLBACK_CHAT_TEMPLATE
    return True


def render(tokenizer: Any, messages: list[dict[str, str]], add_generation_prompt: bool = True) -> str:
    ensure_chat_template(tokenizer)
    return tokenizer.apply_chat_template(
        messages, tokenize=False, add_generation_prompt=add_generation_prompt
    )


def prompt_ids(tokenizer: Any, messages: list[dict[str, str]]) -> list[int]:
    """Token ids of the rendered prompt, starting with BOS when the tokenizer has one (training and inference
    must agree; templates differ in whether they write it themselves)."""
    ids = tokenizer(render(tokenizer, messages), add_special_tokens=False).input_ids
    bos = tokenizer.bos_token_id
    if bos is not None and (not ids or ids[0] != bos):
        ids = [bos, *ids]
    return ids
