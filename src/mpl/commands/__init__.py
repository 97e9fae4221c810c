"""One module per command group; each parses, calls the core, renders.

The command modules do without `from __future__ import annotations`: typer reads every
parameter's annotation when the command runs, and an annotation kept as a string must
first be compiled and evaluated (about 7 ms of `mpl log`'s 33 options)."""
