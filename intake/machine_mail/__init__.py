"""Machine mail: bounces, auto-replies, lists and loops, never answered."""
