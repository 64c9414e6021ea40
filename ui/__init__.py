"""The user-facing faces of llmrec: the ``llmrec`` command line (``ui.cli``) and, later, the Gradio app."""
