"""Cross-reference rules of an election definition: what the model's shapes cannot say alone.

Each rule is a function from a parsed ``ElectionDefinition`` to the problems it finds; a problem
is an ``EntekhabError`` with a stable code and ``details["location"]`` naming the place in the
document (``contests[3].seats``). ``definition_problems`` runs every rule and collects every
problem, so an operator sees the whole list at once rather than one refusal at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from datetime import timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from entekhab.domain import national_code
from entekhab.domain.contest_seats import council_band, seats_and_alternates
from entekhab.domain.counting.ties import TIE_RULES
from entekhab.domain.definition import Contest, ContestKind, ElectionDefinition, Phase, PhaseDays
from entekhab.domain.error_codes import calendar as calendar_codes
from entekhab.domain.error_codes import definition as codes
from entekhab.domain.errors import EntekhabError, ErrorSpec
from entekhab.domain.geography import PARENT_KINDS, DivisionKind
from entekhab.domain.village_councils import exclusion_reason

__all__ = ["RULES", "TIE_BREAK_RULES", "Problems", "definition_problems", "problem"]

Problems = Iterator[EntekhabError]
Rule = Callable[[ElectionDefinition], Problems]

TIE_BREAK_RULES = frozenset(TIE_RULES)
"""Tie-break steps the counting knows (``counting.ties``), applied in the contest's order."""


def problem(spec: ErrorSpec, location: str, **details: Any) -> EntekhabError:
    """One problem of a definition, found at ``location``."""
    return EntekhabError(spec, {"location": location, **details})


def _unique(
    what: str, section: str, items: list[tuple[Hashable, str]], field: str = "code"
) -> Problems:
    """DUPLICATE_CODE for every repeat of a key; ``items`` are (key, code shown) in order."""
    first: dict[Hashable, int] = {}
    for index, (key, code) in enumerate(items):
        if key in first:
            yield problem(
                codes.DUPLICATE_CODE,
                f"{section}[{index}].{field}",
                code=code,
                what=what,
                first=f"{section}[{first[key]}]",
            )
        else:
            first[key] = index


def unique_codes(d: ElectionDefinition) -> Problems:
    yield from _unique("division", "divisions", [(x.code, x.code) for x in d.divisions])
    yield from _unique("contest", "contests", [(x.code, x.code) for x in d.contests])
    yield from _unique(
        "candidate ballot code",
        "candidates",
        [((x.contest, x.ballot_code), x.ballot_code) for x in d.candidates],
        "ballot_code",
    )
    yield from _unique(
        "party list", "party_lists", [((x.contest, x.code), x.code) for x in d.party_lists]
    )
    yield from _unique("ballot style", "ballot_styles", [(x.code, x.code) for x in d.ballot_styles])
    yield from _unique("branch", "branches", [(x.code, x.code) for x in d.branches])


def divisions_nest(d: ElectionDefinition) -> Problems:
    for i, div in enumerate(d.divisions):
        at = f"divisions[{i}].parent"
        if div.parent is None:
            if PARENT_KINDS[div.kind]:
                yield problem(codes.DIVISION_PARENT_MISSING, at, code=div.code, kind=div.kind)
            continue
        parent = d.division_by_code.get(div.parent)
        if parent is None:
            yield problem(codes.DIVISION_PARENT_UNKNOWN, at, code=div.code, parent=div.parent)
        elif parent.kind not in PARENT_KINDS[div.kind]:
            yield problem(
                codes.DIVISION_NESTING,
                at,
                code=div.code,
                kind=div.kind,
                parent=parent.code,
                parent_kind=parent.kind,
            )


def constituencies_exist(d: ElectionDefinition) -> Problems:
    for i, contest in enumerate(d.contests):
        seen: set[str] = set()
        for j, code in enumerate(contest.constituency):
            at = f"contests[{i}].constituency[{j}]"
            if code in seen:
                yield problem(
                    codes.CONSTITUENCY_DIVISION_REPEATED, at, contest=contest.code, division=code
                )
            seen.add(code)
            if code not in d.division_by_code:
                yield problem(
                    codes.CONSTITUENCY_DIVISION_UNKNOWN, at, contest=contest.code, division=code
                )


def councils_belong_to_cities_and_villages(d: ElectionDefinition) -> Problems:
    for i, contest in enumerate(d.contests):
        if contest.council_of is None:
            continue
        at = f"contests[{i}].council_of"
        division = d.division_by_code.get(contest.council_of)
        details = {"contest": contest.code, "division": contest.council_of}
        if division is None:
            yield problem(codes.COUNCIL_DIVISION_UNKNOWN, at, **details)
        elif division.kind not in (DivisionKind.CITY, DivisionKind.VILLAGE):
            yield problem(codes.COUNCIL_DIVISION_KIND, at, kind=division.kind, **details)
        elif contest.council_of not in contest.constituency:
            yield problem(codes.COUNCIL_OUTSIDE_CONSTITUENCY, at, **details)


def _band_problem(d: ElectionDefinition, i: int, contest: Contest) -> EntekhabError | None:
    division = d.division_by_code.get(contest.council_of or "")
    if division is None or division.kind not in (DivisionKind.CITY, DivisionKind.VILLAGE):
        return None
    band = council_band(d.seat_bands, division)
    off_seats = contest.seats is not None and contest.seats != band.seats
    off_alternates = contest.alternates is not None and contest.alternates != band.alternates
    if not (off_seats or off_alternates):
        return None
    return problem(
        codes.COUNCIL_SEATS_OFF_BAND,
        f"contests[{i}].{'seats' if off_seats else 'alternates'}",
        contest=contest.code,
        given=", ".join(
            f"{name}={value}"
            for name, value in (("seats", contest.seats), ("alternates", contest.alternates))
            if value is not None
        ),
        population=division.population,
        seats=band.seats,
        alternates=band.alternates,
    )


def seats_follow_the_band_rule(d: ElectionDefinition) -> Problems:
    for i, contest in enumerate(d.contests):
        override = contest.seat_override
        if override is not None:
            if (contest.seats is not None and contest.seats != override.seats) or (
                contest.alternates is not None and contest.alternates != override.alternates
            ):
                yield problem(
                    codes.SEAT_OVERRIDE_CONFLICT,
                    f"contests[{i}].seat_override",
                    contest=contest.code,
                )
            continue
        if contest.council_of is None:
            if contest.seats is None:
                yield problem(
                    codes.CONTEST_SEATS_UNDEFINED, f"contests[{i}].seats", contest=contest.code
                )
            continue
        found = _band_problem(d, i, contest)
        if found is not None:
            yield found


def selections_fit_the_seats(d: ElectionDefinition) -> Problems:
    for i, contest in enumerate(d.contests):
        if contest.max_selections is None:
            continue
        seats = seats_and_alternates(d, contest)[0]
        if contest.max_selections > seats:
            yield problem(
                codes.MAX_SELECTIONS_ABOVE_SEATS,
                f"contests[{i}].max_selections",
                contest=contest.code,
                max_selections=contest.max_selections,
                seats=seats,
            )


def pr_rules_match_the_kind(d: ElectionDefinition) -> Problems:
    for i, contest in enumerate(d.contests):
        if contest.kind == ContestKind.LIST_PR and contest.pr is None:
            yield problem(codes.PR_RULES_MISSING, f"contests[{i}].pr", contest=contest.code)
        if contest.kind == ContestKind.PLURALITY and contest.pr is not None:
            yield problem(codes.PR_RULES_ON_PLURALITY, f"contests[{i}].pr", contest=contest.code)


def tie_breaks_are_known(d: ElectionDefinition) -> Problems:
    for i, contest in enumerate(d.contests):
        for j, rule in enumerate(contest.tie_break):
            if rule not in TIE_BREAK_RULES:
                yield problem(
                    codes.TIE_BREAK_UNKNOWN,
                    f"contests[{i}].tie_break[{j}]",
                    contest=contest.code,
                    rule=rule,
                )


def candidates_are_well_formed(d: ElectionDefinition) -> Problems:
    first_seen: dict[str, str] = {}
    for i, cand in enumerate(d.candidates):
        name = f"{cand.contest}/{cand.ballot_code}"
        if cand.contest not in d.contest_by_code:
            yield problem(
                codes.CANDIDATE_CONTEST_UNKNOWN,
                f"candidates[{i}].contest",
                ballot_code=cand.ballot_code,
                contest=cand.contest,
            )
        if not national_code.is_valid(cand.national_code):
            yield problem(
                codes.CANDIDATE_NATIONAL_CODE_INVALID,
                f"candidates[{i}].national_code",
                ballot_code=cand.ballot_code,
                national_code=cand.national_code,
            )
            continue
        person = national_code.normalize(cand.national_code)
        if person in first_seen:
            yield problem(
                codes.CANDIDATE_STANDS_TWICE,
                f"candidates[{i}].national_code",
                national_code=person,
                first=first_seen[person],
                second=name,
            )
        else:
            first_seen[person] = name


def lists_hold_their_contests_candidates(d: ElectionDefinition) -> Problems:
    list_of_member: dict[tuple[str, str], str] = {}
    for i, plist in enumerate(d.party_lists):
        contest = d.contest_by_code.get(plist.contest)
        ids = {"list": plist.code, "contest": plist.contest}
        if contest is None:
            yield problem(codes.LIST_CONTEST_UNKNOWN, f"party_lists[{i}].contest", **ids)
            continue
        if contest.kind != ContestKind.LIST_PR:
            yield problem(codes.LIST_IN_PLURALITY_CONTEST, f"party_lists[{i}].contest", **ids)
        candidates = d.candidates_by_contest.get(plist.contest, {})
        in_this_list: set[str] = set()
        for j, member in enumerate(plist.members):
            at = f"party_lists[{i}].members[{j}]"
            if member not in candidates:
                yield problem(codes.LIST_MEMBER_NOT_CANDIDATE, at, member=member, **ids)
            if member in in_this_list:
                yield problem(codes.LIST_MEMBER_REPEATED, at, member=member, list=plist.code)
                continue
            in_this_list.add(member)
            other = list_of_member.setdefault((plist.contest, member), plist.code)
            if other != plist.code:
                yield problem(
                    codes.CANDIDATE_IN_TWO_LISTS, at, member=member, first=other, second=plist.code
                )


def ballot_styles_offer_known_contests(d: ElectionDefinition) -> Problems:
    for i, style in enumerate(d.ballot_styles):
        seen: set[str] = set()
        for j, code in enumerate(style.contests):
            at = f"ballot_styles[{i}].contests[{j}]"
            if code in seen:
                yield problem(codes.STYLE_CONTEST_REPEATED, at, style=style.code, contest=code)
            seen.add(code)
            if code not in d.contest_by_code:
                yield problem(codes.STYLE_CONTEST_UNKNOWN, at, style=style.code, contest=code)


def branches_serve_their_constituencies(d: ElectionDefinition) -> Problems:
    for i, branch in enumerate(d.branches):
        known_division = branch.division in d.division_by_code
        if not known_division:
            yield problem(
                codes.BRANCH_DIVISION_UNKNOWN,
                f"branches[{i}].division",
                branch=branch.code,
                division=branch.division,
            )
        style = d.style_by_code.get(branch.ballot_style)
        if style is None:
            yield problem(
                codes.BRANCH_STYLE_UNKNOWN,
                f"branches[{i}].ballot_style",
                branch=branch.code,
                style=branch.ballot_style,
            )
            continue
        contests = [d.contest_by_code[c] for c in style.contests if c in d.contest_by_code]
        if not contests:
            yield problem(
                codes.BRANCH_SERVES_NO_CONTEST, f"branches[{i}].ballot_style", branch=branch.code
            )
        if not known_division:
            continue
        around = set(d.ancestors(branch.division))
        for contest in contests:
            if around.isdisjoint(contest.constituency):
                yield problem(
                    codes.BRANCH_OUTSIDE_CONSTITUENCY,
                    f"branches[{i}].ballot_style",
                    branch=branch.code,
                    division=branch.division,
                    contest=contest.code,
                )


def every_contest_is_on_a_ballot(d: ElectionDefinition) -> Problems:
    if not d.branches:
        return  # a definition still without branches is checked again once they are added
    offered = {
        code
        for branch in d.branches
        if (style := d.style_by_code.get(branch.ballot_style)) is not None
        for code in style.contests
    }
    for i, contest in enumerate(d.contests):
        if contest.code not in offered:
            yield problem(codes.CONTEST_ON_NO_BALLOT, f"contests[{i}].code", contest=contest.code)


def village_councils_only_where_qualified(d: ElectionDefinition) -> Problems:
    for i, contest in enumerate(d.contests):
        division = d.division_by_code.get(contest.council_of or "")
        if division is None or division.kind != DivisionKind.VILLAGE:
            continue
        reason = exclusion_reason(division, d.village_councils)
        if reason is not None:
            yield problem(
                codes.VILLAGE_COUNCIL_NOT_QUALIFIED,
                f"contests[{i}].council_of",
                contest=contest.code,
                division=division.code,
                reason=reason.value,
                reason_fa=reason.fa,
                reason_en=reason.en,
            )


def timezone_is_known(d: ElectionDefinition) -> Problems:
    try:
        ZoneInfo(d.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        yield problem(calendar_codes.TIMEZONE_UNKNOWN, "timezone", timezone=d.timezone)


_BEFORE_POLLING = (
    Phase.REGISTRATION,
    Phase.VETTING,
    Phase.QUALIFICATION,
    Phase.APPEALS,
    Phase.CAMPAIGN,
    Phase.CAMPAIGN_SILENCE,
)
"""Phases that run one after another, each after the previous has ended, before polling day."""


def calendar_runs_in_order(d: ElectionDefinition) -> Problems:
    """Each phase ends on or after it starts; the phases before polling follow one another;
    campaign silence lasts until the eve of polling; results and complaints do not start before
    polling day; polling closes after it opens."""
    cal = d.calendar
    for phase in Phase:
        if phase is Phase.POLLING:
            continue
        days: PhaseDays = getattr(cal, phase.value)
        if days.last_day < days.first_day:
            yield problem(
                calendar_codes.PHASE_DAYS_REVERSED,
                f"calendar.{phase.value}.last_day",
                phase=phase.value,
                first_day=days.first_day.isoformat(),
                last_day=days.last_day.isoformat(),
            )
    for previous, phase in pairwise(_BEFORE_POLLING):
        before: PhaseDays = getattr(cal, previous.value)
        days = getattr(cal, phase.value)
        if days.first_day <= before.last_day:
            yield problem(
                calendar_codes.PHASES_OUT_OF_ORDER,
                f"calendar.{phase.value}.first_day",
                phase=phase.value,
                previous=previous.value,
                first_day=days.first_day.isoformat(),
                previous_last_day=before.last_day.isoformat(),
            )
    if cal.campaign_silence.last_day != d.polling_day - timedelta(days=1):
        yield problem(
            calendar_codes.SILENCE_NOT_BEFORE_POLLING,
            "calendar.campaign_silence.last_day",
            polling_day=d.polling_day.isoformat(),
            last_day=cal.campaign_silence.last_day.isoformat(),
        )
    for phase in (Phase.RESULTS, Phase.COMPLAINTS):
        days = getattr(cal, phase.value)
        if days.first_day < d.polling_day:
            yield problem(
                calendar_codes.PHASE_BEFORE_POLLING_DAY,
                f"calendar.{phase.value}.first_day",
                phase=phase.value,
                first_day=days.first_day.isoformat(),
                polling_day=d.polling_day.isoformat(),
            )
    if cal.polling.closes <= cal.polling.opens:
        yield problem(
            calendar_codes.POLLING_HOURS_REVERSED,
            "calendar.polling.closes",
            opens=cal.polling.opens.isoformat(timespec="minutes"),
            closes=cal.polling.closes.isoformat(timespec="minutes"),
        )


RULES: tuple[Rule, ...] = (
    unique_codes,
    divisions_nest,
    constituencies_exist,
    councils_belong_to_cities_and_villages,
    seats_follow_the_band_rule,
    selections_fit_the_seats,
    pr_rules_match_the_kind,
    tie_breaks_are_known,
    candidates_are_well_formed,
    lists_hold_their_contests_candidates,
    ballot_styles_offer_known_contests,
    branches_serve_their_constituencies,
    every_contest_is_on_a_ballot,
    village_councils_only_where_qualified,
    timezone_is_known,
    calendar_runs_in_order,
)
"""Every rule, in the order their problems are listed."""


def definition_problems(definition: ElectionDefinition) -> list[EntekhabError]:
    """Every problem of ``definition`` (empty when it keeps every rule)."""
    return [found for rule in RULES for found in rule(definition)]
