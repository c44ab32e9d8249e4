"""Signed station request headers verify with the enrolled public key and nothing else."""

from __future__ import annotations

from entekhab.crypto.signing import keypair_from_seed, request_message, verify
from entekhab.crypto.station_request import (
    H_IDEMPOTENCY,
    H_NONCE,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
    signed_headers,
)


def test_signed_headers_verify_and_bind_the_body() -> None:
    kp = keypair_from_seed(bytes(32))
    body = b'{"national_code":"0012345679"}'
    h = signed_headers(
        kp,
        "post",
        "/api/v1/checkins",
        body,
        timestamp="2026-06-18T07:00:00Z",
        nonce="n1" * 8,
        idempotency_key="ab" * 16,
    )
    assert h[H_STATION] == kp.key_id and h[H_IDEMPOTENCY] == "ab" * 16
    msg = request_message("POST", "/api/v1/checkins", body, h[H_TIMESTAMP], h[H_NONCE])
    assert verify(kp.public_hex, msg, h[H_SIGNATURE])
    swapped = request_message("POST", "/api/v1/checkins", b"{}", h[H_TIMESTAMP], h[H_NONCE])
    assert not verify(kp.public_hex, swapped, h[H_SIGNATURE])
