"""Headquarters operations (issue 15), one module per concept: organisation, directives,
meetings, rules_library, lessons, contingency, complaints, commitments, statements and
classification. Every change is recorded in the event log in the same transaction."""
