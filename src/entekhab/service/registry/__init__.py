"""The civil-registry extract: checking and importing its rows."""
