"""LoRA fine-tuning of the LLM on recommendation tasks, and the evaluations that judge an adapter."""
