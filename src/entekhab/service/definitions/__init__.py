"""Election definitions: loading, hashing and reading them back."""
