"""``entekhab sim make-election``: the documented command rebuilds the committed examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from entekhab.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("name", ["tiny.yaml", "sari.yaml"])
def test_documented_command_rebuilds_the_example(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    kind = name.split(".")[0]
    args = ["sim", "make-election", "--kind", kind, "--seed", "1405", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (EXAMPLES / name).read_bytes()


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["--kind", "isfahan", "--out", "x.yaml"], "--kind"),
        (["--kind", "tiny", "--out", "x.txt"], "--out"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_written(
    tmp_path: Path, args: list[str], hint: str
) -> None:
    args = [a if a not in ("x.yaml", "x.txt") else str(tmp_path / a) for a in args]
    result = CliRunner().invoke(app, ["sim", "make-election", *args])
    assert result.exit_code == 2
    assert hint in result.output
    assert list(tmp_path.iterdir()) == []


def test_make_registry_needs_somewhere_to_put_the_citizens() -> None:
    result = CliRunner().invoke(app, ["sim", "make-registry", "--kind", "tiny"])
    assert result.exit_code == 2
    assert "--out" in result.output
