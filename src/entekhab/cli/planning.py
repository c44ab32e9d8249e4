"""``entekhab plan``: branch planning — queue sizing, a county's full plan as HTML + CSV, and
the headquarters' imports (roster, devices), handovers and site assessments.

``entekhab plan county C02-01 --definition examples/sari.yaml --seed 1405 --out plan-sari``
is the one command for the Sari sample: it loads the definition into a database (a SQLite file
in the output folder unless ``--db`` is given), writes the seeded sample plan data through the
services if the county has none yet, and renders the county's plan.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import typer

from entekhab.cli._common import DB_OPTION, console, uow_factory
from entekhab.planning.capacity import DEFAULT_PROFILE, ArrivalProfile, CapacityTarget
from entekhab.planning.queueing import mean_wait_minutes, servers_needed, wait_probability
from entekhab.planning.simulation import simulate_mmc
from entekhab.service.bootstrap import open_database, upgrade
from entekhab.service.definitions.loading import load_definition, read_definition_file
from entekhab.service.planning.capacity import branch_capacity
from entekhab.service.planning.context import definition_of
from entekhab.service.planning.county_plan import county_plan
from entekhab.service.planning.equipment import hand_over, register_devices
from entekhab.service.planning.sites import has_assessments, record_assessment
from entekhab.service.planning.staffing import RosterEntry, roster_people
from entekhab.sim.sample_plan import generate_sample_plan, sample_places
from entekhab.web.planning_report import county_plan_csvs, queue_chart_svg, render_county_plan

app = typer.Typer(
    help="Branch planning: capacity, readiness, network, boxes.", no_args_is_help=True
)

__all__ = ["app"]


@app.command("capacity")
def capacity_command(
    arrivals: float = typer.Option(..., "--arrivals", help="Voters arriving per hour."),
    service: float = typer.Option(..., "--service", help="Mean service time, minutes."),
    max_wait: float = typer.Option(10.0, "--max-wait", help="Wait target T, minutes."),
    alpha: float = typer.Option(0.05, "--alpha", help="Allowed P(wait > T)."),
    simulate: int = typer.Option(0, "--simulate", help="Also simulate this many voters (SimPy)."),
    seed: int = typer.Option(1405, "--seed"),
) -> None:
    """Desks needed by Erlang C (M/M/c) so that P(wait > T) < alpha."""
    c = servers_needed(arrivals, service, max_wait, alpha)
    console.print(f"desks needed: {c}")
    if c:
        p = wait_probability(c, arrivals, service, max_wait)
        console.print(
            f"P(wait > {max_wait:g} min) = {p:.4f}; mean wait "
            f"{mean_wait_minutes(c, arrivals, service):.2f} min"
        )
        if simulate:
            sim = simulate_mmc(c, arrivals, service, max_wait, voters=simulate, seed=seed)
            console.print(
                f"simulated ({sim.voters:,} voters, seed {seed}): P = "
                f"{sim.wait_probability:.4f}; mean wait {sim.mean_wait_minutes:.2f} min"
            )


def _read_places(path: Path) -> dict[str, tuple[float, float]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["code"]: (float(r["x_km"]), float(r["y_km"])) for r in csv.DictReader(handle)}


@app.command("county")
def county_command(
    county: str = typer.Argument(..., help="County code, e.g. C02-01 (Sari)."),
    out: Path = typer.Option(Path("plan"), "--out", help="Folder for index.html and CSVs."),
    definition_file: Path = typer.Option(
        None, "--definition", help="Load this definition first (e.g. examples/sari.yaml)."
    ),
    election_id: str = typer.Option(None, "--election", help="An election already loaded."),
    seed: int = typer.Option(None, "--seed", help="Generate the sample plan data (seeded)."),
    places_file: Path = typer.Option(None, "--places", help="CSV code,x_km,y_km of places."),
    turnout: str = typer.Option("0.6", "--turnout", help="Turnout scenario, e.g. 0.6 or 3/5."),
    profile: str = typer.Option(None, "--profile", help="Hourly arrival shares, comma-separated."),
    max_wait: float = typer.Option(10.0, "--max-wait"),
    alpha: float = typer.Option(0.05, "--alpha"),
    chart_branch: str = typer.Option(None, "--chart-branch", help="Branch whose queue to draw."),
    as_of: str = typer.Option(None, "--as-of", help="Date the plan is judged at (YYYY-MM-DD)."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write plan.pdf (WeasyPrint)."),
    database_url: str = DB_OPTION,
) -> None:
    """A county's full plan: readiness, devices, network, mobile boxes, custody, roster,
    training — as index.html and one CSV per table."""
    out.mkdir(parents=True, exist_ok=True)
    if database_url is None and definition_file is not None:
        database_url = f"sqlite:///{(out / 'plan.db').resolve()}"
    factory = open_database(database_url, migrate=True) if database_url else uow_factory(None)
    upgrade(factory.engine)
    if definition_file is not None:
        definition = read_definition_file(definition_file)
        load_definition(factory, definition, actor="cli:plan")
        election_id = definition.id
    if election_id is None:
        raise typer.BadParameter("give --definition or --election")
    with factory() as uow:
        definition = definition_of(uow.session, election_id)
        fresh = not has_assessments(uow, election_id, county)
    today = date.fromisoformat(as_of) if as_of else None
    if seed is not None:
        if fresh:
            console.print(f"writing the seeded sample plan (seed {seed}) for {county} ...")
            generate_sample_plan(factory, definition, county, seed)
        today = today or definition.polling_day - timedelta(days=30)
    places = (
        _read_places(places_file)
        if places_file is not None
        else sample_places(definition, county, seed if seed is not None else 1405)
    )
    target = CapacityTarget(max_wait, alpha)
    shares = ArrivalProfile.from_text(profile) if profile else DEFAULT_PROFILE
    with factory() as uow:
        plan = county_plan(
            uow,
            election_id,
            county,
            places,
            turnout=Fraction(turnout),
            profile=shares,
            target=target,
            today=today,
        )
        branch = chart_branch or (
            plan.capacity.branches[0].branch if plan.capacity.branches else None
        )
        chart = (
            branch_capacity(
                uow, election_id, branch, turnout=Fraction(turnout), profile=shares, target=target
            )
            if branch
            else None
        )
    html = render_county_plan(plan, chart)
    (out / "index.html").write_text(html, encoding="utf-8")
    for name, text in county_plan_csvs(plan).items():
        (out / name).write_text(text, encoding="utf-8")
    if chart is not None:
        (out / f"queue_{chart.branch}.svg").write_text(queue_chart_svg(chart), encoding="utf-8")
    if pdf:
        from entekhab.web.sheets import html_to_pdf

        (out / "plan.pdf").write_bytes(html_to_pdf(html))
    _summary(plan)
    console.print(f"written to {out}/ (index.html and {len(county_plan_csvs(plan))} CSV files)")


def _summary(plan: object) -> None:
    from entekhab.service.planning.county_plan import CountyPlan

    assert isinstance(plan, CountyPlan)
    county = next(a for a in plan.readiness.areas if a.code == plan.county)
    console.print(f"readiness of {plan.county}: {county.status.value} {county.counts}")
    for s in plan.capacity.shortfall:
        console.print(
            f"  {s.device}: needed {s.needed}, inventory {s.inventory}, shortfall {s.shortfall}"
        )
    risks = [a.risk.value for a in plan.network.assessments]
    console.print(
        f"network risk: low {risks.count('low')}, medium {risks.count('medium')}, "
        f"high {risks.count('high')}"
    )
    cost = sum(d.plan.cost for d in plan.boxes)
    greedy = sum(d.greedy.cost for d in plan.boxes)
    console.print(
        f"mobile boxes: {sum(len(d.plan.tours) for d in plan.boxes)} tours, "
        f"{sum(d.plan.villages_by_box for d in plan.boxes)} villages by box, "
        f"{sum(len(d.plan.fixed) for d in plan.boxes)} fixed; cost {cost:,} rials, "
        f"greedy {greedy:,}, saving {greedy - cost:,}"
    )
    missing = sum(max(0, s.needed - s.rostered) for s in plan.staffing)
    console.print(
        f"roster: {len(plan.roster)} people, {missing} places unfilled, "
        f"{sum(1 for r in plan.roster if r.conflict)} conflicts declared"
    )
    for c, (needing, done) in plan.training.completion.items():
        console.print(f"training {c}: {done}/{needing} completed")


# --- imports at headquarters (files prepared by the counties) ----------------------------------
# Like ``entekhab registry import``, these run on the headquarters server as its operator: one
# file is one transaction through the same services as the API, and a bad row refuses the file.


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [dict(r) for r in csv.DictReader(handle)]


@app.command("import-roster")
def import_roster_command(
    csv_file: Path = typer.Argument(
        ..., help="branch,role,national_code,full_name,birth_date,education,conflict"
    ),
    election_id: str = typer.Option(..., "--election"),
    database_url: str = DB_OPTION,
) -> None:
    """Roster everyone in the file for polling day (nobody twice; all or nothing)."""
    entries = [
        RosterEntry(
            r["branch"],
            r["role"],
            r["national_code"],
            r["full_name"],
            date.fromisoformat(r["birth_date"]),
            r["education"],
            r.get("conflict") or "",
        )
        for r in _rows(csv_file)
    ]
    factory = uow_factory(database_url)
    with factory() as uow:
        done = roster_people(uow, election_id=election_id, entries=entries, actor="cli:plan")
    console.print(f"rostered {len(done)} people")


@app.command("import-devices")
def import_devices_command(
    csv_file: Path = typer.Argument(..., help="serial,kind,county,holder"),
    election_id: str = typer.Option(..., "--election"),
    database_url: str = DB_OPTION,
) -> None:
    """Register the devices of the file in their counties' inventory (all or nothing)."""
    rows = [(r["serial"], r["kind"], r["county"], r["holder"]) for r in _rows(csv_file)]
    factory = uow_factory(database_url)
    with factory() as uow:
        done = register_devices(uow, election_id=election_id, devices=rows, actor="cli:plan")
    console.print(f"registered {len(done)} devices")


@app.command("handover")
def handover_command(
    serial: str = typer.Argument(...),
    giver: str = typer.Option(..., "--giver"),
    receiver: str = typer.Option(..., "--receiver"),
    giver_signature: str = typer.Option(..., "--giver-signature"),
    receiver_signature: str = typer.Option(..., "--receiver-signature"),
    to_branch: str = typer.Option(None, "--to-branch", help="A transfer on polling day."),
    database_url: str = DB_OPTION,
) -> None:
    """Record a device handed over, both parties signing."""
    factory = uow_factory(database_url)
    with factory() as uow:
        device = hand_over(
            uow,
            serial=serial,
            giver=giver,
            receiver=receiver,
            giver_signature=giver_signature,
            receiver_signature=receiver_signature,
            to_branch=to_branch,
            actor="cli:plan",
        )
    console.print(f"{device.serial}: held by {device.holder} at {device.branch or device.county}")


@app.command("assess")
def assess_command(
    branch: str = typer.Argument(...),
    election_id: str = typer.Option(..., "--election"),
    scores: str = typer.Option(..., "--scores", help="item=score,... for every checklist item"),
    assessor: str = typer.Option(..., "--assessor"),
    strengths: str = typer.Option("", "--strengths"),
    weaknesses: str = typer.Option("", "--weaknesses"),
    database_url: str = DB_OPTION,
) -> None:
    """Record a site assessment (kept with history; strengths and weaknesses become lessons)."""
    try:
        parsed = {k.strip(): int(v) for k, v in (p.split("=") for p in scores.split(","))}
    except ValueError as error:
        raise typer.BadParameter("scores are item=number,...") from error
    factory = uow_factory(database_url)
    with factory() as uow:
        made = record_assessment(
            uow,
            election_id=election_id,
            branch=branch,
            scores=parsed,
            assessor=assessor,
            strengths=strengths,
            weaknesses=weaknesses,
            actor="cli:plan",
        )
    console.print(f"assessment {made} recorded for {branch}")
