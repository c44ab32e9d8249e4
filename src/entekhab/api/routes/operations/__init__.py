"""Routes of headquarters operations (issue 15). Every object is reached through the path of a
jurisdiction (``/operations/{jurisdiction}/...``), which the permission matrix places; the
services answer OPS_UNKNOWN for an object that does not lie inside that jurisdiction."""
