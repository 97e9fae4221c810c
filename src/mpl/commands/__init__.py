"""One module per command group; each parses, calls the core, renders."""
