"""Counting: bulletins, running totals, seat allocation, certification, results and exports."""
