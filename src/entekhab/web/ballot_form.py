"""The voter's ballot as a web form: what the voter screen shows, and the form read back.

One module serves the branch's voter screen (``station/web``) and the practice ballot (the
station's practice mode and the portal's ``/practice``), so both show the same ballot and read
it the same way; the rules themselves stay in ``domain.ballot_rules`` (checked here for the
review page, and again by ``Station.cast``).

Each contest of the voter's ballot style is one ``<fieldset>``:

* a list-PR contest offers its lists (``list:<contest>``, one or none) and candidates;
* every contest offers candidates up to ``allowed_marks`` — as tappable boxes
  (``cand:<contest>``, several values) when the contest has few candidates, or as that many code
  boxes (``code:<contest>:<i>``) when it has many (Tehran's council has hundreds): the voter
  types the ballot codes, in Persian or Latin digits, and the review shows the name of each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from entekhab.domain.ballot import ContestSelection
from entekhab.domain.ballot_rules import allowed_marks, validate_selection
from entekhab.domain.definition import ContestKind, ElectionDefinition
from entekhab.domain.errors import EntekhabError
from entekhab.web.pages import when

__all__ = [
    "PICK_LIMIT",
    "BallotForm",
    "Choice",
    "ContestView",
    "FormValues",
    "ReviewLine",
    "ballot_views",
    "carried_fields",
    "read_ballot",
    "receipt_hour",
    "review_lines",
]

PICK_LIMIT = 40
"""Contests with at most this many candidates show them as boxes to tap; larger ones ask for
the ballot codes (a screen of hundreds of boxes helps nobody)."""

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

FormValues = Mapping[str, Sequence[str]]
"""A submitted form: each field name with all its values."""


@dataclass(frozen=True)
class Choice:
    """A list or a candidate as the voter sees it: the code and the name in both languages."""

    code: str
    name_fa: str
    name_en: str


@dataclass(frozen=True)
class ContestView:
    """One contest of the ballot, ready for the template."""

    code: str
    name_fa: str
    name_en: str
    kind: str
    allowed: int
    lists: tuple[Choice, ...]
    candidates: tuple[Choice, ...]
    by_codes: bool

    @property
    def slots(self) -> range:
        return range(self.allowed)


@dataclass
class BallotForm:
    """What the voter marked (kept as typed, for showing the form again) and the coded error of
    each contest that breaks a rule."""

    lists: dict[str, str] = field(default_factory=dict)
    candidates: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, EntekhabError] = field(default_factory=dict)

    def selections(self) -> list[ContestSelection]:
        return [
            ContestSelection(
                contest=code,
                list_code=self.lists.get(code) or None,
                candidates=tuple(self.candidates.get(code, [])),
            )
            for code in self.candidates
        ]

    def slot(self, contest: str, index: int) -> str:
        typed = self.candidates.get(contest, [])
        return typed[index] if index < len(typed) else ""

    def get(self, contest: str) -> EntekhabError | None:
        return self.errors.get(contest)

    def __bool__(self) -> bool:  # "has errors", as ``FormErrors``
        return bool(self.errors)


def _person(definition: ElectionDefinition, contest: str) -> tuple[Choice, ...]:
    people = definition.candidates_by_contest.get(contest, {})
    choices = []
    for code, c in people.items():
        fa = f"{c.given_name_fa} {c.family_name_fa}"
        choices.append(Choice(code, fa, f"{c.given_name_en} {c.family_name_en}".strip() or fa))
    return tuple(choices)


def ballot_views(definition: ElectionDefinition, contests: Sequence[str]) -> list[ContestView]:
    """The contests of one ballot style, in ballot order."""
    views = []
    for code in contests:
        contest = definition.contest_by_code[code]
        lists = tuple(
            Choice(c, p.name_fa, p.name_en or p.name_fa)
            for c, p in definition.lists_by_contest.get(code, {}).items()
        )
        candidates = _person(definition, code)
        views.append(
            ContestView(
                code=code,
                name_fa=contest.name_fa,
                name_en=contest.name_en,
                kind=str(contest.kind),
                allowed=allowed_marks(definition, code),
                lists=lists if contest.kind is ContestKind.LIST_PR else (),
                candidates=candidates,
                by_codes=len(candidates) > PICK_LIMIT,
            )
        )
    return views


def _code(text: str) -> str:
    return text.translate(_DIGITS).strip()


def read_ballot(
    definition: ElectionDefinition, contests: Sequence[str], form: FormValues
) -> BallotForm:
    """The marks of each contest as the voter sent them, each checked by the ballot rules
    (``validate_selection``); unknown fields are ignored."""
    read = BallotForm()
    for view in ballot_views(definition, contests):
        code = view.code
        chosen_list = _code(next(iter(form.get(f"list:{code}", [])), ""))
        if chosen_list:
            read.lists[code] = chosen_list
        if view.by_codes:
            typed = [_code(v) for i in view.slots for v in form.get(f"code:{code}:{i}", [])[:1]]
        else:
            typed = [_code(v) for v in form.get(f"cand:{code}", [])]
        read.candidates[code] = [t for t in typed if t]
        try:
            validate_selection(
                definition,
                ContestSelection(
                    contest=code,
                    list_code=read.lists.get(code),
                    candidates=tuple(read.candidates[code]),
                ),
            )
        except EntekhabError as error:
            read.errors[code] = error
    return read


@dataclass(frozen=True)
class ReviewLine:
    """One contest on the review page: the list chosen (if any) and each candidate by name."""

    contest: ContestView
    party_list: Choice | None
    candidates: tuple[Choice, ...]

    @property
    def blank(self) -> bool:
        return self.party_list is None and not self.candidates


def review_lines(
    definition: ElectionDefinition, contests: Sequence[str], ballot: BallotForm
) -> list[ReviewLine]:
    """What the voter is asked to confirm, contest by contest, with names (a valid ballot)."""
    lines = []
    for view in ballot_views(definition, contests):
        lists = {c.code: c for c in view.lists}
        people = {c.code: c for c in view.candidates}
        lines.append(
            ReviewLine(
                contest=view,
                party_list=lists.get(ballot.lists.get(view.code, "")),
                candidates=tuple(people[c] for c in ballot.candidates.get(view.code, [])),
            )
        )
    return lines


def receipt_hour(hour: str) -> str:
    """A ballot record's UTC hour (``2026-06-18T07``) as the receipt shows it: Jalali, Tehran
    time, in the page's digits."""
    return when(datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=UTC))


def carried_fields(items: Iterable[tuple[str, Any]], *also: str) -> list[tuple[str, str]]:
    """A ballot's marks (and the fields named in ``also``), carried by the review page as hidden
    fields to the confirmation or back to the ballot."""
    return [
        (key, str(value))
        for key, value in items
        if key.startswith(("list:", "cand:", "code:")) or key in also
    ]
