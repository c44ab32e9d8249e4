"""Benchmarks: each prints its figures (and the peer ratio measured in the same run)."""
