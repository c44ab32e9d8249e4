"""``entekhab definition``: check, hash, load an election definition; its schema; villages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.markup import escape

from entekhab.cli._common import console, err_console
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import definition_hash
from entekhab.domain.geography import DivisionKind
from entekhab.domain.village_councils import excluded_villages
from entekhab.errors import EntekhabError, ProblemList
from entekhab.service.bootstrap import UnitOfWorkFactory, make_engine, upgrade
from entekhab.service.definitions.loading import load_definition_file, read_definition_file
from entekhab.service.definitions.signing import sign_definition_package
from entekhab.service.security.server_key import configured_key_file, read_server_key
from entekhab.settings import get_settings

__all__ = ["app", "print_problems", "schema_text"]

app = typer.Typer(
    help="Election definition: validate, hash, load; JSON Schema; village councils.",
    no_args_is_help=True,
)

_FILE = typer.Argument(..., exists=True, dir_okay=False, help="Definition (.yaml, .yml, .json).")
_SCHEMA = Path("docs/definition.schema.json")


def print_problems(error: EntekhabError) -> None:
    """Every problem with its location and code, in English and Persian, on stderr."""
    found = error.problems if isinstance(error, ProblemList) else [error]
    for p in found:
        location = escape(str(p.details.get("location") or "(document)"))
        _say(f"[bold]{location}[/]  [red]{p.code}[/]")
        _say(f"  en: {escape(p.message_en)}")
        _say(f"  fa: {escape(p.message_fa)}")
    for message in (error.message_en, error.message_fa):
        _say(f"[bold red]{error.code}[/]: {escape(message)}")


def _say(text: str) -> None:
    err_console.print(text, highlight=False, soft_wrap=True)


def _read(path: Path, *, check_rules: bool = True) -> ElectionDefinition:
    try:
        return read_definition_file(path, check_rules=check_rules)
    except EntekhabError as error:
        print_problems(error)
        raise typer.Exit(1) from None


@app.command("validate")
def validate(file: Path = _FILE) -> None:
    """Check a definition file; print every problem (location, code, English, Persian).

    Exit status 0 when it keeps every rule, 1 otherwise.
    """
    definition = _read(file)
    console.print(
        f"valid: {definition.id} — {len(definition.contests)} contests, "
        f"{len(definition.candidates)} candidates, {len(definition.branches)} branches",
        highlight=False,
    )


@app.command("hash")
def hash_(file: Path = _FILE) -> None:
    """Print the SHA-256 of the definition's canonical JSON (the same for YAML and JSON)."""
    print(definition_hash(_read(file)))


def schema_text() -> str:
    """The JSON Schema of a definition document, as committed in docs/."""
    schema = ElectionDefinition.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@app.command("schema")
def schema(
    out: Path = typer.Option(_SCHEMA, help="Where to write the JSON Schema ('-' for stdout)."),
) -> None:
    """Export the JSON Schema of definition files (for editors and other tools)."""
    if str(out) == "-":
        print(schema_text(), end="")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(schema_text(), encoding="utf-8")
    console.print(f"wrote {out}")


@app.command("villages")
def villages(file: Path = _FILE) -> None:
    """List every village that gets no council, and why.

    A village with a council contest all the same is marked; ``validate`` refuses it.
    Exit status 1 when there is such a contest.
    """
    definition = _read(file, check_rules=False)
    excluded = excluded_villages(definition)
    total = sum(1 for d in definition.divisions if d.kind == DivisionKind.VILLAGE)
    console.print(
        f"{definition.id}: {len(excluded)} of {total} villages get no council", highlight=False
    )
    for item in excluded:
        village = item.village
        fields = [
            village.code,
            f"{village.name_fa} ({village.name_en})",
            f"population {village.population}",
            item.reason.value,
            item.reason.en,
            item.reason.fa,
        ]
        if item.has_council_contest:
            fields.append("HAS A COUNCIL CONTEST: not allowed")
        print("\t".join(fields))
    if any(item.has_council_contest for item in excluded):
        raise typer.Exit(1)


@app.command("load")
def load(
    file: Path = _FILE,
    database_url: str = typer.Option(
        None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL (default: embedded SQLite)."
    ),
    actor: str = typer.Option("cli:operator", help="Who loads it (for the event log)."),
) -> None:
    """Check a definition and store it in the configured database (idempotent)."""
    engine = make_engine(database_url or get_settings().database_url)
    upgrade(engine)
    try:
        uow = UnitOfWorkFactory(engine)
        try:
            outcome = load_definition_file(uow, file, actor=actor)
            settings = get_settings()
            key_file = configured_key_file(settings.server_key_file, settings.var_dir)
            if key_file:  # headquarters signs what it loaded (stations verify it at opening)
                key = read_server_key(key_file)
                now = datetime.now(UTC)
                sign_definition_package(uow, outcome.election_id, key, actor=actor, now=now)
        except EntekhabError as error:
            print_problems(error)
            raise typer.Exit(1) from None
    finally:
        engine.dispose()
    state = "loaded" if outcome.created else "already loaded (unchanged)"
    console.print(f"{outcome.election_id}: {state}")
    print(outcome.definition_hash)
