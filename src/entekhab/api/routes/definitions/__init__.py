"""Routes of election definitions."""
