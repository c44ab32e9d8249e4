"""How the permission matrix finds the jurisdiction of the object a request touches.

A ``Scope`` names where the object's identifiers are in the request (``path("branch")``,
``body("election_id")``, ``query("area")``) and turns them into the object's chains of
jurisdiction codes (``service.security.jurisdictions``). ``None`` means the gate has nothing to
check: the
route is not about one place, or the route itself narrows what it returns (documented in the
matrix's note).

Body fields a scope reads must be required by the route's schema: when such a field is missing or
not a string the gate leaves the request to the schema, which refuses it (422).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.orm import Session

from entekhab.service.candidates.common import candidate_chains
from entekhab.service.security import jurisdictions as places
from entekhab.service.security.confidential import record_chains

__all__ = [
    "NOWHERE",
    "BranchScope",
    "CandidateScope",
    "ConfidentialRecordScope",
    "ContestScope",
    "ElectionScope",
    "FilteredScope",
    "JurisdictionScope",
    "OwnAccountScope",
    "Ref",
    "RequestValues",
    "Scope",
    "StationBranchScope",
    "UnscopedScope",
    "body",
    "path",
    "query",
]


@dataclass(frozen=True)
class RequestValues:
    """What a scope may read from a request."""

    path: Mapping[str, str]
    query: Mapping[str, str]
    body: Any


@dataclass(frozen=True)
class Ref:
    """Where an identifier is in a request: a path parameter, a query parameter or a body field."""

    where: Literal["path", "query", "body"]
    name: str

    def read(self, values: RequestValues) -> str | None:
        if self.where == "path":
            return values.path.get(self.name)
        if self.where == "query":
            return values.query.get(self.name)
        if isinstance(values.body, dict):
            found = values.body.get(self.name)
            return found if isinstance(found, str) else None
        return None

    def __str__(self) -> str:
        return f"{self.where} `{self.name}`"


def path(name: str) -> Ref:
    return Ref("path", name)


def query(name: str) -> Ref:
    return Ref("query", name)


def body(name: str) -> Ref:
    return Ref("body", name)


class Scope:
    """Base: no object to place (the gate checks roles only)."""

    def refs(self) -> tuple[Ref, ...]:
        return ()

    def needs_body(self) -> bool:
        return any(ref.where == "body" for ref in self.refs())

    def describe(self) -> str:
        raise NotImplementedError

    def locate(self, session: Session, values: RequestValues) -> places.Chains | None:
        """The object's chains, or None when there is nothing for the gate to check."""
        return None

    def _read_all(self, values: RequestValues) -> list[str] | None:
        found = [ref.read(values) for ref in self.refs()]
        if any(value is None for value in found):
            return None
        return [value for value in found if value is not None]


@dataclass(frozen=True)
class UnscopedScope(Scope):
    """Not about one place (e.g. signing in, or a route only country-wide roles may use)."""

    why: str

    def describe(self) -> str:
        return f"— ({self.why})"


NOWHERE = UnscopedScope("not about one place")


@dataclass(frozen=True)
class BranchScope(Scope):
    election: Ref
    branch: Ref

    def refs(self) -> tuple[Ref, ...]:
        return (self.election, self.branch)

    def describe(self) -> str:
        return f"branch {self.branch} of election {self.election}"

    def locate(self, session: Session, values: RequestValues) -> places.Chains | None:
        found = self._read_all(values)
        return None if found is None else places.branch_chain(session, found[0], found[1])


@dataclass(frozen=True)
class ContestScope(Scope):
    election: Ref
    contest: Ref

    def refs(self) -> tuple[Ref, ...]:
        return (self.election, self.contest)

    def describe(self) -> str:
        return f"every division of the constituency of contest {self.contest} ({self.election})"

    def locate(self, session: Session, values: RequestValues) -> places.Chains | None:
        found = self._read_all(values)
        return None if found is None else places.contest_chains(session, found[0], found[1])


@dataclass(frozen=True)
class ElectionScope(Scope):
    election: Ref

    def refs(self) -> tuple[Ref, ...]:
        return (self.election,)

    def describe(self) -> str:
        return f"the whole area of election {self.election} (its top-level divisions)"

    def locate(self, session: Session, values: RequestValues) -> places.Chains | None:
        found = self._read_all(values)
        return None if found is None else places.election_chains(session, found[0])


@dataclass(frozen=True)
class JurisdictionScope(Scope):
    """A jurisdiction code given in the request (e.g. the jurisdiction of a new user)."""

    code: Ref

    def refs(self) -> tuple[Ref, ...]:
        return (self.code,)

    def describe(self) -> str:
        return f"the jurisdiction named in {self.code}"

    def locate(self, session: Session, values: RequestValues) -> places.Chains | None:
        found = self._read_all(values)
        return None if found is None else places.known_jurisdiction(session, found[0])


@dataclass(frozen=True)
class StationBranchScope(Scope):
    """The signing station's own branch; the route refuses any other (WRONG_BRANCH, 403)."""

    branch: Ref | None = None

    def describe(self) -> str:
        if self.branch is None:
            return "the signing station's own branch"
        return f"the signing station's own branch ({self.branch} must be it: WRONG_BRANCH)"


@dataclass(frozen=True)
class OwnAccountScope(Scope):
    def describe(self) -> str:
        return "the caller's own account and session"


@dataclass(frozen=True)
class FilteredScope(Scope):
    """A listing the route narrows to what lies inside the caller's jurisdiction."""

    what: str

    def describe(self) -> str:
        return f"lists only {self.what} inside the caller's jurisdiction"


@dataclass(frozen=True)
class ConfidentialRecordScope(Scope):
    """A stored confidential record: where it lies is the jurisdiction it was filed under."""

    record: Ref

    def refs(self) -> tuple[Ref, ...]:
        return (self.record,)

    def describe(self) -> str:
        return f"the jurisdiction of confidential record {self.record}"

    def locate(self, session: Session, values: RequestValues) -> places.Chains | None:
        found = self._read_all(values)
        return None if found is None else record_chains(session, found[0])


@dataclass(frozen=True)
class CandidateScope(Scope):
    """A registered candidate: where they lie is the constituency of their contest."""

    election: Ref
    registration: Ref

    def refs(self) -> tuple[Ref, ...]:
        return (self.election, self.registration)

    def describe(self) -> str:
        return (
            f"every division of the constituency of candidate {self.registration}'s contest "
            f"({self.election})"
        )

    def locate(self, session: Session, values: RequestValues) -> places.Chains | None:
        found = self._read_all(values)
        return None if found is None else candidate_chains(session, found[0], found[1])
