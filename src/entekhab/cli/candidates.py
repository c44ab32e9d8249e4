"""``entekhab candidates ...``: the candidate side at the office's console, from registration to
the official list. Thin: every command calls one service of ``service/candidates``.

A command that changes anything acts in a person's name: it signs that user in first (``--user``,
the password on a prompt or ``--password-stdin``, ``--totp`` for headquarters and the boards), and
the permission table decides, as at the HTTP gate, whether their role may take the step and
whether the object lies in their jurisdiction. ``--at`` (ISO 8601, aware) sets the instant the
phase checks judge by, for rehearsals; the event log still records the real time.
Applications are JSON files: one object or a list, with ``photo`` (and
``resignation_evidence``) as paths relative to the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer

from entekhab.cli._common import DB_OPTION, confidential_keys, console, uow_factory
from entekhab.cli._signin import PASSWORD_STDIN, TOTP, USER, signed_in
from entekhab.domain.access import Principal
from entekhab.domain.error_codes.candidates import VETTING_INQUIRY_UNKNOWN
from entekhab.domain.permissions import Action
from entekhab.errors import EntekhabError
from entekhab.service.bootstrap import UnitOfWork, UnitOfWorkFactory
from entekhab.service.candidates import (
    ballot_codes,
    official_list,
    parties,
    qualification,
    registration,
    representatives,
    vetting,
)
from entekhab.service.candidates.common import candidate_chains
from entekhab.service.candidates.public_info import public_information
from entekhab.service.security.authority import authorize
from entekhab.service.security.jurisdictions import branch_chain, contest_chains
from entekhab.web.candidate_list import render_candidate_list, render_public_information
from entekhab.web.sheets import html_to_pdf

__all__ = ["app"]

app = typer.Typer(
    help="Candidates: registration, lists, vetting, qualification, the official list."
)

_AT = typer.Option(None, "--at", help="Act as of this ISO 8601 instant (rehearsals).")


@contextmanager
def _acting(
    database_url: str | None,
    user: str,
    password_stdin: bool,
    totp: str | None,
    action: Action,
    place: Callable[[UnitOfWork], list[list[str]]] | None,
    what: str,
) -> Iterator[tuple[UnitOfWorkFactory, Principal]]:
    """Sign ``user`` in and check, as the HTTP gate does, that they may perform ``action`` on
    the object ``place`` finds (refused and logged otherwise)."""
    factory = _uow(database_url)
    with signed_in(factory, user, password_stdin, totp) as principal:
        chains: list[list[str]] = []
        if place is not None:
            with factory() as uow:
                chains = place(uow)
        authorize(factory, principal, action, chains, what=what)
        yield factory, principal


def _contest(election: str, contest: str) -> Callable[[UnitOfWork], list[list[str]]]:
    return lambda uow: contest_chains(uow.session, election, contest)


def _candidate(election: str, number: str) -> Callable[[UnitOfWork], list[list[str]]]:
    return lambda uow: candidate_chains(uow.session, election, number)


def _clock(at: str | None) -> Callable[[], datetime]:
    if at is None:
        return lambda: datetime.now(UTC)
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        raise typer.BadParameter("--at needs a time zone, e.g. 2026-04-09T10:00+03:30")
    return lambda: moment.astimezone(UTC)


def _uow(database_url: str | None) -> UnitOfWorkFactory:
    return uow_factory(database_url)


def _application(election: str, item: dict[str, Any], base: Path) -> registration.Registration:
    evidence = item.get("resignation_evidence")
    return registration.Registration(
        election_id=election,
        contest=item["contest"],
        national_code=str(item["national_code"]),
        given_name_fa=item["given_name_fa"],
        family_name_fa=item["family_name_fa"],
        given_name_en=item.get("given_name_en", ""),
        family_name_en=item.get("family_name_en", ""),
        birth_date=date.fromisoformat(item["birth_date"]),
        education=item["education"],
        isargar=bool(item.get("isargar", False)),
        occupation=item["occupation"],
        photo=(base / item["photo"]).read_bytes(),
        held_post=item.get("held_post"),
        resigned_on=date.fromisoformat(item["resigned_on"]) if item.get("resigned_on") else None,
        resignation_evidence=(base / evidence).read_bytes() if evidence else None,
        via=item.get("via", "officer"),
    )


@app.command("register")
def register(
    election: str = typer.Argument(..., help="Election id."),
    file: Path = typer.Argument(..., exists=True, help="Application(s), JSON."),
    at: str | None = _AT,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Register candidates; each application is checked whole and either stored or refused."""
    items = json.loads(file.read_text("utf-8"))
    items = items if isinstance(items, list) else [items]
    contests = sorted({item["contest"] for item in items})

    def place(uow: UnitOfWork) -> list[list[str]]:
        return [chain for c in contests for chain in contest_chains(uow.session, election, c)]

    with _acting(
        database_url, user, password_stdin, totp, Action.REGISTER_CANDIDATES, place, election
    ) as (factory, who):
        for item in items:
            with factory() as uow:
                row = registration.register_candidate(
                    uow, _application(election, item, file.parent), actor=who.actor,
                    clock=_clock(at),
                )  # fmt: skip
            console.print(
                f"{row.registration}\t{row.contest}\t{row.given_name_fa} {row.family_name_fa}"
            )


@app.command("list")
def list_(
    election: str = typer.Argument(...),
    contest: str = typer.Argument(...),
    database_url: str = DB_OPTION,
) -> None:
    """Every registration of a contest with its standing (as the public list will show)."""
    with _uow(database_url)() as uow:
        for row in registration.candidates_in(uow, election, contest):
            console.print(
                f"{row.registration}\t{row.status}\t{row.ground or '-'}\t"
                f"{row.list_code or '-'}\t{row.ballot_code or '-'}\t"
                f"{row.given_name_fa} {row.family_name_fa}"
            )


@app.command("party-add")
def party_add(
    code: str = typer.Argument(...),
    name_fa: str = typer.Option(..., "--name-fa"),
    contact: list[str] = typer.Option(..., help="name|role|phone[|email], repeatable"),
    name_en: str = typer.Option("", "--name-en"),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Register a party or political group with its contacts."""
    contacts = [parties.Contact(*[*c.split("|"), ""][:4]) for c in contact]
    with (
        _acting(
            database_url, user, password_stdin, totp, Action.KEEP_PARTY_REGISTER, None, code
        ) as (factory, who),
        factory() as uow,
    ):
        parties.register_party(
            uow, code=code, name_fa=name_fa, name_en=name_en, contacts=contacts,
            actor=who.actor,
        )  # fmt: skip
    console.print(f"party {code} registered")


@app.command("party-meeting")
def party_meeting(
    party: str = typer.Argument(...),
    held_at: str = typer.Option(..., "--held-at", help="ISO 8601 with a time zone"),
    subject: str = typer.Option(...),
    minutes: str = typer.Option(...),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Minute a meeting of a party with headquarters."""
    with (
        _acting(
            database_url, user, password_stdin, totp, Action.KEEP_PARTY_REGISTER, None, party
        ) as (factory, who),
        factory() as uow,
    ):
        row = parties.record_meeting(
            uow, party=party, held_at=datetime.fromisoformat(held_at), subject=subject,
            minutes=minutes, actor=who.actor,
        )  # fmt: skip
        console.print(f"meeting {row.id} recorded")


@app.command("list-register")
def list_register(
    election: str = typer.Argument(...),
    contest: str = typer.Argument(...),
    code: str = typer.Option(...),
    name_fa: str = typer.Option(..., "--name-fa"),
    members: str = typer.Option(..., help="Registration numbers in list order, comma-separated"),
    name_en: str = typer.Option("", "--name-en"),
    party: str | None = typer.Option(None),
    at: str | None = _AT,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Register a list-PR list with its ordered members."""
    with (
        _acting(
            database_url,
            user,
            password_stdin,
            totp,
            Action.REGISTER_CANDIDATES,
            _contest(election, contest),
            contest,
        ) as (factory, who),
        factory() as uow,
    ):
        parties.register_list(
            uow, election_id=election, contest=contest, code=code, name_fa=name_fa,
            name_en=name_en, members=members.split(","), party=party, actor=who.actor,
            clock=_clock(at),
        )  # fmt: skip
    console.print(f"list {code} registered")


@app.command("consent")
def consent(
    election: str = typer.Argument(...),
    contest: str = typer.Argument(...),
    list_code: str = typer.Argument(...),
    candidate: str = typer.Argument(...),
    at: str | None = _AT,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Record a list member's consent, given in person."""
    with (
        _acting(
            database_url,
            user,
            password_stdin,
            totp,
            Action.REGISTER_CANDIDATES,
            _candidate(election, candidate),
            candidate,
        ) as (factory, who),
        factory() as uow,
    ):
        parties.consent_to_list(
            uow, election_id=election, contest=contest, list_code=list_code,
            candidate=candidate, actor=who.actor, clock=_clock(at),
        )  # fmt: skip
    console.print(f"{candidate} consents to {list_code}")


@app.command("inquire")
def inquire(
    election: str = typer.Argument(...),
    candidate: str = typer.Argument(...),
    at: str | None = _AT,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Send a candidate's sealed vetting inquiries."""
    with (
        _acting(
            database_url,
            user,
            password_stdin,
            totp,
            Action.FILE_VETTING_RECORD,
            _candidate(election, candidate),
            candidate,
        ) as (factory, who),
        factory() as uow,
    ):
        views = vetting.send_inquiries(
            uow, confidential_keys(), election_id=election, candidate=candidate,
            actor=who.actor, clock=_clock(at),
        )  # fmt: skip
    for view in views:
        console.print(
            f"{view.inquiry}\t{view.body}\t{view.status}\tdue {view.deadline.isoformat()}"
        )


@app.command("answer")
def answer(
    election: str = typer.Argument(...),
    candidate: str = typer.Argument(...),
    inquiry: list[int] = typer.Option(..., help="Inquiry id (repeatable)"),
    text: str = typer.Option(..., help="The body's answer (sealed; never printed)"),
    at: str | None = _AT,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """File a body's answer to an inquiry, sealed."""
    with _acting(
        database_url,
        user,
        password_stdin,
        totp,
        Action.FILE_VETTING_RECORD,
        _candidate(election, candidate),
        candidate,
    ) as (factory, who):
        for one in inquiry:
            with factory() as uow:
                known = {v.inquiry for v in vetting.inquiries_of(uow, election, candidate)}
                if one not in known:
                    raise EntekhabError(VETTING_INQUIRY_UNKNOWN, {"inquiry": one})
                view = vetting.record_answer(
                    uow, confidential_keys(), inquiry=one, text=text, actor=who.actor,
                    clock=_clock(at),
                )  # fmt: skip
            console.print(f"{view.inquiry}\t{view.body}\t{view.status}")


@app.command("inquiries")
def inquiries(
    election: str = typer.Argument(...),
    candidate: str = typer.Argument(...),
    at: str | None = _AT,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """A candidate's inquiries: body, status (sent, answered, overdue), deadline."""
    with (
        _acting(
            database_url,
            user,
            password_stdin,
            totp,
            Action.FOLLOW_CANDIDATES,
            _candidate(election, candidate),
            candidate,
        ) as (factory, _who),
        factory() as uow,
    ):
        views = vetting.inquiries_of(uow, election, candidate, _clock(at)())
    for view in views:
        console.print(
            f"{view.inquiry}\t{view.body}\t{view.status}\tdue {view.deadline.isoformat()}"
        )


_STEPS = {
    "decide": (qualification.decide, Action.DECIDE_CANDIDACY),
    "review": (qualification.review, Action.REVIEW_CANDIDACY),
    "appeal-decide": (qualification.decide_appeal, Action.REVIEW_CANDIDACY),
}


def _decision_command(name: str, help_text: str) -> None:
    step, action = _STEPS[name]

    @app.command(name, help=help_text)
    def run(
        election: str = typer.Argument(...),
        candidate: str = typer.Argument(...),
        qualified: bool = typer.Option(..., "--qualified/--disqualified"),
        ground: str | None = typer.Option(None, help="The legal ground cited (disqualifying)"),
        at: str | None = _AT,
        user: str = USER,
        password_stdin: bool = PASSWORD_STDIN,
        totp: str | None = TOTP,
        database_url: str = DB_OPTION,
    ) -> None:
        with (
            _acting(
                database_url,
                user,
                password_stdin,
                totp,
                action,
                _candidate(election, candidate),
                candidate,
            ) as (factory, who),
            factory() as uow,
        ):
            row = step(
                uow, election_id=election, candidate=candidate, qualified=qualified,
                ground=ground, actor=who.actor, role=who.role.value, clock=_clock(at),
            )  # fmt: skip
            console.print(f"{row.registration}\t{row.status}\t{row.ground or '-'}")


_decision_command("decide", "The executive board's decision on a candidate.")
_decision_command("review", "The supervising body's review of the board's decision.")
_decision_command("appeal-decide", "The supervising body's decision on an appeal (final).")


def _office_command(name: str, help_text: str) -> None:
    step = {"appeal": qualification.appeal, "withdraw": qualification.withdraw}[name]

    @app.command(name, help=help_text)
    def run(
        election: str = typer.Argument(...),
        candidate: str = typer.Argument(...),
        at: str | None = _AT,
        user: str = USER,
        password_stdin: bool = PASSWORD_STDIN,
        totp: str | None = TOTP,
        database_url: str = DB_OPTION,
    ) -> None:
        with (
            _acting(
                database_url,
                user,
                password_stdin,
                totp,
                Action.REGISTER_CANDIDATES,
                _candidate(election, candidate),
                candidate,
            ) as (factory, who),
            factory() as uow,
        ):
            row = step(
                uow, election_id=election, candidate=candidate, actor=who.actor,
                role=who.role.value, clock=_clock(at),
            )  # fmt: skip
            console.print(f"{row.registration}\t{row.status}")


_office_command("appeal", "File a disqualified candidate's appeal within the deadline.")
_office_command("withdraw", "Record a candidate's withdrawal (before the list is published).")


@app.command("draw")
def draw(
    election: str = typer.Argument(...),
    contest: str = typer.Argument(...),
    nonce: str = typer.Option(..., help="The nonce drawn at the public ceremony"),
    first_code: int = typer.Option(101, "--first-code"),
    at: str | None = _AT,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Draw the qualified candidates' ballot codes by the published procedure."""
    with (
        _acting(
            database_url,
            user,
            password_stdin,
            totp,
            Action.DRAW_BALLOT_CODES,
            _contest(election, contest),
            contest,
        ) as (factory, who),
        factory() as uow,
    ):
        document = ballot_codes.draw_codes(
            uow, election_id=election, contest=contest, ceremony_nonce=nonce,
            first_code=first_code, actor=who.actor, clock=_clock(at),
        )  # fmt: skip
    console.print_json(json.dumps(document, ensure_ascii=False))


@app.command("publish")
def publish(
    election: str = typer.Argument(...),
    contest: str = typer.Argument(...),
    at: str | None = _AT,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Publish the official list and merge it into the definition (a new hash)."""
    with (
        _acting(
            database_url,
            user,
            password_stdin,
            totp,
            Action.PUBLISH_CANDIDATE_LIST,
            _contest(election, contest),
            contest,
        ) as (factory, who),
        factory() as uow,
    ):
        digest = official_list.publish(
            uow, election_id=election, contest=contest, actor=who.actor, clock=_clock(at)
        )
    console.print(f"published {contest}; definition now {digest}")


@app.command("export")
def export(
    election: str = typer.Argument(...),
    contest: str = typer.Argument(...),
    out: Path = typer.Option(..., "--out", help=".html, .pdf, .csv or .json (NIST SP 1500-100)"),
    database_url: str = DB_OPTION,
) -> None:
    """Write the official list of a contest in one of its published forms."""
    with _uow(database_url)() as uow:
        found = official_list.official_list(uow, election, contest)
        if out.suffix == ".json":
            report = official_list.nist_candidates(uow, found, datetime.now(UTC))
            out.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
        elif out.suffix == ".csv":
            out.write_text(official_list.list_csv(found), "utf-8")
        elif out.suffix == ".pdf":
            out.write_bytes(html_to_pdf(render_candidate_list(found)))
        else:
            out.write_text(render_candidate_list(found), "utf-8")
    console.print(f"wrote {out}")


@app.command("info")
def info(
    election: str = typer.Argument(...),
    out: Path = typer.Option(..., "--out", help=".html or .json"),
    database_url: str = DB_OPTION,
) -> None:
    """The public information generated from the definition: the proportional system, how to
    enter, the resignation rule, the calendar."""
    with _uow(database_url)() as uow:
        document = public_information(uow, election)
    if out.suffix == ".json":
        out.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str), "utf-8")
    else:
        out.write_text(render_public_information(document), "utf-8")
    console.print(f"wrote {out}")


@app.command("accredit")
def accredit(
    election: str = typer.Argument(...),
    branch: str = typer.Argument(...),
    contest: str = typer.Option(...),
    national_code: str = typer.Option(..., "--national-code"),
    full_name: str = typer.Option(..., "--full-name"),
    candidate: str | None = typer.Option(None, help="Registration number of the candidate"),
    list_code: str | None = typer.Option(None, "--list", help="Or the list's code"),
    account: str | None = typer.Option(None, help="The observer account that will sign in"),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Accredit a candidate's or list's representative to a branch."""
    with (
        _acting(
            database_url,
            user,
            password_stdin,
            totp,
            Action.ACCREDIT_REPRESENTATIVE,
            lambda uow: branch_chain(uow.session, election, branch),
            branch,
        ) as (factory, who),
        factory() as uow,
    ):
        row = representatives.accredit(
            uow, election_id=election, branch=branch, contest=contest, candidate=candidate,
            list_code=list_code, person_code=national_code, full_name=full_name,
            account=account, actor=who.actor,
        )  # fmt: skip
        console.print(f"representative {row.id} accredited to {branch}")
