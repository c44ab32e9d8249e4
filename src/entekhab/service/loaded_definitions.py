"""Old name of ``entekhab.service.definitions.get_definition``, kept for work written against it
during session 2; use ``get_definition`` in new code (this module goes once nothing imports it)."""

from entekhab.service.definitions import LoadedDefinition
from entekhab.service.definitions import get_definition as load_definition

__all__ = ["LoadedDefinition", "load_definition"]
