"""Regular-expression pieces that several field readers compose into their own patterns.

Each is the text of a pattern, not a compiled one, so that a reader can embed it in a larger
expression (`r"(?i:tlf) (" + PHONE_NUMBER + r")"`) and capture it where it needs to.
"""

from __future__ import annotations

# A phone or fax number as written in prose: 8 to 16 digits, spaces and dashes that start and end
# with a digit, an optional '+' in front ('926 12 345', '+47 75-50-20-00').
PHONE_NUMBER = r"\+?\d[\d \-]{6,14}\d"
