"""Run every benchmark: ``python -m benchmarks [name ...]`` (``make bench``).

Each module in ``benchmarks/`` with a ``main()`` is a benchmark; they print their own figures.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
    chosen = [a for a in argv if not a.startswith("-")] or names  # flags are the modules' own
    for name in chosen:
        module = importlib.import_module(f"benchmarks.{name}")
        if hasattr(module, "main"):
            print(f"\n=== {name} ===", flush=True)
            module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
