"""Before a branch opens, the station checks that the definition it holds is the one
headquarters signed: same hash, and a signature by the headquarters key the station was given
at enrolment (``--hq-key``). A definition whose hash matches but whose signature is missing or
wrong is refused: DEFINITION_SIGNATURE_MISSING / DEFINITION_SIGNATURE_INVALID, nothing is sent
to open the branch, and the refusal is kept in the journal and reported as an incident.
"""

from __future__ import annotations

from typing import Any

from entekhab.crypto.definition_signature import verify_definition
from entekhab.crypto.signing import key_id
from entekhab.domain.error_codes.election_day import (
    DEFINITION_HASH_MISMATCH,
    DEFINITION_SIGNATURE_INVALID,
)
from entekhab.domain.errors import EntekhabError
from entekhab.station.client import StationClient

__all__ = ["require_signed_definition"]


def require_signed_definition(
    client: StationClient, election_id: str, definition_hash: str, hq_public_key: str
) -> dict[str, Any]:
    """Headquarters' signature of this definition, checked; a coded refusal otherwise."""
    # A missing signature comes back as the server's coded DEFINITION_SIGNATURE_MISSING.
    answer = client.get(f"/api/v1/definitions/{election_id}/signature")
    signed: dict[str, Any] = dict(answer.body)
    if signed.get("definition_hash") != definition_hash:
        raise EntekhabError(
            DEFINITION_HASH_MISMATCH,
            {"server": signed.get("definition_hash"), "station": definition_hash},
        )
    good = verify_definition(
        hq_public_key,
        election_id,
        definition_hash,
        public_hex=str(signed.get("public_key", "")),
        signature_hex=str(signed.get("signature", "")),
    )
    if not good:
        raise EntekhabError(
            DEFINITION_SIGNATURE_INVALID,
            {"election_id": election_id, "trusted_key_id": key_id(hq_public_key)},
        )
    return signed
