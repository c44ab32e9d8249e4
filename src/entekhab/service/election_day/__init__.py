"""Polling day: stations, branch sessions, check-in, casting, offline reconciliation, sealing."""
