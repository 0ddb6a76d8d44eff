"""MIME: raw bytes to a parsed message within cheap limits; headers, charsets, sender authentication."""
