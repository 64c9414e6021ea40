"""``python -m ui ...`` is ``llmrec ...`` (also what `accelerate launch -m ui finetune` runs)."""

import sys

from .cli import main

sys.exit(main())
