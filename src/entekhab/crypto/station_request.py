"""Headers of a signed station request (docs/station-api.md, section 2).

The station signs ``signing.request_message(method, path, body, timestamp, nonce)``; the server
recomputes it. Clock and randomness are passed in, so the same call is repeatable in tests.
"""

from __future__ import annotations

from entekhab.crypto.signing import KeyPair, request_message

__all__ = [
    "H_IDEMPOTENCY",
    "H_NONCE",
    "H_REPLAYED",
    "H_SIGNATURE",
    "H_STATION",
    "H_TIMESTAMP",
    "signed_headers",
]

H_STATION = "X-Entekhab-Station"
H_TIMESTAMP = "X-Entekhab-Timestamp"
H_NONCE = "X-Entekhab-Nonce"
H_SIGNATURE = "X-Entekhab-Signature"
H_IDEMPOTENCY = "X-Entekhab-Idempotency-Key"
H_REPLAYED = "X-Entekhab-Replayed"


def signed_headers(
    keypair: KeyPair,
    method: str,
    path: str,
    body: bytes,
    *,
    timestamp: str,
    nonce: str,
    idempotency_key: str | None = None,
) -> dict[str, str]:
    """Every header a station sends with one request (``timestamp``: UTC ISO 8601)."""
    message = request_message(method, path, body, timestamp, nonce)
    headers = {
        H_STATION: keypair.key_id,
        H_TIMESTAMP: timestamp,
        H_NONCE: nonce,
        H_SIGNATURE: keypair.sign(message),
    }
    if idempotency_key is not None:
        headers[H_IDEMPOTENCY] = idempotency_key
    return headers
