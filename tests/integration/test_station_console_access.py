"""Who may use the branch console's screens, against a real station and server: without the
console token nothing opens or checks in; without a paired booth nothing is cast (a page of
another site or another local program has neither cookie); a form without the CSRF token is
refused; a foreign Host is refused (DNS rebinding); a stale ballot page cannot cast for the next
voter; the agent's pages never carry a choice; and a refusal changes nothing in the journal."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.console_support import ConsoleWorld, console_world

SEMNAN_BLANK = {"list:TEH": "", "ballot": ""}


def csrf_of(client: httpx.Client, url: str) -> str:
    client.get(url)
    return str(client.cookies.get("entekhab_csrf"))


def agent_client(world: ConsoleWorld) -> httpx.Client:
    client = httpx.Client(base_url=world.url, follow_redirects=True)
    assert client.get(world.agent_address).status_code == 200
    return client


def paired_booth(world: ConsoleWorld) -> httpx.Client:
    booth = httpx.Client(base_url=world.url, follow_redirects=True)
    token = csrf_of(booth, "/voter")
    answer = booth.post("/voter/pair", data={"csrf_token": token, "code": world.console.booth_code})
    assert answer.status_code == 200  # waiting, or the ballot when one waits
    assert 'id="waiting"' in answer.text or 'class="contest"' in answer.text
    return booth


def test_the_screens_need_their_tokens_and_a_refusal_writes_nothing(tmp_path: Path) -> None:
    with console_world(tmp_path) as world:
        journal = world.console.station.journal
        stranger = httpx.Client(base_url=world.url)
        token = csrf_of(stranger, "/voter")
        for path, data in (
            ("/open", {"opened_by": "x"}),
            ("/check-in", {"national_code": world.voters[0], "card_serial": "S"}),
            ("/close", {"closed_by": "x", "confirm": "yes"}),
        ):
            answer = stranger.post(path, data={**data, "csrf_token": token})
            assert answer.status_code == 403 and "STATION_CONSOLE_LOCKED" in answer.text
        assert world.console.station.session is None and journal.pending() == []

        agent = agent_client(world)
        token = str(agent.cookies.get("entekhab_csrf"))
        forged = agent.post("/open", data={"opened_by": "x"})  # no CSRF token
        assert forged.status_code == 403 and "CSRF_INVALID" in forged.text
        assert world.console.station.session is None
        assert agent.post("/open", data={"opened_by": "head", "csrf_token": token}).is_success
        assert world.console.station.session is not None

        rebinding = httpx.get(world.url + "/", headers={"host": "evil.example:80"})
        assert rebinding.status_code == 421

        # Nothing waits at the booth: the stranger can neither see a ballot nor cast.
        checked = agent.post(
            "/check-in",
            data={"national_code": world.voters[0], "card_serial": "S1", "csrf_token": token},
        )
        assert checked.status_code == 200 and 'id="last-checkin"' in checked.text
        for path in ("/voter/ballot", "/voter/poll"):
            assert stranger.get(path).status_code == 403
        cast = stranger.post("/voter/cast", data={**SEMNAN_BLANK, "csrf_token": token})
        assert cast.status_code == 403 and "STATION_BOOTH_NOT_PAIRED" in cast.text
        assert journal.ballot_count() == 0

        # The paired booth casts; a stale page of that ballot cannot cast for the next voter.
        booth = paired_booth(world)
        page = booth.get("/voter/ballot")
        assert "TEH" in page.text and world.voters[0] not in page.text
        nonce = world.console.ballot_nonce
        btoken = str(booth.cookies.get("entekhab_csrf"))
        form = {"csrf_token": btoken, "ballot": nonce, "list:TEH": "L1", "cand:EXP": "301"}
        receipt = booth.post("/voter/cast", data=form)
        assert receipt.status_code == 200 and 'id="ballot-id"' in receipt.text
        assert journal.ballot_count() == 1
        agent.post(
            "/check-in",
            data={"national_code": world.voters[1], "card_serial": "S2", "csrf_token": token},
        )
        stale = booth.post("/voter/cast", data=form)
        assert stale.status_code == 409 and "STATION_BOOTH_EMPTY" in stale.text
        assert journal.ballot_count() == 1

        # The agent's pages carry no choice and no ballot id.
        shown = agent.get("/").text + agent.get("/agent/booth").text
        ballot_id = receipt.text.split('id="ballot-id">')[1].split("<")[0]
        assert ballot_id not in shown and "L1" not in shown and "301" not in shown

        # A second pairing replaces the first booth.
        other = paired_booth(world)
        assert booth.get("/voter/poll").status_code == 403
        assert other.get("/voter/poll").status_code == 200  # the second voter's ballot waits


def test_five_wrong_booth_codes_change_the_code(tmp_path: Path) -> None:
    with console_world(tmp_path) as world:
        guesser = httpx.Client(base_url=world.url)
        token = csrf_of(guesser, "/voter")
        first = world.console.booth_code
        wrong = "00000000" if first != "00000000" else "11111111"
        for _ in range(5):
            answer = guesser.post("/voter/pair", data={"csrf_token": token, "code": wrong})
            assert answer.status_code == 403 and "STATION_BOOTH_CODE_WRONG" in answer.text
        assert world.console.booth_code != first
        late = guesser.post("/voter/pair", data={"csrf_token": token, "code": first})
        assert late.status_code == 403 and world.console.booth_token is None
