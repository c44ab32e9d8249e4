"""``.ci/run`` sets CI=true itself and stops, clearly, when PostgreSQL is not ready (issue 10
item 11). Run with stand-ins for ``pg_isready``, ``pg_ctlcluster`` and ``make`` on the PATH."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/usr/bin/env bash\n{body}\n")
    path.chmod(0o755)


def _run(tmp_path: Path, *, postgres_up: bool) -> tuple[subprocess.CompletedProcess[str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    made = tmp_path / "make-was-called"
    _stub(bin_dir, "pg_isready", "exit 0" if postgres_up else "exit 2")
    _stub(bin_dir, "pg_ctlcluster", "exit 1")
    _stub(bin_dir, "make", f'echo "CI=$CI $*" > {made}')
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ENTEKHAB_CI_PG_WAIT": "1",
    }
    done = subprocess.run(
        ["bash", str(ROOT / ".ci/run")], env=env, capture_output=True, text=True, timeout=60
    )
    return done, made


def test_ci_run_exports_ci_true_before_running_the_suite(tmp_path: Path) -> None:
    done, made = _run(tmp_path, postgres_up=True)
    assert done.returncode == 0, done.stderr
    assert made.read_text().strip() == "CI=true test"


def test_ci_run_stops_when_postgres_is_not_ready(tmp_path: Path) -> None:
    done, made = _run(tmp_path, postgres_up=False)
    assert done.returncode == 3
    assert "PostgreSQL is not ready" in done.stderr
    assert not made.exists(), "the suite must not run without PostgreSQL"
