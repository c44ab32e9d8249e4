"""``entekhab ops``: a headquarters' weeks before the election, from the command line.

``entekhab ops --user NAME [--password-stdin] [--totp CODE] COMMAND ...``: every command signs
the user in as the API does (password, TOTP for headquarters and the boards), passes the same
two checks as the API's gate — the permission table's action and the jurisdiction
(``service.operations.places.authorize_on``) — runs the same service, and signs out. Output is
JSON. Times without an offset are read as Asia/Tehran.
"""

from __future__ import annotations

import dataclasses
import json
import mimetypes
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import typer
import yaml

from entekhab.api.schemas.operations import MeetingIn
from entekhab.cli._common import DB_OPTION, console, uow_factory
from entekhab.cli.results_board import signed_in
from entekhab.domain.permissions import Action
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.operations import (
    commitments,
    complaints,
    contingency,
    directives,
    lessons,
    meetings,
    organisation,
    rules_library,
    statements,
)
from entekhab.service.operations.places import authorize_on
from entekhab.service.security.server_key import read_server_key
from entekhab.settings import get_settings

__all__ = ["app"]

app = typer.Typer(help="Headquarters operations (issue 15).", no_args_is_help=True)
directive_app = typer.Typer(help="Directives: issue, acknowledge, report, list.")
lesson_app = typer.Typer(help="The lessons register.")
rule_app = typer.Typer(help="The rules library.")
statement_app = typer.Typer(help="Media meetings and public statements.")
complaint_app = typer.Typer(help="Complaints and violations.")
commitment_app = typer.Typer(help="Agency commitments.")
scenario_app = typer.Typer(help="Contingency scenarios and election-day activations.")
meeting_app = typer.Typer(help="Meetings, decisions and action items.")
for _sub, _name in (
    (directive_app, "directive"),
    (meeting_app, "meeting"),
    (rule_app, "rule"),
    (lesson_app, "lesson"),
    (scenario_app, "scenario"),
    (complaint_app, "complaint"),
    (commitment_app, "commitment"),
    (statement_app, "statement"),
):
    app.add_typer(_sub, name=_name)

_USER = typer.Option(..., "--user", envvar="ENTEKHAB_USER", help="Your username.")
_STDIN = typer.Option(False, "--password-stdin", help="Read the password from standard input.")
_TOTP = typer.Option(None, "--totp", help="Your six-digit TOTP code (headquarters and boards).")
TEHRAN = ZoneInfo("Asia/Tehran")
T = TypeVar("T")


def _show(found: Any) -> None:
    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    console.print_json(json.dumps(plain(found), ensure_ascii=False, default=str))


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=TEHRAN)


@dataclasses.dataclass(frozen=True)
class _Caller:
    username: str
    password_stdin: bool
    totp: str | None


_CALLER: list[_Caller] = []
"""Who this invocation signs in as (set by the group's options; one command per process)."""


@app.callback()
def _sign_in_as(user: str = _USER, password_stdin: bool = _STDIN, totp: str | None = _TOTP) -> None:
    """Every command signs you in (password, and TOTP for headquarters and the boards)."""
    _CALLER[:] = [_Caller(user, password_stdin, totp)]


def _run(database_url: str | None, action: Action, place: str | None, work: Callable[..., T]) -> T:
    """Sign the caller in, check the action on ``place`` as the API's gate does, then run
    ``work(uow, principal)``; the session ends with the command."""
    [caller] = _CALLER
    factory: UnitOfWorkFactory = uow_factory(database_url)
    with signed_in(factory, caller.username, caller.password_stdin, caller.totp) as principal:
        authorize_on(factory, principal, action, place)
        with factory() as uow:
            return work(uow, principal)


# --- organisation -----------------------------------------------------------------------------
@app.command("setup")
def setup(
    jurisdiction: str = typer.Argument(..., help="A province or county code."),
    name_fa: str = typer.Option(..., "--name", help="The headquarters' Persian name."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Set up the headquarters of a province or county, with its five committees."""
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            jurisdiction,
            lambda u, p: organisation.set_up_headquarters(
                u, jurisdiction=jurisdiction, name_fa=name_fa, actor=p.actor
            ),
        )
    )


@app.command("appoint")
def appoint(
    hq: str = typer.Argument(...),
    post: str = typer.Option(..., help="head, secretary or member"),
    person: str = typer.Option(...),
    decree: str = typer.Option(..., help="The decree (حکم) number."),
    starts_on: str = typer.Option(..., "--from", help="YYYY-MM-DD"),
    committee: str | None = typer.Option(None, help="Omit for a post of the HQ itself."),
    account: str | None = typer.Option(None, "--account", help="The appointee's account."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Appoint someone by decree (a single post's previous holder steps down that day)."""
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            hq,
            lambda u, p: organisation.appoint(
                u,
                hq=hq,
                committee=committee,
                post=post,
                person=person,
                username=account,
                decree=decree,
                starts_on=date.fromisoformat(starts_on),
                actor=p.actor,
            ),
        )
    )


@app.command("organisation")
def show_organisation(
    hq: str = typer.Argument(...),
    on: str | None = typer.Option(None, help="YYYY-MM-DD (today by default)."),
    html: Path | None = typer.Option(None, help="Write the printable chart (HTML) here."),
    pdf: Path | None = typer.Option(None, help="Write the printable chart (PDF) here."),
    history: bool = typer.Option(False, help="Every appointment, past and current."),
    database_url: str | None = DB_OPTION,
) -> None:
    """The organisation on a day, its chart, or its appointment history."""
    from entekhab.web.org_chart import render_org_chart
    from entekhab.web.sheets import html_to_pdf

    day = date.fromisoformat(on) if on else datetime.now(TEHRAN).date()
    if history:
        _show(
            _run(
                database_url,
                Action.FOLLOW_OPERATIONS,
                hq,
                lambda u, p: organisation.appointment_history(u, hq),
            )
        )
        return
    found = _run(
        database_url,
        Action.FOLLOW_OPERATIONS,
        hq,
        lambda u, p: organisation.organisation_on(u, hq, day),
    )
    if html or pdf:
        page = render_org_chart(found)
        if html:
            html.write_text(page, encoding="utf-8")
        if pdf:
            pdf.write_bytes(html_to_pdf(page))
        console.print(f"chart of {hq} on {day} written")
        return
    _show(found)


# --- directives -------------------------------------------------------------------------------
@directive_app.command("issue")
def issue(
    hq: str = typer.Argument(...),
    number: str = typer.Option(...),
    title: str = typer.Option(...),
    text: str = typer.Option(..., help="The text (or @file to read it from a file)."),
    deadline: str = typer.Option(..., help="ISO time; without an offset, Tehran time."),
    office: list[str] = typer.Option(..., "--office", help="An addressed office (repeat)."),
    attach: list[Path] = typer.Option([], "--attach", help="A file to attach (repeat)."),
    classification: str = typer.Option("public"),
    database_url: str | None = DB_OPTION,
) -> None:
    """Issue a directive to offices under this headquarters."""
    body = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    files = tuple(
        directives.NewAttachment(
            path.name,
            mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            path.read_bytes(),
        )
        for path in attach
    )
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            hq,
            lambda u, p: directives.issue_directive(
                u,
                hq=hq,
                number=number,
                title=title,
                text=body,
                deadline=_moment(deadline),
                offices=list(office),
                classification=classification,
                attachments=files,
                actor=p.actor,
            ),
        )
    )


@directive_app.command("ack")
def ack(
    directive_id: int = typer.Argument(...),
    office: str = typer.Option(..., help="Your office (the addressed jurisdiction)."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Acknowledge receipt of a directive addressed to your office."""
    _show(
        _run(
            database_url,
            Action.ANSWER_DIRECTIVE,
            office,
            lambda u, p: directives.acknowledge(u, directive_id, office=office, actor=p.actor),
        )
    )


@directive_app.command("report")
def report(
    directive_id: int = typer.Argument(...),
    office: str = typer.Option(...),
    text: str = typer.Option(...),
    done: bool = typer.Option(False, help="This report completes the office's part."),
    database_url: str | None = DB_OPTION,
) -> None:
    """File an action report for your office."""
    _show(
        _run(
            database_url,
            Action.ANSWER_DIRECTIVE,
            office,
            lambda u, p: directives.file_report(
                u, directive_id, office=office, text=text, done=done, actor=p.actor
            ),
        )
    )


@directive_app.command("list")
def list_directives(
    jurisdiction: str = typer.Argument(...),
    database_url: str | None = DB_OPTION,
) -> None:
    """Directives issued here or addressed to an office here, with each office's standing."""
    _show(
        _run(
            database_url,
            Action.FOLLOW_OPERATIONS,
            jurisdiction,
            lambda u, p: directives.list_directives(u, jurisdiction),
        )
    )


@directive_app.command("show")
def show_directive(
    jurisdiction: str = typer.Argument(...),
    directive_id: int = typer.Argument(...),
    database_url: str | None = DB_OPTION,
) -> None:
    """A directive in full (classified ones need the clearance; the read is logged)."""
    _show(
        _run(
            database_url,
            Action.FOLLOW_OPERATIONS,
            jurisdiction,
            lambda u, p: directives.read_directive(u, p, directive_id, jurisdiction=jurisdiction),
        )
    )


@directive_app.command("overdue")
def overdue(
    jurisdiction: str = typer.Argument(...),
    database_url: str | None = DB_OPTION,
) -> None:
    """Offices past a deadline, with their county and district."""
    _show(
        _run(
            database_url,
            Action.FOLLOW_OPERATIONS,
            jurisdiction,
            lambda u, p: directives.overdue(u, jurisdiction),
        )
    )


@directive_app.command("remind")
def remind(
    jurisdiction: str = typer.Argument(...),
    dry_run: bool = typer.Option(False, "--dry-run", help="List the reminders due; record none."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Record (and list) the reminders due now: overdue offices, and offices that have not
    acknowledged a directive a day after issue."""
    if dry_run:
        _show(
            _run(
                database_url,
                Action.FOLLOW_OPERATIONS,
                jurisdiction,
                lambda u, p: directives.due_reminders(u, jurisdiction),
            )
        )
        return
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            jurisdiction,
            lambda u, p: directives.send_reminders(u, jurisdiction, actor=p.actor),
        )
    )


# --- meetings and rules -----------------------------------------------------------------------
@meeting_app.command("record")
def record_meeting(
    hq: str = typer.Argument(...),
    file: Path = typer.Option(..., help="YAML or JSON in the API's meeting shape."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Record a meeting with its decisions and owned action items from a file."""
    body = MeetingIn.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")))
    decisions = tuple(
        meetings.NewDecision(
            d.text, tuple(meetings.NewAction(a.text, a.owner, a.due_on) for a in d.actions)
        )
        for d in body.decisions
    )
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            hq,
            lambda u, p: meetings.record_meeting(
                u,
                hq=hq,
                kind=body.kind,
                title=body.title,
                held_at=body.held_at,
                attendees=tuple(body.attendees),
                agenda=tuple(body.agenda),
                minutes=body.minutes,
                decisions=decisions,
                reviewed=tuple(rules_library.Citation(c.rule, c.version) for c in body.reviewed),
                classification=body.classification,
                actor=p.actor,
            ),
        )
    )


@meeting_app.command("actions")
def actions(
    jurisdiction: str = typer.Argument(...),
    all_items: bool = typer.Option(False, "--all", help="Done and dropped ones too."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Action items with owners, due dates and whether they are late."""
    today = datetime.now(TEHRAN).date()
    _show(
        _run(
            database_url,
            Action.FOLLOW_OPERATIONS,
            jurisdiction,
            lambda u, p: meetings.action_items(
                u, jurisdiction, today=today, open_only=not all_items
            ),
        )
    )


@meeting_app.command("action")
def move_action(
    jurisdiction: str = typer.Argument(...),
    item_id: int = typer.Argument(...),
    status: str = typer.Option(..., help="in_progress, done or dropped"),
    database_url: str | None = DB_OPTION,
) -> None:
    """Move an action item on."""
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            jurisdiction,
            lambda u, p: meetings.update_action(
                u, item_id, jurisdiction=jurisdiction, status=status, actor=p.actor
            ),
        )
    )


@rule_app.command("add")
def add_rule(
    code: str = typer.Argument(...),
    kind: str = typer.Option(..., help="law, regulation or instruction"),
    title: str = typer.Option(...),
    issuer: str = typer.Option(...),
    text_file: Path = typer.Option(..., "--text-file"),
    effective_from: str = typer.Option(..., "--from", help="YYYY-MM-DD"),
    database_url: str | None = DB_OPTION,
) -> None:
    """A rule with its first version."""
    _show(
        _run(
            database_url,
            Action.KEEP_RULES_LIBRARY,
            None,
            lambda u, p: rules_library.add_rule(
                u,
                code=code,
                kind=kind,
                title=title,
                issuer=issuer,
                text=text_file.read_text(encoding="utf-8"),
                effective_from=date.fromisoformat(effective_from),
                actor=p.actor,
            ),
        )
    )


@rule_app.command("version")
def add_version(
    code: str = typer.Argument(...),
    text_file: Path = typer.Option(..., "--text-file"),
    effective_from: str = typer.Option(..., "--from", help="YYYY-MM-DD"),
    note: str = typer.Option(..., help="What changed."),
    database_url: str | None = DB_OPTION,
) -> None:
    """A new version of a rule."""
    _show(
        _run(
            database_url,
            Action.KEEP_RULES_LIBRARY,
            None,
            lambda u, p: rules_library.add_version(
                u,
                code,
                text=text_file.read_text(encoding="utf-8"),
                effective_from=date.fromisoformat(effective_from),
                change_note=note,
                actor=p.actor,
            ),
        )
    )


@rule_app.command("list")
def rules(
    on: str | None = typer.Option(None, help="YYYY-MM-DD (today by default)."),
    database_url: str | None = DB_OPTION,
) -> None:
    """The rules in force on a day, each with its versions."""
    day = date.fromisoformat(on) if on else datetime.now(TEHRAN).date()
    _show(
        _run(
            database_url,
            Action.FOLLOW_OPERATIONS,
            None,
            lambda u, p: rules_library.rules_in_force(u, on=day),
        )
    )


# --- lessons ----------------------------------------------------------------------------------
@lesson_app.command("add")
def add_lesson(
    jurisdiction: str = typer.Argument(..., help="Where it was learnt (division or branch)."),
    kind: str = typer.Option(..., help="problem, strength or weakness"),
    title: str = typer.Option(...),
    description: str = typer.Option(...),
    source: str = typer.Option(..., help="site_assessment, past_election, incident or meeting"),
    source_ref: str = typer.Option(..., "--source-ref"),
    owner: str = typer.Option(...),
    evidence: str = typer.Option(""),
    election_id: str | None = typer.Option(None, "--election"),
    classification: str = typer.Option("public"),
    database_url: str | None = DB_OPTION,
) -> None:
    """Record a lesson with its owner and source."""
    draft = lessons.LessonDraft(
        jurisdiction=jurisdiction,
        kind=kind,
        title=title,
        description=description,
        source=source,
        source_ref=source_ref,
        owner=owner,
        evidence=evidence,
        election_id=election_id,
        classification=classification,
    )
    _show(
        _run(
            database_url,
            Action.RECORD_LESSON,
            jurisdiction,
            lambda u, p: lessons.record_lesson(u, draft, actor=p.actor),
        )
    )


@lesson_app.command("update")
def update_lesson(
    jurisdiction: str = typer.Argument(...),
    lesson_id: int = typer.Argument(...),
    status: str | None = typer.Option(None),
    owner: str | None = typer.Option(None),
    evidence: str | None = typer.Option(None),
    decision: str | None = typer.Option(None),
    database_url: str | None = DB_OPTION,
) -> None:
    """Change a lesson's owner, evidence, decision or status."""
    _show(
        _run(
            database_url,
            Action.RECORD_LESSON,
            jurisdiction,
            lambda u, p: lessons.update_lesson(
                u,
                lesson_id,
                jurisdiction=jurisdiction,
                actor=p.actor,
                status=status,
                owner=owner,
                evidence=evidence,
                decision=decision,
            ),
        )
    )


@lesson_app.command("search")
def search_lessons(
    jurisdiction: str = typer.Argument(...),
    text: str = typer.Option("", help="Words to find in title, description, evidence ..."),
    kind: str | None = typer.Option(None),
    source: str | None = typer.Option(None),
    status: str | None = typer.Option(None),
    export: str | None = typer.Option(None, help="csv or json: print an export instead."),
    out: Path | None = typer.Option(None, help="Write the export to this file."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Search the register (the levels your role may read); export as CSV or JSON."""
    query = lessons.LessonQuery(text, kind, source, status)
    found = _run(
        database_url,
        Action.FOLLOW_OPERATIONS,
        jurisdiction,
        lambda u, p: lessons.search_lessons(u, p, query, within=jurisdiction),
    )
    if export is None:
        _show(found)
        return
    data = lessons.export_lessons(found, export)
    if out is None:
        typer.echo(data, nl=False)
    else:
        out.write_text(data, encoding="utf-8")
        console.print(f"{len(found)} lessons written to {out}")


# --- contingency ------------------------------------------------------------------------------
@scenario_app.command("standard")
def standard(hq: str = typer.Argument(...), database_url: str | None = DB_OPTION) -> None:
    """Install the six standard playbooks for this headquarters."""
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            hq,
            lambda u, p: contingency.install_standard_playbooks(u, hq, actor=p.actor),
        )
    )


@scenario_app.command("list")
def scenarios(
    jurisdiction: str = typer.Argument(...),
    database_url: str | None = DB_OPTION,
) -> None:
    _show(
        _run(
            database_url,
            Action.FOLLOW_OPERATIONS,
            jurisdiction,
            lambda u, p: contingency.list_scenarios(u, jurisdiction),
        )
    )


@scenario_app.command("activate")
def activate(
    hq: str = typer.Argument(...),
    scenario_id: int = typer.Option(..., "--scenario"),
    election_id: str = typer.Option(..., "--election"),
    incident_id: int = typer.Option(..., "--incident"),
    database_url: str | None = DB_OPTION,
) -> None:
    """Bind an election-day incident to a scenario."""
    _show(
        _run(
            database_url,
            Action.RESPOND_TO_INCIDENT,
            hq,
            lambda u, p: contingency.activate(
                u,
                jurisdiction=hq,
                scenario_id=scenario_id,
                election_id=election_id,
                incident_id=incident_id,
                actor=p.actor,
            ),
        )
    )


@scenario_app.command("step")
def step(
    hq: str = typer.Argument(...),
    activation_id: int = typer.Argument(...),
    number: int = typer.Argument(..., help="The playbook step (1-based)."),
    note: str = typer.Option(""),
    database_url: str | None = DB_OPTION,
) -> None:
    """Tick off a playbook step (timed now)."""
    _show(
        _run(
            database_url,
            Action.RESPOND_TO_INCIDENT,
            hq,
            lambda u, p: contingency.tick_step(
                u, activation_id, jurisdiction=hq, step=number, note=note, actor=p.actor
            ),
        )
    )


# --- complaints -------------------------------------------------------------------------------
@complaint_app.command("list")
def list_complaints(
    jurisdiction: str = typer.Argument(...),
    database_url: str | None = DB_OPTION,
) -> None:
    """Complaints here with office, status and deadline (never who filed them)."""
    _show(
        _run(
            database_url,
            Action.FOLLOW_COMPLAINTS,
            jurisdiction,
            lambda u, p: complaints.list_complaints(u, jurisdiction),
        )
    )


@complaint_app.command("decide")
def decide(
    jurisdiction: str = typer.Argument(...),
    complaint_id: int = typer.Argument(...),
    status: str = typer.Option(..., help="under_review, upheld or dismissed"),
    decision: str = typer.Option(""),
    database_url: str | None = DB_OPTION,
) -> None:
    """The supervisory office takes up or decides a complaint routed to it."""
    _show(
        _run(
            database_url,
            Action.DECIDE_COMPLAINT,
            jurisdiction,
            lambda u, p: complaints.decide_complaint(
                u,
                complaint_id,
                jurisdiction=jurisdiction,
                decider=p,
                status=status,
                decision=decision,
            ),
        )
    )


# --- commitments ------------------------------------------------------------------------------
@commitment_app.command("add")
def add_commitment(
    hq: str = typer.Argument(...),
    agency: str = typer.Option(..., help="telecom, power, police or education"),
    memorandum: str = typer.Option(...),
    text: str = typer.Option(...),
    owner: str = typer.Option(...),
    due_on: str = typer.Option(..., "--due", help="YYYY-MM-DD"),
    database_url: str | None = DB_OPTION,
) -> None:
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            hq,
            lambda u, p: commitments.record_commitment(
                u,
                hq=hq,
                agency=agency,
                memorandum=memorandum,
                text=text,
                owner=owner,
                due_on=date.fromisoformat(due_on),
                actor=p.actor,
            ),
        )
    )


@commitment_app.command("list")
def list_commitments(
    jurisdiction: str = typer.Argument(...),
    database_url: str | None = DB_OPTION,
) -> None:
    today = datetime.now(TEHRAN).date()
    _show(
        _run(
            database_url,
            Action.FOLLOW_OPERATIONS,
            jurisdiction,
            lambda u, p: commitments.list_commitments(u, jurisdiction, today=today),
        )
    )


@commitment_app.command("status")
def commitment_status(
    hq: str = typer.Argument(...),
    commitment_id: int = typer.Argument(...),
    status: str = typer.Option(..., help="in_progress, met or broken"),
    database_url: str | None = DB_OPTION,
) -> None:
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            hq,
            lambda u, p: commitments.update_commitment(
                u, commitment_id, jurisdiction=hq, status=status, actor=p.actor
            ),
        )
    )


@commitment_app.command("escalate")
def escalate(
    jurisdiction: str = typer.Argument(...),
    today: str | None = typer.Option(None, help="YYYY-MM-DD (today by default)."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Escalate the overdue commitments due for it."""
    day = date.fromisoformat(today) if today else datetime.now(TEHRAN).date()
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            jurisdiction,
            lambda u, p: commitments.escalate_overdue(u, jurisdiction, today=day, actor=p.actor),
        )
    )


# --- media and statements ---------------------------------------------------------------------
@statement_app.command("media")
def media(
    hq: str = typer.Argument(...),
    held_at: str = typer.Option(..., "--at", help="ISO time; without an offset, Tehran time."),
    outlet: list[str] = typer.Option(..., "--outlet", help="A media outlet (repeat)."),
    subject: str = typer.Option(...),
    notes: str = typer.Option(""),
    database_url: str | None = DB_OPTION,
) -> None:
    """Log a meeting with the media."""
    _show(
        _run(
            database_url,
            Action.RUN_HEADQUARTERS,
            hq,
            lambda u, p: statements.record_media_meeting(
                u,
                hq=hq,
                held_at=_moment(held_at),
                outlets=tuple(outlet),
                subject=subject,
                notes=notes,
                actor=p.actor,
            ),
        )
    )


@statement_app.command("draft")
def draft(
    hq: str = typer.Argument(...),
    title: str = typer.Option(...),
    text: str = typer.Option(...),
    database_url: str | None = DB_OPTION,
) -> None:
    """Draft a statement (a member of the publicity committee)."""
    _show(
        _run(
            database_url,
            Action.DRAFT_STATEMENT,
            hq,
            lambda u, p: statements.draft_statement(u, hq=hq, title=title, text=text, drafter=p),
        )
    )


@statement_app.command("approve")
def approve(
    hq: str = typer.Argument(...),
    statement_id: int = typer.Argument(...),
    database_url: str | None = DB_OPTION,
) -> None:
    """The head of the headquarters approves a draft."""
    _show(
        _run(
            database_url,
            Action.APPROVE_STATEMENT,
            hq,
            lambda u, p: statements.approve_statement(u, statement_id, jurisdiction=hq, approver=p),
        )
    )


@statement_app.command("publish")
def publish(
    hq: str = typer.Argument(...),
    statement_id: int = typer.Argument(...),
    key_file: Path | None = typer.Option(
        None, "--key-file", help="The server key (default: ENTEKHAB_SERVER_KEY_FILE)."
    ),
    database_url: str | None = DB_OPTION,
) -> None:
    """Sign and publish an approved statement."""
    path = key_file or get_settings().server_key_file
    if not path:
        raise typer.BadParameter("no server key: give --key-file", param_hint="--key-file")
    signer = read_server_key(path)
    _show(
        _run(
            database_url,
            Action.PUBLISH_STATEMENT,
            hq,
            lambda u, p: statements.publish_statement(
                u, statement_id, jurisdiction=hq, signer=signer, actor=p.actor
            ),
        )
    )


@statement_app.command("list")
def list_statements(
    jurisdiction: str = typer.Argument(...),
    database_url: str | None = DB_OPTION,
) -> None:
    """Every statement here, drafts included."""
    _show(
        _run(
            database_url,
            Action.FOLLOW_OPERATIONS,
            jurisdiction,
            lambda u, p: statements.list_statements(u, jurisdiction),
        )
    )
