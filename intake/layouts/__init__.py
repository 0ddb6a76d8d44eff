"""Layouts: the zones of a mail text, HTML and tables turned into lines, signatures."""
