"""Widgets of the staff UI."""
