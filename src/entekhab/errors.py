"""Public face of Entekhab's coded errors (defined in ``entekhab.domain.errors``)."""

from entekhab.domain.error_codes import all_specs
from entekhab.domain.errors import EntekhabError, ErrorSpec, ProblemList

__all__ = ["EntekhabError", "ErrorSpec", "ProblemList", "all_specs"]
