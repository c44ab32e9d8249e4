"""A county's plan as people read it: one HTML page (Persian, right to left, printable, no
scripts), a CSV per table, and the predicted queue of a branch as an SVG chart drawn on the
server.

The chart holds only digits and shapes (its title and legend are HTML around it), because SVG
text gets no bidirectional layout in WeasyPrint (see ``web/charts.py``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from entekhab.planning.capacity import BranchCapacity
from entekhab.service.planning.county_plan import CountyPlan
from entekhab.web.persian import fa_decimal, fa_digits, fa_number, jalali_date
from entekhab.web.sheets import sheet_css

__all__ = ["county_plan_csvs", "queue_chart_svg", "render_county_plan"]

_COLOURS = {"check_in": "#0d47a1", "voting": "#e65100"}


def queue_chart_svg(branch: BranchCapacity, width: int = 640, height: int = 260) -> str:
    """Predicted mean line length per hour and stage (Erlang C at the planned desks)."""
    stages = list(branch.hours)
    hours = [h.hour for h in branch.hours[stages[0]]] if stages else []
    top = max((h.mean_queue_length for s in stages for h in branch.hours[s]), default=0.0)
    top = max(top, 0.5)
    left, bottom, right, upper = 40, 30, 10, 10
    plot_w, plot_h = width - left - right, height - bottom - upper
    slot = plot_w / max(1, len(hours))
    bar = slot / (len(stages) + 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" direction="ltr">',
        f'<line x1="{left}" y1="{upper + plot_h}" x2="{width - right}" y2="{upper + plot_h}" '
        'stroke="#333"/>',
        f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{upper + plot_h}" stroke="#333"/>',
    ]
    for k in range(5):
        value = top * k / 4
        y = upper + plot_h - plot_h * k / 4
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">'
            f"{value:.1f}</text>"
        )
    for i, hour in enumerate(hours):
        x0 = left + i * slot
        for j, stage in enumerate(stages):
            q = branch.hours[stage][i].mean_queue_length
            h = plot_h * q / top
            parts.append(
                f'<rect x="{x0 + bar * (j + 0.5):.1f}" y="{upper + plot_h - h:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}" fill="{_COLOURS.get(stage, "#555")}">'
                f"<title>{stage} {hour}:00 {q:.2f}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + slot / 2:.1f}" y="{height - 12}" font-size="10" '
            f'text-anchor="middle">{hour}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def county_plan_csvs(plan: CountyPlan) -> dict[str, str]:
    """One CSV per table of the plan, by file name."""
    r = plan.readiness
    caps = plan.capacity
    kinds = sorted({k for b in caps.branches for k in b.devices})
    return {
        "readiness_areas.csv": _csv(
            ["area", "kind", "status", "ready", "at_risk", "not_ready", "blockers"],
            [[a.code, a.kind, a.status.value, a.counts["ready"], a.counts["at_risk"],
              a.counts["not_ready"], a.blockers] for a in r.areas],
        ),
        "readiness_branches.csv": _csv(
            ["branch", "status", "sensitivity", "assessed_at", "blockers"],
            [[b.branch, b.status.value, r.sensitivity.get(b.branch, 0),
              b.assessed_at.isoformat() if b.assessed_at else "",
              " ".join(x.item for x in b.blockers)] for b in r.branches],
        ),
        "work_order.csv": _csv(
            ["order", "branch", "item", "critical", "owner", "due", "sensitivity"],
            [[i + 1, w.branch, w.item, w.critical, w.owner, w.due.isoformat(), w.sensitivity]
             for i, w in enumerate(r.work)],
        ),
        "devices_per_branch.csv": _csv(
            ["branch", "county", "expected_voters", "busiest_hour", *kinds],
            [[b.branch, b.county, b.voters, b.busiest_hour, *(b.devices.get(k, 0) for k in kinds)]
             for b in caps.branches],
        ),
        "device_shortfall.csv": _csv(
            ["county", "device", "needed", "inventory", "shortfall", "spare"],
            [[s.county, s.device, s.needed, s.inventory, s.shortfall, s.spare]
             for s in caps.shortfall],
        ),
        "network.csv": _csv(
            ["branch", "primary", "backup", "provider", "primary_commitment", "risk",
             "offline_policy", "courier", "upload_bytes", "reasons"],
            [[a.branch, plan.network.links[a.branch].primary.value,
              plan.network.links[a.branch].backup.value, plan.network.links[a.branch].provider,
              plan.network.links[a.branch].primary_commitment.value, a.risk.value,
              a.offline_policy.value, a.courier, a.upload_bytes, "; ".join(a.reasons)]
             for a in plan.network.assessments],
        ),
        "mobile_boxes.csv": _csv(
            ["district", "method", "vehicle", "village", "arrive_min", "leave_min", "tour_km"],
            [[d.district, p.method, t.vehicle, s.village, s.arrive, s.leave, t.metres / 1000]
             for d in plan.boxes for p in (d.plan, d.greedy) for t in p.tours for s in t.stops]
            + [[d.district, p.method, "", v, "", "", "fixed branch"]
               for d in plan.boxes for p in (d.plan, d.greedy) for v in p.fixed],
        ),
        "mobile_box_costs.csv": _csv(
            ["district", "method", "tours", "villages_by_box", "fixed", "cost_rials"],
            [[d.district, p.method, len(p.tours), p.villages_by_box, len(p.fixed), p.cost]
             for d in plan.boxes for p in (d.plan, d.greedy)],
        ),
        "equipment.csv": _csv(
            ["serial", "kind", "status", "holder", "branch", "seal", "custody_moves"],
            [[d.serial, d.kind, d.status, d.holder, d.branch or "", d.seal or "",
              plan.custody_moves.get(d.serial, 0)] for d in plan.devices],
        ),
        "roster.csv": _csv(
            ["branch", "role", "national_code", "full_name", "conflict", "impartiality_signed"],
            [[p.branch, p.role, p.national_code, p.full_name, p.conflict, p.impartiality_signed]
             for p in plan.roster],
        ),
        "staffing_needs.csv": _csv(
            ["branch", "role", "needed", "rostered", "missing"],
            [[s.branch, s.role, s.needed, s.rostered, max(0, s.needed - s.rostered)]
             for s in plan.staffing],
        ),
        "training_courses.csv": _csv(
            ["course", "title", "audience", "mode", "county", "stage", "trainer", "attended",
             "mean_evaluation"],
            [[c.code, c.title, c.audience, c.mode, c.county, c.stage, c.trainer, c.attended,
              "" if c.mean_evaluation is None else f"{c.mean_evaluation:.2f}"]
             for c in plan.training.courses],
        ),
        "training_gaps.csv": _csv(
            ["national_code", "role", "branch", "county", "needs"],
            [[g.national_code, g.role, g.branch, g.county, g.needs] for g in plan.training.gaps],
        ),
    }  # fmt: skip


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("entekhab.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(fa=fa_digits, num=fa_number, jalali=jalali_date,
                       dec=lambda v: fa_decimal(v, 2))  # fmt: skip
    return env


def render_county_plan(plan: CountyPlan, chart: BranchCapacity | None = None) -> str:
    """The county's plan as one self-contained HTML page; ``chart``: a branch whose predicted
    queue is drawn (with its hours)."""
    devices: dict[str, int] = {}
    for b in plan.capacity.branches:
        for k, n in b.devices.items():
            devices[k] = devices.get(k, 0) + n
    missing = sum(max(0, s.needed - s.rostered) for s in plan.staffing)
    risks = {k: sum(1 for a in plan.network.assessments if a.risk.value == k)
             for k in ("low", "medium", "high")}  # fmt: skip
    return (
        _environment()
        .get_template("planning_county.html.j2")
        .render(
            p=plan,
            css=sheet_css(),
            devices=devices,
            missing_staff=missing,
            conflicts=[x for x in plan.roster if x.conflict],
            unsigned=sum(1 for x in plan.roster if not x.impartiality_signed),
            risks=risks,
            chart=chart,
            chart_svg=queue_chart_svg(chart) if chart is not None else "",
            box_total={
                "plan": sum(d.plan.cost for d in plan.boxes),
                "greedy": sum(d.greedy.cost for d in plan.boxes),
            },
        )
    )
