"""On PostgreSQL ``audit verify`` walks the log as COPY text lines, hashed from their bytes
(service/audit/lines.py); everywhere else it walks rows of strings (chain._walk). Both walks
must find exactly the same problems in any chain, whatever its text — escapes, tabs, newlines,
Persian — and however the stream is cut into blocks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from entekhab.crypto.chain import GENESIS_HASH, entry_hash
from entekhab.crypto.hashing import sha256_hex
from entekhab.service.audit.chain import EventRow, _walk
from entekhab.service.audit.lines import walk_lines
from entekhab.service.audit.report import ChainReport

_COPY_ESCAPES = {"\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_COPY_ESCAPES["\v"] = "\\v"
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)
_entry = st.tuples(
    st.one_of(_text, st.sampled_from(["user:admin", "کاربر:علی", 'a"b', "x\ty"])),
    st.one_of(_text, st.just("USER_ADDED")),
    st.one_of(_text, st.just("2026-06-18T09:00:00.000000Z")),
    st.one_of(_text, st.just('{"line":"a\\nb"}')),
)
_TAMPERS = ["none", "edit_actor", "edit_payload", "edit_hash", "delete", "swap", "null_hash"]


def _copy_line(row: tuple[object, ...]) -> str:
    def field(value: object) -> str:
        if value is None:
            return "\\N"
        return "".join(_COPY_ESCAPES.get(c, c) for c in str(value))

    return "\t".join(field(v) for v in row) + "\n"


def _chain(entries: list[tuple[str, str, str, str]]) -> list[EventRow]:
    rows: list[EventRow] = []
    prev = GENESIS_HASH
    for seq, (actor, code, at, payload) in enumerate(entries, start=1):
        digest = sha256_hex(payload.encode("utf-8"))
        stored = entry_hash(seq, at, actor, code, digest, prev)
        rows.append((seq, at, actor, code, payload, digest, prev, stored))
        prev = stored
    return rows


def _tampered(rows: list[EventRow], tamper: str, k: int) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = [tuple(r) for r in rows]
    k %= len(out)
    seq, at, actor, code, payload, digest, prev, stored = rows[k]
    if tamper == "edit_actor":
        out[k] = (seq, at, actor + "x", code, payload, digest, prev, stored)
    elif tamper == "edit_payload":
        out[k] = (seq, at, actor, code, payload + " ", digest, prev, stored)
    elif tamper == "edit_hash":
        out[k] = (seq, at, actor, code, payload, digest, prev, "b" * 64)
    elif tamper == "null_hash":
        out[k] = (seq, at, actor, code, payload, digest, prev, None)
    elif tamper == "delete":
        del out[k]
    elif tamper == "swap" and k + 1 < len(out):
        a, b = out[k], out[k + 1]
        out[k], out[k + 1] = (b[0] - 1, *b[1:]), (a[0] + 1, *a[1:])
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_entry, min_size=1, max_size=8),
    st.sampled_from(_TAMPERS),
    st.integers(min_value=0, max_value=20),
    st.lists(st.integers(min_value=1, max_value=50), max_size=6),
    st.booleans(),
)
def test_the_copy_walk_finds_what_the_row_walk_finds(
    entries: list[tuple[str, str, str, str]],
    tamper: str,
    k: int,
    cuts: list[int],
    sign_last: bool,
) -> None:
    rows = _chain(entries)
    signed = {len(rows): rows[-1][7]} if sign_last else {}
    stream = _tampered(rows, tamper, k)
    by_rows, signed_rows = ChainReport(), dict(signed)
    as_str = [tuple("" if v is None else v for v in r) for r in stream]
    first_prev = _walk(as_str, by_rows, signed_rows, None)  # type: ignore[arg-type]
    data = "".join(_copy_line(r) for r in stream).encode("utf-8")
    blocks, at = [], 0
    for cut in cuts:
        blocks.append(data[at : at + cut])
        at += cut
    blocks.append(data[at:])
    by_lines, signed_lines = ChainReport(), dict(signed)
    _, first_prev_lines = walk_lines(blocks, by_lines, signed_lines, None, start=(0, GENESIS_HASH))
    assert by_lines.problems == by_rows.problems
    assert (by_lines.entries, by_lines.last_seq, by_lines.last_hash) == (
        by_rows.entries,
        by_rows.last_seq,
        by_rows.last_hash,
    )
    assert signed_lines == signed_rows and first_prev_lines == first_prev
    if tamper.startswith("edit") or tamper == "null_hash":
        assert not by_rows.ok, "an edited entry is always found"
    if tamper == "none":
        assert by_rows.ok
