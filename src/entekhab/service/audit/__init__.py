"""Audit: the hash-chained event log, its verification and export, backups."""
