"""Screens of the staff UI: queue, case, register, and the dialogs the case actions open."""
