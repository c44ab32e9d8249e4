"""Routes of polling day."""
