"""All disk and git I/O. Nothing above this package opens a file or runs git."""
