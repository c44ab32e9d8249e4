"""Entekhab (انتخاب): election administration for fully electronic elections."""

__version__ = "0.1.0"
