"""Accounts: argon2id passwords, TOTP for headquarters and board roles, lockout, sessions.

A session token is 32 random bytes given to the client once; the server stores only its SHA-256,
so a stolen database does not yield usable tokens. Sessions are short-lived and revocable.
Failed sign-ins count per account; after ``MAX_FAILED_SIGN_INS`` the account locks for
``LOCKOUT``. Every sign-in, failure and lock is an event in the log.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NoReturn

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from entekhab.domain.access import SECOND_FACTOR_ROLES, Principal, Role
from entekhab.domain.error_codes import security as errors
from entekhab.domain.error_codes.general import INVALID_INPUT, NOT_FOUND
from entekhab.domain.event_codes import security as events
from entekhab.errors import EntekhabError
from entekhab.service.audit.events import record_event
from entekhab.service.security.grants import Grant, check_grant
from entekhab.service.security.sign_in_throttle import DEFAULT_THROTTLE, AddressThrottle
from entekhab.store.tables.security import UserRow, UserSessionRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "LOCKOUT",
    "MAX_FAILED_SIGN_INS",
    "MIN_PASSWORD_LENGTH",
    "SESSION_LIFETIME",
    "NewUser",
    "SecondFactorNeeded",
    "SignIn",
    "add_user",
    "authenticate_token",
    "check_new_account",
    "create_account",
    "disable_user",
    "hash_password",
    "record_national_code",
    "reset_password",
    "sign_in",
    "sign_in_password",
    "sign_in_second_factor",
    "sign_out",
    "token_hash",
]

MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(minutes=30)
MIN_PASSWORD_LENGTH = 12

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("entekhab-dummy-password-for-even-timing")

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewUser:
    user_id: int
    username: str
    totp_secret: str | None
    """Shown once to the new user (as a provisioning URI / QR code); None for roles without it."""
    role: Role
    jurisdiction: str

    @property
    def totp_uri(self) -> str | None:
        if self.totp_secret is None:
            return None
        totp = pyotp.TOTP(self.totp_secret)
        return totp.provisioning_uri(name=self.username, issuer_name="Entekhab")


@dataclass(frozen=True)
class SignIn:
    token: str
    expires_at: datetime
    principal: Principal


def _accept_totp(row: UserRow, code: str, now: datetime) -> bool:
    """Whether ``code`` is the user's TOTP for now (±1 step of clock drift) and was not used
    before: an accepted step is remembered, so a code overheard or replayed is refused."""
    totp = pyotp.TOTP(row.totp_secret or "")
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if row.totp_last_step is not None and step <= row.totp_last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code.strip()):
            row.totp_last_step = step
            return True
    return False


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise EntekhabError(errors.WEAK_PASSWORD, {"min_length": MIN_PASSWORD_LENGTH})


def _principal(row: UserRow) -> Principal:
    return Principal(row.id, row.username, Role(row.role), row.jurisdiction)


def _user(uow: UnitOfWork, username: str) -> UserRow:
    row = uow.session.scalars(select(UserRow).where(UserRow.username == username)).first()
    if row is None:
        raise EntekhabError(NOT_FOUND, {"what": f"user {username}"})
    return row


def check_new_account(uow: UnitOfWork, username: str, password: str | None = None) -> None:
    """The username is well formed and free, and the password (when given) long enough."""
    if not username or len(username) > 64 or not username.isprintable():
        raise EntekhabError(INVALID_INPUT, {"reason": "username must be 1-64 printable chars"})
    if password is not None:
        _check_password(password)
    exists = uow.session.scalars(select(UserRow.id).where(UserRow.username == username)).first()
    if exists is not None:
        raise EntekhabError(errors.USER_EXISTS, {"username": username})


def hash_password(password: str) -> str:
    """The argon2id hash of a new password (refused when too short)."""
    _check_password(password)
    return _hasher.hash(password)


def create_account(
    uow: UnitOfWork,
    *,
    grant: Grant,
    full_name: str,
    national_code: str,
    password_hash: str,
    now: datetime,
    extra: dict[str, str] | None = None,
) -> NewUser:
    """Write an account whose grant was checked (``grants.check_grant``), log ``USER_ADDED``,
    commit. Roles that need a second factor get a fresh TOTP secret."""
    totp_secret = pyotp.random_base32() if grant.role in SECOND_FACTOR_ROLES else None
    row = UserRow(
        username=grant.username,
        full_name=full_name,
        role=grant.role.value,
        jurisdiction=grant.jurisdiction,
        national_code=national_code,
        password_hash=password_hash,
        totp_secret=totp_secret,
        disabled=False,
        failed_sign_ins=0,
        locked_until=None,
        created_at=now,
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.USER_ADDED,
        actor=grant.actor,
        payload={
            "username": grant.username,
            "role": grant.role.value,
            "jurisdiction": grant.jurisdiction,
            **(extra or {}),
        },
    )
    uow.commit()
    return NewUser(row.id, grant.username, totp_secret, grant.role, grant.jurisdiction)


def add_user(
    uow: UnitOfWork,
    *,
    username: str,
    full_name: str,
    role: Role,
    jurisdiction: str,
    national_code: str,
    password: str,
    actor: str,
    granted_by: Principal | None = None,
    clock: Clock = _now,
) -> NewUser:
    """Create an account granted by one person (``granted_by``; None is the operator's console).

    The grant table, the place of the role and separation of duties are checked first
    (``grants.check_grant``: a refusal is logged and writes nothing); board, vetting and
    headquarters accounts granted by a signed-in admin need a second admin
    (``grant_proposals``).
    """
    check_new_account(uow, username, password)
    grant = Grant(username, role, jurisdiction, national_code, granted_by, actor)
    code = check_grant(uow, grant, second_admin=granted_by is None)
    return create_account(
        uow,
        grant=grant,
        full_name=full_name,
        national_code=code,
        password_hash=_hasher.hash(password),
        now=clock(),
    )


def _refuse_sign_in(
    uow: UnitOfWork, row: UserRow | None, username: str, address: str, reason: str, now: datetime
) -> NoReturn:
    """Count the failure (and lock when there were too many), log it, commit, raise."""
    locked_until: datetime | None = None
    if row is not None:
        row.failed_sign_ins += 1
        if row.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            locked_until = now + LOCKOUT
            row.locked_until = locked_until
            row.failed_sign_ins = 0
    payload = {"username": username, "address": address, "reason": reason}
    record_event(uow.session, events.SIGN_IN_FAILED, actor=f"address:{address}", payload=payload)
    if locked_until is not None:
        record_event(
            uow.session,
            events.ACCOUNT_LOCKED,
            actor="system",
            payload={"username": username, "until": locked_until.isoformat()},
        )
    uow.commit()
    if reason == "second_factor_missing":
        raise EntekhabError(errors.SECOND_FACTOR_REQUIRED)
    raise EntekhabError(errors.BAD_CREDENTIALS)


def _first_factor(
    uow: UnitOfWork,
    username: str,
    password: str,
    address: str,
    now: datetime,
    throttle: AddressThrottle,
) -> UserRow:
    """The throttle, the lock, the password and the account's state, in that order."""
    throttle.check(uow, address=address, username=username, now=now)
    row = uow.session.scalars(select(UserRow).where(UserRow.username == username)).first()
    if row is None:
        with contextlib.suppress(VerificationError):  # spend the time a real account takes
            _hasher.verify(_DUMMY_HASH, password)
        _refuse_sign_in(uow, None, username, address, "unknown_user", now)
    _refuse_if_locked(uow, row, username, address, now)
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        _refuse_sign_in(uow, row, username, address, "bad_password", now)
    if row.disabled:
        _refuse_sign_in(uow, row, username, address, "disabled", now)
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return row


def _refuse_if_locked(
    uow: UnitOfWork, row: UserRow, username: str, address: str, now: datetime
) -> None:
    if row.locked_until is not None and row.locked_until > now:
        until = row.locked_until.isoformat()
        record_event(
            uow.session,
            events.SIGN_IN_FAILED,
            actor=f"address:{address}",
            payload={"username": username, "address": address, "reason": "locked"},
        )
        uow.commit()
        raise EntekhabError(errors.ACCOUNT_LOCKED, {"until": until})


def _second_factor(
    uow: UnitOfWork,
    row: UserRow,
    username: str,
    totp_code: str | None,
    address: str,
    now: datetime,
) -> None:
    if row.totp_secret is None:
        return
    if not totp_code:
        _refuse_sign_in(uow, row, username, address, "second_factor_missing", now)
    elif not _accept_totp(row, totp_code, now):
        _refuse_sign_in(uow, row, username, address, "bad_second_factor", now)


def _open_session(
    uow: UnitOfWork,
    row: UserRow,
    username: str,
    address: str,
    now: datetime,
    lifetime: timedelta,
) -> SignIn:
    row.failed_sign_ins = 0
    row.locked_until = None
    token = secrets.token_urlsafe(32)
    expires_at = now + lifetime
    uow.session.add(
        UserSessionRow(
            token_hash=token_hash(token),
            user_id=row.id,
            created_at=now,
            expires_at=expires_at,
            revoked=False,
        )
    )
    record_event(
        uow.session,
        events.USER_SIGNED_IN,
        actor=f"user:{username}",
        payload={"username": username, "address": address},
    )
    uow.commit()
    return SignIn(token, expires_at, _principal(row))


def sign_in(
    uow: UnitOfWork,
    *,
    username: str,
    password: str,
    totp_code: str | None,
    address: str,
    clock: Clock = _now,
    lifetime: timedelta = SESSION_LIFETIME,
    throttle: AddressThrottle = DEFAULT_THROTTLE,
) -> SignIn:
    """Check password (and TOTP where the role needs it) and open a session.

    An address with too many recent failures is refused first (RATE_LIMITED, 429), whatever the
    account, so guessing across many accounts from one address is slowed too.
    """
    now = clock()
    row = _first_factor(uow, username, password, address, now, throttle)
    _second_factor(uow, row, username, totp_code, address, now)
    return _open_session(uow, row, username, address, now, lifetime)


@dataclass(frozen=True)
class SecondFactorNeeded:
    """The password was right; this role must now give its TOTP code (no session yet)."""

    username: str


def sign_in_password(
    uow: UnitOfWork,
    *,
    username: str,
    password: str,
    address: str,
    clock: Clock = _now,
    lifetime: timedelta = SESSION_LIFETIME,
    throttle: AddressThrottle = DEFAULT_THROTTLE,
) -> SignIn | SecondFactorNeeded:
    """The first of two steps (the web's sign-in page): the same checks as ``sign_in``; a role
    without a second factor gets its session, one with it is told to give the code next
    (``sign_in_second_factor``), and that is not counted as a failure."""
    now = clock()
    row = _first_factor(uow, username, password, address, now, throttle)
    if row.totp_secret is None:
        return _open_session(uow, row, username, address, now, lifetime)
    uow.commit()  # a rehashed password
    return SecondFactorNeeded(username)


def sign_in_second_factor(
    uow: UnitOfWork,
    *,
    username: str,
    totp_code: str,
    address: str,
    clock: Clock = _now,
    lifetime: timedelta = SESSION_LIFETIME,
    throttle: AddressThrottle = DEFAULT_THROTTLE,
) -> SignIn:
    """The second step, for a user whose password ``sign_in_password`` accepted moments ago
    (the caller keeps that proof: the web signs it into the step's form). The lock, the
    account's state and the code are checked again; a wrong code counts as a failure."""
    now = clock()
    throttle.check(uow, address=address, username=username, now=now)
    row = _user(uow, username)
    _refuse_if_locked(uow, row, username, address, now)
    if row.disabled:
        _refuse_sign_in(uow, row, username, address, "disabled", now)
    _second_factor(uow, row, username, totp_code, address, now)
    return _open_session(uow, row, username, address, now, lifetime)


def authenticate_token(uow: UnitOfWork, token: str, *, clock: Clock = _now) -> Principal:
    """The user behind a bearer token; expired, revoked or unknown tokens are refused."""
    found = uow.session.execute(
        select(UserSessionRow, UserRow)
        .join(UserRow, UserRow.id == UserSessionRow.user_id)
        .where(UserSessionRow.token_hash == token_hash(token))
    ).first()
    if found is None:
        raise EntekhabError(errors.SESSION_INVALID)
    session_row, user_row = found
    if session_row.revoked or session_row.expires_at <= clock() or user_row.disabled:
        raise EntekhabError(errors.SESSION_INVALID)
    return _principal(user_row)


def sign_out(uow: UnitOfWork, token: str, *, actor: str) -> None:
    """Revoke the session of ``token``."""
    result = uow.session.execute(
        update(UserSessionRow)
        .where(UserSessionRow.token_hash == token_hash(token), UserSessionRow.revoked.is_(False))
        .values(revoked=True)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        payload = {"reason": "sign_out"}
        record_event(uow.session, events.SESSION_REVOKED, actor=actor, payload=payload)
    uow.commit()


def _revoke_all(uow: UnitOfWork, user_id: int) -> None:
    uow.session.execute(
        update(UserSessionRow).where(UserSessionRow.user_id == user_id).values(revoked=True)
    )


def record_national_code(uow: UnitOfWork, username: str, national_code: str, *, actor: str) -> None:
    """Record the national code of an account made before it was kept (separation of duties is
    checked as for a new grant: refused, logged, nothing written). A code once recorded is not
    changed here: a wrong one means disabling the account and granting a new one."""
    row = _user(uow, username)
    if row.national_code is not None:
        reason = "the account already has a national code"
        raise EntekhabError(INVALID_INPUT, {"reason": reason})
    grant = Grant(username, Role(row.role), row.jurisdiction, national_code, None, actor)
    code = check_grant(uow, grant, second_admin=True)
    row = _user(uow, username)
    row.national_code = code
    record_event(
        uow.session, events.NATIONAL_CODE_RECORDED, actor=actor, payload={"username": username}
    )
    uow.commit()


def disable_user(uow: UnitOfWork, username: str, *, actor: str) -> None:
    """Disable an account and revoke every session it holds."""
    row = _user(uow, username)
    row.disabled = True
    _revoke_all(uow, row.id)
    record_event(uow.session, events.USER_DISABLED, actor=actor, payload={"username": username})
    uow.commit()


def reset_password(
    uow: UnitOfWork, username: str, new_password: str, *, actor: str, new_totp: bool = False
) -> NewUser:
    """Set a new password (and optionally a new TOTP secret); unlocks and revokes sessions."""
    _check_password(new_password)
    row = _user(uow, username)
    row.password_hash = _hasher.hash(new_password)
    row.failed_sign_ins = 0
    row.locked_until = None
    if new_totp or (Role(row.role) in SECOND_FACTOR_ROLES and row.totp_secret is None):
        row.totp_secret = pyotp.random_base32()
        row.totp_last_step = None
    _revoke_all(uow, row.id)
    record_event(
        uow.session,
        events.PASSWORD_RESET,
        actor=actor,
        payload={"username": username, "new_totp": new_totp},
    )
    uow.commit()
    secret = row.totp_secret if new_totp else None
    return NewUser(row.id, username, secret, Role(row.role), row.jurisdiction)
