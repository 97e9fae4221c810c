"""The use cases: one module per part of the record; plain functions that take a
portfolio and return results, for the commands to render."""
