"""``entekhab registry``: load the civil-registry extract (ثبت احوال) into the database."""

from __future__ import annotations

from pathlib import Path

import typer

from entekhab.cli._common import DB_OPTION, console, uow_factory
from entekhab.cli.sim import progress_bar, read_definition_file
from entekhab.domain.geography import DivisionKind
from entekhab.service.bootstrap import upgrade
from entekhab.service.registry.importing import count_citizens, import_registry, read_registry_csv

app = typer.Typer(help="Civil registry: import the extract of citizens.", no_args_is_help=True)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return max(0, sum(buf.count(b"\n") for buf in iter(lambda: handle.read(1 << 20), b"")) - 1)


@app.command("import")
def import_command(
    csv_file: Path = typer.Argument(..., help="CSV with national_code,birth_date,gender,..."),
    definition_file: Path = typer.Option(
        None, "--definition", help="Refuse residences that are not cities or villages of it."
    ),
    replace: bool = typer.Option(False, "--replace", help="Empty the registry first."),
    database_url: str = DB_OPTION,
) -> None:
    """Import a registry CSV in one transaction; a bad row refuses the file, writing nothing."""
    known = None
    if definition_file is not None:
        definition = read_definition_file(definition_file)
        leaves = (DivisionKind.CITY, DivisionKind.VILLAGE)
        known = {d.code for d in definition.divisions if d.kind in leaves}
    factory = uow_factory(database_url)
    upgrade(factory.engine)
    rows = _count_lines(csv_file)
    with progress_bar() as bar:
        task = bar.add_task("check + load", total=rows)
        result = import_registry(
            factory,
            read_registry_csv(csv_file),
            known_divisions=known,
            replace=replace,
            progress=lambda n: bar.advance(task, n),
        )
    replaced = f" (replaced {result.replaced:,})" if replace else ""
    console.print(
        f"imported {result.imported:,} citizens{replaced}; "
        f"the registry holds {count_citizens(factory):,}"
    )
