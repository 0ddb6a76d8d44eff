"""The plan: what becomes of a case and which reply goes out. Pure."""
