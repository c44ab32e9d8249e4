"""The booth code as a voter's keyboard may type it, against a real station and server: Persian
or Arabic-Indic digits pair the booth like Latin ones; anything else (a letter, a non-ASCII
character, a raw non-UTF-8 byte) is a wrong code beside the field, never a 500."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.console_support import console_world
from tests.integration.test_station_console_access import csrf_of

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_a_typed_booth_code_is_a_pairing_or_a_wrong_code_never_a_500(tmp_path: Path) -> None:
    with console_world(tmp_path) as world:
        booth = httpx.Client(base_url=world.url)
        token = csrf_of(booth, "/voter")
        for typed in ("abcé", "۱۲۳۴۵۶۷x", "ي" * 8):
            answer = booth.post("/voter/pair", data={"csrf_token": token, "code": typed})
            assert answer.status_code == 403, (typed, answer.status_code)
            assert "STATION_BOOTH_CODE_WRONG" in answer.text
        raw = booth.post(
            "/voter/pair",
            content=b"code=\xff\xfe&csrf_token=" + token.encode(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert raw.status_code == 403 and "STATION_BOOTH_CODE_WRONG" in raw.text
        assert "entekhab_booth" not in booth.cookies  # (four wrong codes: the code still holds)
        code = world.console.booth_code
        paired = booth.post(
            "/voter/pair",
            data={"csrf_token": token, "code": code.translate(_ARABIC_INDIC)},
            follow_redirects=True,
        )
        assert paired.status_code == 200 and 'id="waiting"' in paired.text


def test_an_unexpected_failure_is_a_page_that_still_may_not_be_framed_or_kept(
    tmp_path: Path,
) -> None:
    with console_world(tmp_path) as world:
        booth = httpx.Client(base_url=world.url)
        token = csrf_of(booth, "/voter")

        def broken(code: str) -> str:
            raise RuntimeError("a fault inside the station")

        world.console.pair_booth = broken  # type: ignore[method-assign]
        answer = booth.post("/voter/pair", data={"csrf_token": token, "code": "12345678"})
        assert answer.status_code == 500 and "INTERNAL_ERROR" in answer.text
        assert "a fault inside" not in answer.text and "Traceback" not in answer.text
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
