"""The mail edges: SMTP, IMAP and file import, each storing raw bytes durably before acknowledging."""
