"""Fields: the catalogue of the thirteen registration fields, reading them from text, validating them."""
