"""The domain: what a record is and the rules about it, as plain data and functions.

Nothing here reads files, runs git or prints."""
