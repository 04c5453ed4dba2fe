"""Who may edit: an allow-list of signed-in e-mails, or a local editor password (salted hash).

Editing is off until `.streamlit/secrets.toml` turns it on. The page asks `editor()` before it
shows anything, and every write asks `require_editor()` again with the session's current
credentials, so reaching the page's address or replaying a request is not enough to write.
Password attempts pass through one `PasswordGate` per server: a growing delay and a lockout per
session and for the whole server, and a bound on the PBKDF2 checks running at once.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from alliance.store import NotAllowed

LOG = logging.getLogger("alliance.access")
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000
# The `[editors]` settings of the password throttle and the login rule, with their defaults
# (documented in the README and .streamlit/secrets.toml.example).
DEFAULTS: dict[str, int | float | bool] = {
    "attempt_delay_seconds": 1.0,  # the wait after a first failure; doubles with each one
    "max_attempt_delay_seconds": 60.0,
    "lockout_failures": 5,  # failures of one session before it is locked out
    "server_lockout_failures": 20,  # failures of all sessions together before all are
    "lockout_minutes": 15.0,  # also how long failures are remembered
    "concurrent_checks": 2,  # password checks computed at once on the server
    "require_verified_email": True,
}


@dataclass(frozen=True)
class Credentials:
    """What the session can show: a signed-in user, and whether the password was given."""

    logged_in: bool = False
    email: str = ""
    password_ok: bool = False
    # What the login provider said of the address: True, False, or None when it said nothing.
    email_verified: bool | None = None
    # The fingerprint of the stored hash the password was checked against: a new hash in
    # secrets.toml ends the sessions that proved the old one.
    password_hash_seen: str = ""


@dataclass(frozen=True)
class Editor:
    """Someone allowed to write, and how they proved it."""

    name: str
    method: str  # "login" or "password"


def hash_password(password: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    """`pbkdf2_sha256$iterations$salt$hash`, the form kept in secrets.toml."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), iterations)
    return f"{ALGORITHM}${iterations}${salt}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash; constant time; False on a malformed hash."""
    try:
        algorithm, iterations, salt, expected = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        candidate = hash_password(password, salt, int(iterations)).split("$")[3]
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, expected)


def password_fingerprint(stored: str) -> str:
    """A digest naming one stored hash, kept in the session instead of the hash itself."""
    return hashlib.sha256(f"alliance-editor-hash:{stored}".encode()).hexdigest()


def email_verified(value: object) -> bool | None:
    """The provider's `email_verified` claim as True, False or None (not sent).

    Some providers send the string "false" rather than the JSON boolean.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"", "none", "null"}:
        return None
    return False  # anything else proves nothing


def _setting(section: Mapping[str, object], name: str) -> int | float | bool:
    """One throttle setting: the default when missing or of the wrong kind."""
    default = DEFAULTS[name]
    value = section.get(name, default)
    if isinstance(default, bool):
        return value if isinstance(value, bool) else default
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        return default
    if isinstance(default, int) and value < 1:  # counts: at least one attempt, one check
        return default
    if name == "lockout_minutes" and not value > 0:  # 0 would forget every failure at once
        return default
    return type(default)(value)


def settings(secrets_: Mapping[str, object]) -> dict[str, object]:
    """The `[editors]` table of the secrets, with defaults."""
    section = secrets_.get("editors", {}) if isinstance(secrets_, Mapping) else {}
    section = section if isinstance(section, Mapping) else {}
    emails = section.get("emails", [])
    return {
        "emails": {str(e).strip().lower() for e in emails} if isinstance(emails, list) else set(),
        "password_hash": str(section.get("password_hash", "") or ""),
        **{name: _setting(section, name) for name in DEFAULTS},
    }


def editing_enabled(secrets_: Mapping[str, object]) -> bool:
    config = settings(secrets_)
    return bool(config["emails"] or config["password_hash"])


def login_enabled(secrets_: Mapping[str, object]) -> bool:
    """Streamlit's OpenID Connect login needs an `[auth]` section and an allow-list."""
    return "auth" in secrets_ and bool(settings(secrets_)["emails"])


def password_enabled(secrets_: Mapping[str, object]) -> bool:
    return bool(settings(secrets_)["password_hash"])


def editor(credentials: Credentials, secrets_: Mapping[str, object]) -> Editor | None:
    """The editor these credentials prove, or None for a viewer."""
    config = settings(secrets_)
    email = credentials.email.strip().lower()
    if credentials.logged_in and email and login_refusal(credentials, secrets_) is None:
        return Editor(email, "login")
    stored = str(config["password_hash"])
    if credentials.password_ok and stored and hmac.compare_digest(
            credentials.password_hash_seen, password_fingerprint(stored)):
        return Editor("local editor", "password")
    return None


def login_refusal(credentials: Credentials, secrets_: Mapping[str, object]) -> str | None:
    """Why a signed-in user is not an editor, as a message key; None when they are one, or
    when nobody is signed in.

    An address the provider says is unverified never counts: anyone may open an account
    with someone else's address at many providers. An address it says nothing about counts
    only when `require_verified_email = false`.
    """
    config = settings(secrets_)
    email = credentials.email.strip().lower()
    if not (credentials.logged_in and email):
        return None
    if email not in config["emails"]:
        return "editor.not_on_list"
    if credentials.email_verified is False or (
            credentials.email_verified is None and config["require_verified_email"]):
        return "editor.not_verified"
    return None


def require_editor(credentials: Credentials, secrets_: Mapping[str, object]) -> Editor:
    """The same question, asked inside every write: raises NotAllowed for a viewer."""
    found = editor(credentials, secrets_)
    if found is None:
        raise NotAllowed("only editors may change the data")
    return found


@dataclass(frozen=True)
class ThrottlePolicy:
    """How password attempts are slowed: `[editors]` settings of secrets.toml."""

    delay: float = float(DEFAULTS["attempt_delay_seconds"])
    max_delay: float = float(DEFAULTS["max_attempt_delay_seconds"])
    session_failures: int = int(DEFAULTS["lockout_failures"])
    server_failures: int = int(DEFAULTS["server_lockout_failures"])
    lockout: float = float(DEFAULTS["lockout_minutes"]) * 60
    concurrent: int = int(DEFAULTS["concurrent_checks"])

    @classmethod
    def from_secrets(cls, secrets_: Mapping[str, object]) -> ThrottlePolicy:
        config = settings(secrets_)
        return cls(float(config["attempt_delay_seconds"]),  # type: ignore[arg-type]
                   float(config["max_attempt_delay_seconds"]),  # type: ignore[arg-type]
                   int(config["lockout_failures"]),  # type: ignore[call-overload]
                   int(config["server_lockout_failures"]),  # type: ignore[call-overload]
                   float(config["lockout_minutes"]) * 60,  # type: ignore[arg-type]
                   int(config["concurrent_checks"]))  # type: ignore[call-overload]


@dataclass(frozen=True)
class Attempt:
    """What became of one password attempt.

    `outcome` is "ok", "wrong", "wait" (a delay after failures), "locked" (too many
    failures) or "busy" (too many checks running). `wait` is in whole seconds.
    """

    outcome: str
    wait: int = 0
    fingerprint: str = ""


@dataclass
class _Failures:
    count: int = 0
    last: float = -math.inf
    locked_until: float = -math.inf


@dataclass
class PasswordGate:
    """The one door for password attempts on a server, safe to share between threads.

    Each failure makes the next attempt wait (`delay`, doubled per failure up to `max_delay`),
    counted for the session and for all sessions together, since an attacker opens as many
    sessions as they like; `session_failures` (or `server_failures`) failures lock out for
    `lockout` seconds. Nothing is computed while an attempt must wait, and at most
    `concurrent` checks run at once: each costs about a second of CPU, and the server must
    keep serving the viewers. Failures are forgotten `lockout` seconds after the last one.
    """

    policy: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    clock: Callable[[], float] = time.monotonic
    check: Callable[[str, str], bool] = check_password
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _sessions: dict[str, _Failures] = field(default_factory=dict, init=False, repr=False)
    _server: _Failures = field(default_factory=_Failures, init=False, repr=False)
    _running: threading.BoundedSemaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._running = threading.BoundedSemaphore(max(1, self.policy.concurrent))

    def attempt(self, session: str, password: str, stored: str) -> Attempt:
        """Check `password` against the stored hash for `session`, if the throttle lets it."""
        with self._lock:
            now = self.clock()
            refused = self._refusal(session, now)
        if refused is not None:
            LOG.info("editor password attempt refused (%s, %d s) for session %s",
                     refused.outcome, refused.wait, session_tag(session))
            return refused
        if not self._running.acquire(blocking=False):
            LOG.info("editor password attempt refused (busy) for session %s",
                     session_tag(session))
            return Attempt("busy")
        try:
            ok = self.check(password, stored)
        finally:
            self._running.release()
        with self._lock:
            return self._record(session, ok, stored, self.clock())

    def wait(self, session: str) -> Attempt | None:
        """The refusal an attempt of `session` would get now, or None when it may try."""
        with self._lock:
            return self._refusal(session, self.clock())

    def _refusal(self, session: str, now: float) -> Attempt | None:
        waits = []
        for failures in (self._sessions.get(session), self._server):
            if failures is None or now >= failures.last + self.policy.lockout:
                continue  # no failures, or forgotten
            if failures.locked_until > now:
                waits.append(("locked", failures.locked_until - now))
            else:
                # a cap set below the first wait does not shorten the first wait
                cap = max(self.policy.delay, self.policy.max_delay)
                delay = min(self.policy.delay * 2 ** (failures.count - 1), cap)
                if failures.last + delay > now:
                    waits.append(("wait", failures.last + delay - now))
        if not waits:
            return None
        outcome, seconds = max(waits, key=lambda w: (w[0] == "locked", w[1]))
        return Attempt(outcome, max(1, math.ceil(seconds)))

    def _record(self, session: str, ok: bool, stored: str, now: float) -> Attempt:
        if ok:
            self._sessions.pop(session, None)  # the server's count stays: others may guess
            return Attempt("ok", fingerprint=password_fingerprint(stored))
        self._forget(now)
        mine = self._sessions.setdefault(session, _Failures())
        for failures, limit in ((mine, self.policy.session_failures),
                                (self._server, self.policy.server_failures)):
            if now >= failures.last + self.policy.lockout:
                failures.count = 0
            failures.count += 1
            failures.last = now
            if failures.count >= limit:
                failures.locked_until = now + self.policy.lockout
        locked = max(mine.locked_until, self._server.locked_until) > now
        LOG.warning("editor password wrong for session %s: %d failure(s) in this session, %d "
                    "on this server%s", session_tag(session), mine.count, self._server.count,
                    "; password sign-in locked out" if locked else "")
        return Attempt("wrong")

    def _forget(self, now: float) -> None:
        """Drop sessions whose failures are forgotten, so many sessions cannot fill memory."""
        if len(self._sessions) < 1000:
            return
        for key in [k for k, f in self._sessions.items()
                    if now >= f.last + self.policy.lockout]:
            del self._sessions[key]


def session_tag(session: str) -> str:
    """A short digest of a session id for the log: enough to follow one session, not to
    take it over."""
    return hashlib.sha256(session.encode()).hexdigest()[:12]
