"""Routes: election definitions.

``POST /definitions`` (HQ admins) loads a definition sent as JSON or, with a YAML content type,
as YAML; the same document again answers 200 and changes nothing. ``GET /definitions/{id}`` is
public: stations and observers fetch the document and check its hash themselves.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.definitions import (
    DefinitionLoadedOut,
    DefinitionOut,
    DefinitionSignatureOut,
)
from entekhab.service.definitions.loading import load_definition_from_text, stored_definition
from entekhab.service.definitions.signing import definition_signature, sign_definition_package
from entekhab.service.security.server_key import configured_key_file, read_server_key

__all__ = ["router"]

router = APIRouter(tags=["definitions"])


_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")


@router.post(
    "/definitions",
    response_model=DefinitionLoadedOut,
    status_code=201,
    responses={200: {"description": "The same document was already loaded; nothing changed."}},
)
async def post_definition(
    request: Request, response: Response, uow: Uow, user: CurrentUser
) -> DefinitionLoadedOut:
    """Check and load an election definition (body: its JSON, or its YAML with a YAML type)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = "yaml" if content_type in _YAML_TYPES else "json"
    body = await request.body()
    outcome = await run_in_threadpool(load_definition_from_text, uow, body, fmt, actor=user.actor)
    settings = request.app.state.settings
    key_file = configured_key_file(settings.server_key_file, settings.var_dir)
    if key_file:  # headquarters signs the package it loaded (stations verify it at opening)
        key = read_server_key(key_file)
        now = request.app.state.clock()
        await run_in_threadpool(
            sign_definition_package, uow, outcome.election_id, key, actor=user.actor, now=now
        )
    if not outcome.created:
        response.status_code = 200
    return DefinitionLoadedOut(
        election_id=outcome.election_id,
        definition_hash=outcome.definition_hash,
        created=outcome.created,
    )


@router.get("/definitions/{election_id}", response_model=DefinitionOut)
def get_definition(uow: Uow, election_id: str) -> DefinitionOut:
    """The loaded definition of an election, with its SHA-256 (public)."""
    stored = stored_definition(uow, election_id)
    return DefinitionOut(
        election_id=stored.election_id,
        definition_hash=stored.definition_hash,
        loaded_at=stored.loaded_at,
        document=stored.document,
    )


@router.get("/definitions/{election_id}/signature", response_model=DefinitionSignatureOut)
def get_signature(uow: Uow, election_id: str) -> DefinitionSignatureOut:
    """Headquarters' Ed25519 signature of the current definition hash (public; stations verify
    it with the headquarters key they were given before opening)."""
    return DefinitionSignatureOut(**definition_signature(uow, election_id).as_json())
