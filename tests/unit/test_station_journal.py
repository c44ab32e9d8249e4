"""The station journal: durable settings, requests journalled before sending, and no link
between a voter, a check-in and a ballot in what it keeps."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.station.journal import Journal, encode_body

NATIONAL_CODE = "0499370899"


def record(ballot_id: str) -> BallotRecord:
    return BallotRecord(
        ballot_id=ballot_id,
        election_id="E7",
        branch="B1",
        ballot_style="ST1",
        hour="2026-06-18T07",
        selections=(ContestSelection(contest="EXP", candidates=("301",)),),
    )


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "station.journal")
    yield j
    j.close()


def test_journal_is_wal_with_full_sync_and_secure_delete(journal: Journal) -> None:
    assert journal.pragma("journal_mode") == "wal"
    assert journal.pragma("synchronous") == 2  # FULL: a commit fsyncs the log
    assert journal.pragma("secure_delete") == 1
    # Settings are per connection: a reopened journal has them too.
    again = Journal(journal.path)
    assert (again.pragma("journal_mode"), again.pragma("synchronous")) == ("wal", 2)
    again.close()


def test_normal_sync_is_an_explicit_choice_for_demos_only(tmp_path: Path) -> None:
    demo = Journal(tmp_path / "demo.journal", synchronous="NORMAL")
    assert (demo.pragma("journal_mode"), demo.pragma("synchronous")) == ("wal", 1)
    demo.close()
    with pytest.raises(ValueError):
        Journal(tmp_path / "x.journal", synchronous="OFF")


def test_a_journalled_request_survives_a_killed_process(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    script = textwrap.dedent(
        f"""
        import os
        from entekhab.station.journal import Journal
        j = Journal({str(path)!r})
        r = j.add_request("check_in", "POST", "/api/v1/checkins", {{"national_code": "x"}})
        print(r.idempotency_key, flush=True)
        os._exit(9)  # no close, no cleanup: as if killed
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    key = out.stdout.strip()
    assert out.returncode == 9 and len(key) == 32
    [pending] = Journal(path).pending()
    assert pending.idempotency_key == key
    assert pending.body == encode_body({"national_code": "x"})


def test_each_request_gets_a_fresh_128_bit_key_and_replays_in_order(journal: Journal) -> None:
    keys = [journal.add_request("k", "post", "/p", {"i": i}).idempotency_key for i in range(20)]
    assert len(set(keys)) == 20 and all(len(k) == 32 for k in keys)
    pending = journal.pending()
    assert [p.payload()["i"] for p in pending] == list(range(20))
    assert {p.method for p in pending} == {"POST"}


def test_completed_check_in_keeps_no_national_code(journal: Journal) -> None:
    request = journal.add_request(
        "check_in", "POST", "/api/v1/checkins", {"national_code": NATIONAL_CODE}
    )
    ticket = journal.complete_checkin(
        request, hour="2026-06-18T07", ballot_style="ST1", contests=["TEH", "EXP"]
    )
    assert journal.pending() == [] and journal.checkin_count() == 1
    assert journal.ticket(ticket.ticket) == ticket and ticket.contests == ("TEH", "EXP")
    journal.scrub()
    raw = b"".join(p.read_bytes() for p in journal.path.parent.iterdir())
    assert NATIONAL_CODE.encode() not in raw  # secure_delete overwrote the request body


def test_cast_closes_the_ticket_and_stores_the_record_only(journal: Journal) -> None:
    request = journal.add_request("check_in", "POST", "/c", {"national_code": NATIONAL_CODE})
    ticket = journal.complete_checkin(
        request, hour="2026-06-18T07", ballot_style="ST1", contests=["EXP"]
    )
    assert journal.ticket(ticket.ticket) is not None  # open until the ballot is recorded
    journal.cast(ticket.ticket, record("0f" * 16))
    assert journal.tickets() == [] and journal.pending() == []
    assert journal.ballot_records() == [record("0f" * 16)]
    [queued] = journal.unprinted()  # the receipt waits for the printer
    assert queued.ballot_id == "0f" * 16
    journal.mark_printed(queued.ballot_id)
    assert journal.unprinted() == []
    journal.scrub()
    raw = b"".join(p.read_bytes() for p in journal.path.parent.iterdir())
    assert ticket.ticket.encode() not in raw


def test_check_ins_and_ballots_share_no_column_and_no_order(journal: Journal) -> None:
    ids = [f"{i:032x}" for i in range(40)]
    for i, ballot_id in enumerate(reversed(ids)):  # cast order: the reverse of id order
        r = journal.add_request("check_in", "POST", "/c", {"national_code": str(i)})
        t = journal.complete_checkin(r, hour="2026-06-18T07", ballot_style="ST1", contests=["EXP"])
        journal.cast(t.ticket, record(ballot_id))
    conn = sqlite3.connect(journal.path)
    columns = {
        table: {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for table in ("checkins", "ballots")
    }
    assert columns["checkins"] & columns["ballots"] == set()
    # Stored order: ballots by random id (here: not the cast order), check-ins by random rowid.
    stored_ballots = [r[0] for r in conn.execute("SELECT ballot_id FROM ballots")]
    assert stored_ballots == ids
    rowids = [r[0] for r in conn.execute("SELECT id FROM checkins")]
    assert len(rowids) == 40 and min(rowids) > 2**20  # random rowids, not 1, 2, 3 ...
    conn.close()


def test_a_failed_transaction_leaves_nothing(journal: Journal) -> None:
    with pytest.raises(RuntimeError), journal.transaction() as conn:
        journal.add_request("check_in", "POST", "/c", {"national_code": "1"}, conn=conn)
        journal.set_meta("x", 1, conn)
        raise RuntimeError("power cut")
    assert journal.pending() == [] and journal.get_meta("x") is None
