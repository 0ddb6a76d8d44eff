"""Attachments: the text of each attached file, within limits."""
