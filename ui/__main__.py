"""``python -m ui`` serves the chat UI; ``python -m ui COMMAND ...`` is ``llmrec COMMAND ...`` (also what
`accelerate launch -m ui finetune` runs)."""

import sys

from .cli import main

sys.exit(main(sys.argv[1:] or ["serve"]))
