"""The ballot-code draw as docs/candidates.md publishes it: its snippet repeats the draw."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from entekhab.domain.candidates.ballot_codes import draw_ballot_codes

DOC = Path(__file__).resolve().parents[3] / "docs" / "candidates.md"


def _block_after(marker: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(re.escape(marker) + r"\n```[a-z]*\n(.*?)```", text, re.S)
    assert found, f"no code block after {marker} in docs/candidates.md"
    return found.group(1)


def test_the_snippet_in_the_docs_repeats_the_draw(tmp_path: Path) -> None:
    script = tmp_path / "draw.py"
    script.write_text(_block_after("<!-- draw-snippet -->"), encoding="utf-8")
    command, printed = _block_after("<!-- draw-example -->").strip().splitlines()
    args = command.split()[3:]
    election, contest, nonce, first, *numbers = args
    run = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=True
    )
    ours = draw_ballot_codes(election, contest, nonce, numbers, first_code=int(first))
    expected = " ".join(f"{n}={c}" for n, c in ours.codes)
    assert run.stdout.strip() == expected == printed.strip()
