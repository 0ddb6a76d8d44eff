"""Understanding a message: pure functions from raw bytes to fields, flags and a verdict.

Nothing here talks to a server or a database; the worker stores what these functions return.
"""
