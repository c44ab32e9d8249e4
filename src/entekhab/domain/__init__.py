"""Pure election rules: no I/O, no clock, no randomness (pass them in)."""
