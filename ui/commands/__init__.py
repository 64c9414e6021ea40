"""The subcommands of `llmrec`, one module per area; each has a register(subparsers, common) function."""
