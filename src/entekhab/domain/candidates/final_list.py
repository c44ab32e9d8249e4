"""A ballot is issued only for contests whose official candidate list is final.

A list is final once it is in the definition (published, or loaded with the definition), so the
check reads the definition the caller already holds — a cached set, no query.
"""

from __future__ import annotations

from collections.abc import Iterable

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.candidates import CANDIDATE_LIST_NOT_FINAL
from entekhab.domain.errors import EntekhabError

__all__ = ["require_final_lists"]


def require_final_lists(definition: ElectionDefinition, contests: Iterable[str]) -> None:
    """CANDIDATE_LIST_NOT_FINAL naming the first contest whose list is not final."""
    final = definition.contests_with_candidates
    for contest in contests:
        if contest not in final:
            raise EntekhabError(CANDIDATE_LIST_NOT_FINAL, {"contest": contest})
