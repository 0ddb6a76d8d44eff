"""Replies: reason texts, reply bodies from the templates, and composing outgoing messages."""
