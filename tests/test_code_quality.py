"""The project's own gates run as tests, so CI (``make test``) enforces them too:
ruff lint and format, import-linter's layer contracts, mypy --strict on domain/crypto/service."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> None:
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_lint_is_clean() -> None:
    _run(str(BIN / "ruff"), "check", "src", "tests", "benchmarks")


def test_ruff_format_is_clean() -> None:
    _run(str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks")


def test_import_boundaries_hold() -> None:
    _run(str(BIN / "lint-imports"))


@pytest.mark.slow
def test_mypy_strict_on_domain_crypto_service() -> None:
    _run(
        str(BIN / "mypy"),
        "src/entekhab/domain",
        "src/entekhab/crypto",
        "src/entekhab/service",
    )
