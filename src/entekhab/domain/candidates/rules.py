"""Candidacy rules as data of the election definition (شرایط داوطلبی).

What a candidate must meet differs by office (a city council, a village council, the Assembly of
Experts): the bounds of age, the minimum education, where they must live. Holders of listed posts
must resign a given number of days before registration opens. Every candidate is the subject of
inquiries (استعلام) to the bodies named here, each answered within ``vetting_days``. A decision
against a candidate cites one of the ``grounds`` — a legal article, never the content of an
answer. The defaults are the shape of the law as a worked example; each definition states its
own figures, and the definition's hash covers them, so what is published is what is enforced.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from entekhab.domain.access import Role
from entekhab.domain.types import Code, Frozen

__all__ = [
    "DEFAULT_GROUNDS",
    "DEFAULT_POSTS",
    "CandidacyRules",
    "CandidateResidence",
    "EligibilityRule",
    "Ground",
    "Office",
    "Post",
    "ResignationRule",
    "SupervisingBody",
    "VettingBody",
]


class Office(StrEnum):
    """The office a contest fills; the eligibility rules are keyed by it."""

    CITY_COUNCIL = "city_council"  # شورای اسلامی شهر
    VILLAGE_COUNCIL = "village_council"  # شورای اسلامی روستا
    ASSEMBLY_OF_EXPERTS = "assembly_of_experts"  # مجلس خبرگان رهبری


class SupervisingBody(StrEnum):
    """Who reviews the executive board's decisions and hears appeals for an office.

    Council contests are supervised by the supervisory board (هیئت نظارت); the Assembly of
    Experts by-election by its own office, separate from the council's boards.
    """

    SUPERVISORY_BOARD = "supervisory_board"  # هیئت نظارت شوراها
    EXPERTS_OFFICE = "experts_office"  # دفتر نظارت و بازرسی انتخابات خبرگان

    @property
    def role(self) -> Role:
        """The role whose members act for this body (the matrix lets both roles call the
        review routes; the contest's body decides which of them may act on it)."""
        return (
            Role.SUPERVISOR
            if self is SupervisingBody.SUPERVISORY_BOARD
            else Role.EXPERTS_SUPERVISOR
        )


class VettingBody(StrEnum):
    """Bodies a vetting inquiry (استعلام) is sent to."""

    JUDICIARY = "judiciary"  # قوه قضاییه
    POLICE = "police"  # فراجا (پلیس)
    CIVIL_REGISTRY = "civil_registry"  # ثبت احوال
    INTELLIGENCE_MINISTRY = "intelligence_ministry"  # وزارت اطلاعات

    @property
    def name_fa(self) -> str:
        return {
            "judiciary": "قوه قضاییه",
            "police": "فرماندهی انتظامی",
            "civil_registry": "سازمان ثبت احوال",
            "intelligence_ministry": "وزارت اطلاعات",
        }[self.value]


class CandidateResidence(StrEnum):
    """Where a candidate must live: anywhere, in the constituency, or there for a year."""

    ANY = "any"
    CONSTITUENCY = "constituency"
    ONE_YEAR = "one_year"


class EligibilityRule(Frozen):
    """Who may stand for one office: ages on polling day, minimum education, residence."""

    office: Office
    min_age: int = Field(ge=18)
    max_age: int | None = Field(default=None, ge=18)
    min_education: str = "diploma"
    """An ``EducationLevel`` value; the candidate's level must rank at least this high."""
    residence: CandidateResidence = CandidateResidence.CONSTITUENCY
    supervised_by: SupervisingBody = SupervisingBody.SUPERVISORY_BOARD


class Post(Frozen):
    """A post whose holder must resign before standing (e.g. a governor, a judge)."""

    code: Code = Field(min_length=1, max_length=32)
    name_fa: str = Field(min_length=1)
    name_en: str = Field(min_length=1)


class ResignationRule(Frozen):
    """Holders of ``posts`` must resign at least ``days_before_registration`` days before the
    registration phase opens; the candidate declares the date and files the evidence."""

    posts: tuple[Post, ...]
    days_before_registration: int = Field(ge=0)


class Ground(Frozen):
    """A legal ground a decision against a candidate cites (the article, not the evidence)."""

    code: Code = Field(min_length=1, max_length=32)
    article: str = Field(min_length=1)
    text_fa: str = Field(min_length=1)
    text_en: str = Field(min_length=1)


DEFAULT_POSTS: tuple[Post, ...] = (
    Post(code="governor", name_fa="استاندار، فرماندار و بخشدار", name_en="Governor"),
    Post(code="mayor", name_fa="شهردار", name_en="Mayor"),
    Post(code="judge", name_fa="قاضی دادگستری", name_en="Judge"),
    Post(code="armed_forces", name_fa="نیروهای مسلح", name_en="Member of the armed forces"),
    Post(code="council_staff", name_fa="کارمند شورا یا شهرداری", name_en="Council staff"),
)

DEFAULT_GROUNDS: tuple[Ground, ...] = (
    Ground(
        code="age",
        article="ماده ۲۶، بند ۵",
        text_fa="سن داوطلب خارج از حدود قانونی است",
        text_en="The candidate's age is outside the legal bounds",
    ),
    Ground(
        code="education",
        article="ماده ۲۶، بند ۶",
        text_fa="مدرک تحصیلی داوطلب کمتر از حد قانونی است",
        text_en="The candidate's education is below the legal minimum",
    ),
    Ground(
        code="residence",
        article="ماده ۲۶، بند ۷",
        text_fa="شرط سکونت در حوزه انتخابیه احراز نشد",
        text_en="The residence requirement is not met",
    ),
    Ground(
        code="resignation",
        article="ماده ۲۹",
        text_fa="استعفا از سمت در مهلت قانونی انجام نشده است",
        text_en="The resignation from a listed post was not made in time",
    ),
    Ground(
        code="conduct",
        article="ماده ۲۶، بند ۳ و ماده ۳۰",
        text_fa="عدم احراز شرایط عمومی داوطلبی",
        text_en="The general conditions of candidacy are not established",
    ),
)


class CandidacyRules(Frozen):
    """Every rule of candidacy of one election, as published and as enforced."""

    eligibility: tuple[EligibilityRule, ...] = (
        EligibilityRule(office=Office.CITY_COUNCIL, min_age=25, max_age=75),
        EligibilityRule(office=Office.VILLAGE_COUNCIL, min_age=25, max_age=75),
        EligibilityRule(
            office=Office.ASSEMBLY_OF_EXPERTS,
            min_age=30,
            min_education="master",
            residence=CandidateResidence.ANY,
            supervised_by=SupervisingBody.EXPERTS_OFFICE,
        ),
    )
    resignation: ResignationRule = ResignationRule(posts=DEFAULT_POSTS, days_before_registration=90)
    vetting_bodies: tuple[VettingBody, ...] = tuple(VettingBody)
    vetting_days: int = Field(default=10, ge=1)
    """Days a body has to answer an inquiry; after that the inquiry is overdue."""
    appeal_days: int = Field(default=3, ge=1)
    """Days after the supervisory review in which a disqualified candidate may appeal."""
    max_list_members: int | None = Field(default=None, ge=1)
    """Most members a list-PR list may have; ``None``: the contest's number of seats."""
    grounds: tuple[Ground, ...] = DEFAULT_GROUNDS

    def rule_for(self, office: Office) -> EligibilityRule | None:
        return next((r for r in self.eligibility if r.office == office), None)

    def ground(self, code: str) -> Ground | None:
        return next((g for g in self.grounds if g.code == code), None)
