"""Counting: seat allocation for plurality and list PR, verifiable ties. Pure functions."""
