"""Whether a person may stand in a contest: age, education, residence and the resignation rule.

Pure: the caller passes what the civil registry says about the person (birth date, residence and
since when) and what the candidate declared (education, a post held and the date they resigned
it). Ages are counted on polling day. The first rule broken is raised as a coded error; nothing
is judged from a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from entekhab.domain.candidates.rules import CandidateResidence, EligibilityRule
from entekhab.domain.definition import Contest, EducationLevel, ElectionDefinition
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.errors import EntekhabError

__all__ = ["Applicant", "age_on", "check_eligibility", "check_resignation", "rule_for_contest"]


@dataclass(frozen=True)
class Applicant:
    """What eligibility is judged on: the registry's facts and the candidate's declaration."""

    national_code: str
    birth_date: date
    education: EducationLevel
    residence_division: str
    residence_since: date
    held_post: str | None = None
    resigned_on: date | None = None
    has_resignation_evidence: bool = False


def age_on(birth: date, day: date) -> int:
    """Whole years from ``birth`` to ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def rule_for_contest(definition: ElectionDefinition, contest: Contest) -> EligibilityRule:
    """The eligibility rule of the contest's office (CANDIDACY_RULE_MISSING if none)."""
    office = definition.office_of(contest)
    rule = definition.candidacy.rule_for(office) if office is not None else None
    if rule is None:
        raise EntekhabError(
            codes.CANDIDACY_RULE_MISSING, {"contest": contest.code, "office": str(office)}
        )
    return rule


def check_eligibility(
    definition: ElectionDefinition, contest: Contest, applicant: Applicant
) -> None:
    """Refuse (coded) an applicant who breaks the age, education or residence rule."""
    rule = rule_for_contest(definition, contest)
    age = age_on(applicant.birth_date, definition.polling_day)
    ids = {"national_code": applicant.national_code, "contest": contest.code, "age": age}
    if age < rule.min_age:
        raise EntekhabError(codes.CANDIDATE_UNDER_AGE, {**ids, "min_age": rule.min_age})
    if rule.max_age is not None and age > rule.max_age:
        raise EntekhabError(codes.CANDIDATE_OVER_AGE, {**ids, "max_age": rule.max_age})
    if applicant.education.rank < EducationLevel(rule.min_education).rank:
        raise EntekhabError(
            codes.CANDIDATE_EDUCATION_TOO_LOW,
            {**ids, "education": applicant.education.value, "min_education": rule.min_education},
        )
    _check_residence(definition, contest, rule, applicant)


def _check_residence(
    definition: ElectionDefinition, contest: Contest, rule: EligibilityRule, applicant: Applicant
) -> None:
    if rule.residence == CandidateResidence.ANY:
        return
    lives_in = set(definition.ancestors(applicant.residence_division))
    inside = any(code in lives_in for code in contest.constituency)
    long_enough = rule.residence != CandidateResidence.ONE_YEAR or (
        age_on(applicant.residence_since, definition.polling_day) >= 1
    )
    if not (inside and long_enough):
        raise EntekhabError(
            codes.CANDIDATE_RESIDENCE_NOT_MET,
            {
                "national_code": applicant.national_code,
                "contest": contest.code,
                "residence": applicant.residence_division,
                "rule": rule.residence.value,
            },
        )


def check_resignation(
    definition: ElectionDefinition, applicant: Applicant, *, registration_opens: date
) -> None:
    """A holder of a listed post must have resigned ``days_before_registration`` days before
    registration opened, and file the evidence."""
    if applicant.held_post is None:
        return
    rule = definition.candidacy.resignation
    posts = {post.code for post in rule.posts}
    ids = {"national_code": applicant.national_code, "post": applicant.held_post}
    if applicant.held_post not in posts:
        raise EntekhabError(
            codes.CANDIDATE_POST_UNKNOWN, {**ids, "posts": ", ".join(sorted(posts))}
        )
    latest = registration_opens - timedelta(days=rule.days_before_registration)
    if applicant.resigned_on is None or not applicant.has_resignation_evidence:
        raise EntekhabError(
            codes.CANDIDATE_RESIGNATION_MISSING, {**ids, "latest": latest.isoformat()}
        )
    if applicant.resigned_on > latest:
        raise EntekhabError(
            codes.CANDIDATE_RESIGNATION_LATE,
            {**ids, "resigned_on": applicant.resigned_on.isoformat(), "latest": latest.isoformat()},
        )
