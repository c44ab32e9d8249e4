"""Top-level ``entekhab bench``: run the benchmarks under benchmarks/ (same as ``make bench``)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add ``entekhab bench`` to ``app``."""

    @app.command("bench")
    def bench(
        names: list[str] = typer.Argument(None, help="Benchmarks to run (default: all)."),
    ) -> None:
        """Run the benchmarks of a source checkout and print their figures."""
        root = Path(__file__).resolve().parents[3]
        if not (root / "benchmarks").is_dir():
            raise typer.BadParameter("benchmarks/ is only in a source checkout")
        sys.path.insert(0, str(root))
        sys.argv = ["benchmarks", *(names or [])]
        runpy.run_module("benchmarks", run_name="__main__")
