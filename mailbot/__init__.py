"""The mail edge: SMTP and IMAP intake, the worker and sender loops, and the `mdreg` command."""
