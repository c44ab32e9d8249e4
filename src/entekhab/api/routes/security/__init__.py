"""Routes of accounts, sign-in and confidential records."""
