"""The ``entekhab`` command (Typer). Thin: every command delegates to ``service/``.

One module per area registers its commands here, so areas do not edit each other's files:
groups (``entekhab definition ...``) are sub-apps; top-level commands (``serve``, ``demo``,
``bench``) come from each module's ``register(app)``.
"""

from __future__ import annotations

import typer

from entekhab.cli import (
    audit,
    backup,
    bench,
    calendar,
    candidates,
    db,
    definition,
    demo,
    docs,
    operations,
    planning,
    registry,
    results,
    server,
    sim,
    station,
    users,
)
from entekhab.cli._common import run_cli
from entekhab.service.security.server_key import configured_key_file, sign_checkpoints_with
from entekhab.settings import get_settings

__all__ = ["app", "main"]

app = typer.Typer(
    name="entekhab",
    help="Entekhab (انتخاب): run a fully electronic election, from definition to certified result.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
for _group, _name in (
    (db, "db"),
    (definition, "definition"),
    (sim, "sim"),
    (registry, "registry"),
    (station, "station"),
    (results, "results"),
    (users, "users"),
    (audit, "audit"),
    (docs, "docs"),
    (operations, "ops"),
    (planning, "plan"),
    (candidates, "candidates"),
    (calendar, "calendar"),
):
    app.add_typer(_group.app, name=_name)
for _module in (server, demo, bench, backup):
    _module.register(app)


def main() -> None:
    settings = get_settings()
    sign_checkpoints_with(
        configured_key_file(settings.server_key_file, settings.var_dir),
        settings.log_checkpoint_every,
    )
    run_cli(app)
