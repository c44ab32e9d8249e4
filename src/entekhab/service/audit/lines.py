"""``audit verify`` on PostgreSQL: the log streamed with ``COPY ... TO STDOUT`` and walked as bytes.

Why: a server-side cursor turns every field of every row into a Python string, and the walk then
encodes most of them back to bytes to hash them. COPY hands over the rows as text lines that
PostgreSQL produces faster than a cursor's rows, and nearly every line is hashed straight from
its bytes: printable-ASCII times, actors, codes and hex digests need no decoding at all. A line
holding a backslash (COPY's escapes: a payload with ``\\n`` or ``"`` in a string, a tab) or
a non-ASCII actor is decoded and checked field by field with ``entry_hash_fast`` — the same
checks as ``chain._walk``, which reads rows from any other source; the tamper tests run both.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Engine

from entekhab.crypto.chain import entry_hash_fast
from entekhab.service.audit.report import ChainReport, Progress

__all__ = ["begin_snapshot", "iter_copy_blocks", "walk_lines"]

_BATCH = 20_000
_COLUMNS = "seq, recorded_at, actor, code, payload, payload_digest, prev_hash, hash"
_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f-]+").fullmatch
_PLAIN = re.compile(rb"[ !#-\[\]-~]*").fullmatch
"""Printable ASCII without quote or backslash: JSON-quoting it adds just the two quotes."""
_ESCAPE = re.compile(r"\\(.)")
_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def begin_snapshot(driver: Any, snapshot: str | None) -> None:
    """Open ``driver``'s (a psycopg connection's) transaction on an exported snapshot."""
    if snapshot is None:
        return
    if not _SNAPSHOT_ID(snapshot):
        raise ValueError(f"not a PostgreSQL snapshot id: {snapshot!r}")
    with driver.cursor() as setup:
        setup.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        setup.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")


def iter_copy_blocks(
    engine: Engine,
    *,
    after: int | None = None,
    upto: int | None = None,
    snapshot: str | None = None,
) -> Iterator[bytes]:
    """The sealed entries (``after`` < seq <= ``upto`` if given) in sequence order, as blocks of
    COPY text lines."""
    where = "seq IS NOT NULL"
    if after is not None and upto is not None:
        where = f"seq > {int(after)} AND seq <= {int(upto)}"
    query = f"COPY (SELECT {_COLUMNS} FROM event_log WHERE {where} ORDER BY seq) TO STDOUT"
    raw: Any = engine.raw_connection()
    try:
        driver = raw.driver_connection
        raw.rollback()  # SET TRANSACTION must open the transaction
        begin_snapshot(driver, snapshot)
        with driver.cursor() as cur, cur.copy(query) as copy:
            # PostgreSQL sends one message per row: hand them on a thousand at a time.
            chunk: list[bytes] = []
            for message in copy:
                chunk.append(bytes(message))
                if len(chunk) == 1000:
                    yield b"".join(chunk)
                    chunk.clear()
            yield b"".join(chunk)
    finally:
        raw.rollback()
        raw.close()


def _unescape(field: str) -> str:
    if field == "\\N":  # an emptied column: no hash or link can match it
        return ""
    return _ESCAPE.sub(lambda m: _SIMPLE.get(m.group(1), m.group(1)), field)


def _decoded(line: bytes) -> list[bytes]:
    """The eight fields of a line that holds COPY escapes, unescaped, as UTF-8 bytes."""
    fields = [_unescape(f).encode("utf-8") for f in line.decode("utf-8").split("\t")]
    return (fields + [b""] * 8)[:8]


def walk_lines(
    blocks: Iterable[bytes],
    report: ChainReport,
    signed: dict[int, str],
    progress: Progress | None,
    *,
    start: tuple[int, str | None],
) -> tuple[int | None, str | None]:
    """``chain._walk`` over COPY text blocks: check every entry, link and signed position; the
    sequence number of the first entry and the previous hash it names (for joining slices).
    ``start``: as for ``chain._walk``."""
    prev_seq, start_hash = start
    prev_hash = start_hash.encode("ascii") if start_hash is not None else None
    first_prev: bytes | None = None
    first_seq: int | None = None
    sha = hashlib.sha256
    plain = _PLAIN
    add = report.add
    entries = 0
    rest = b""
    for block in blocks:
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        for line in lines:
            fields = _decoded(line) if b"\\" in line else line.split(b"\t")
            seq_text, at, actor, code, payload, digest, prev, stored = fields
            seq = int(seq_text)
            entries += 1
            if entries == 1:
                first_seq, first_prev = seq, prev
                if prev_hash is None:  # the first entry of a slice: the caller checks its place
                    prev_seq, prev_hash = seq - 1, prev
            if seq != prev_seq + 1:
                kind = "gap" if seq > prev_seq + 1 else "order"
                add(seq, kind, f"sequence jumps from {prev_seq} to {seq}")
            linked = True
            if sha(payload).hexdigest().encode() != digest:
                add(seq, "payload_edited", "payload does not match its digest")
                linked = False
            if prev != prev_hash:
                add(seq, "broken_link", "previous hash does not match the entry before")
                linked = False
            if linked and plain(actor + code + at):
                text = (
                    b'{"actor":"' + actor + b'","code":"' + code + b'","payload_digest":"'
                    + digest + b'","prev_hash":"' + prev + b'","recorded_at":"' + at
                    + b'","seq":' + seq_text + b"}"
                )  # fmt: skip
                computed = sha(text).hexdigest().encode()
            else:
                computed = entry_hash_fast(
                    seq, *(f.decode("utf-8", "replace") for f in (at, actor, code, digest, prev))
                ).encode()
            if computed != stored:
                add(seq, "entry_edited", "entry hash does not match its contents")
            if seq in signed and signed.pop(seq).encode() != stored:
                add(seq, "checkpoint_mismatch", "entry differs from its signed checkpoint")
            prev_seq, prev_hash = seq, stored
            if progress is not None and not entries % _BATCH:
                progress(entries)
    report.entries, report.last_seq = entries, prev_seq
    if prev_hash is not None:
        report.last_hash = prev_hash.decode("ascii", "replace")
    elif start_hash is not None:
        report.last_hash = start_hash
    if progress is not None:
        progress(entries)
    return first_seq, (first_prev.decode("ascii", "replace") if first_prev is not None else None)
