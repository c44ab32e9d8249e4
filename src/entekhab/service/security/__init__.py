"""Security: accounts, sessions, jurisdictions, confidential records, the server key."""
