"""Routes of counting and results."""
