"""axe-core (through axe-playwright-python) on a page: no serious or critical violation."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()


def serious_violations(page: Any) -> list[str]:
    """The serious and critical WCAG violations axe finds on the page, one line each."""
    results = _AXE.run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            }
        },
    )
    found = results.response.get("violations", [])
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]
