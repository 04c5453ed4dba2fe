"""Who may edit: an allow-list of signed-in e-mails, or a local editor password (salted hash).

Editing is off until `.streamlit/secrets.toml` turns it on. The page asks `editor()` before it
shows anything, and every write asks `require_editor()` again with the session's current
credentials, so reaching the page's address or replaying a request is not enough to write.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from alliance.store import NotAllowed

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000


@dataclass(frozen=True)
class Credentials:
    """What the session can show: a signed-in user, and whether the password was given."""

    logged_in: bool = False
    email: str = ""
    password_ok: bool = False


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


def settings(secrets_: Mapping[str, object]) -> dict[str, object]:
    """The `[editors]` table of the secrets, with defaults."""
    section = secrets_.get("editors", {}) if isinstance(secrets_, Mapping) else {}
    section = section if isinstance(section, Mapping) else {}
    emails = section.get("emails", [])
    return {
        "emails": {str(e).strip().lower() for e in emails} if isinstance(emails, list) else set(),
        "password_hash": str(section.get("password_hash", "") or ""),
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
    if credentials.logged_in and email and email in config["emails"]:
        return Editor(email, "login")
    if credentials.password_ok and config["password_hash"]:
        return Editor("local editor", "password")
    return None


def require_editor(credentials: Credentials, secrets_: Mapping[str, object]) -> Editor:
    """The same question, asked inside every write: raises NotAllowed for a viewer."""
    found = editor(credentials, secrets_)
    if found is None:
        raise NotAllowed("only editors may change the data")
    return found
