"""HTML to plain text for extraction, with html2text (tables kept as rows, links as text)."""

from __future__ import annotations

import html2text


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_links = True
    converter.bypass_tables = False
    return converter.handle(html)
