"""Who may edit: password hashes, allow-lists, and the check every write repeats."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alliance.access import (
    Credentials,
    Editor,
    check_password,
    editing_enabled,
    editor,
    hash_password,
    login_enabled,
    require_editor,
)
from alliance.store import NotAllowed

ROOT = Path(__file__).resolve().parents[1]
HASH = hash_password("s3cret-enough-pass", iterations=1000)
SECRETS = {"editors": {"emails": ["Analyst@Example.org "], "password_hash": HASH},
           "auth": {"client_id": "x"}}


def test_hash_is_salted_and_checks() -> None:
    again = hash_password("s3cret-enough-pass", iterations=1000)
    assert again != HASH, "a new salt each time"
    assert check_password("s3cret-enough-pass", HASH) and check_password(
        "s3cret-enough-pass", again)
    assert not check_password("s3cret-enough-pas", HASH)


@pytest.mark.parametrize("stored", ["", "plain", "md5$1$00$ff", "pbkdf2_sha256$x$00$ff",
                                    "pbkdf2_sha256$1000$zz$ff"])
def test_malformed_hashes_never_match(stored: str) -> None:
    assert not check_password("anything", stored)


@pytest.mark.parametrize(("credentials", "expected"), [
    (Credentials(), None),
    (Credentials(logged_in=True, email="analyst@example.org"),
     Editor("analyst@example.org", "login")),
    (Credentials(logged_in=True, email="ANALYST@example.org"),
     Editor("analyst@example.org", "login")),
    (Credentials(logged_in=True, email="intruder@example.org"), None),
    (Credentials(logged_in=False, email="analyst@example.org"), None),
    (Credentials(password_ok=True), Editor("local editor", "password")),
])
def test_editor_from_credentials(credentials: Credentials, expected: Editor | None) -> None:
    assert editor(credentials, SECRETS) == expected
    if expected is None:
        with pytest.raises(NotAllowed):
            require_editor(credentials, SECRETS)
    else:
        assert require_editor(credentials, SECRETS) == expected


@pytest.mark.parametrize(("secrets", "enabled", "login"), [
    ({}, False, False), ({"editors": {}}, False, False),
    ({"editors": {"emails": []}}, False, False),
    ({"editors": {"emails": ["a@b.c"]}}, True, False),
    ({"editors": {"emails": ["a@b.c"]}, "auth": {}}, True, True),
    ({"editors": {"password_hash": HASH}}, True, False),
    ({"editors": "nonsense"}, False, False),
])
def test_editing_is_off_until_configured(secrets: dict, enabled: bool, login: bool) -> None:
    assert editing_enabled(secrets) is enabled
    assert login_enabled(secrets) is login


def test_password_command_prints_a_hash_that_checks() -> None:
    done = subprocess.run([sys.executable, "-m", "alliance", "password"], cwd=ROOT,
                          input="a long enough password\n", capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    stored = done.stdout.strip().removeprefix('password_hash = "').removesuffix('"')
    assert check_password("a long enough password", stored)
    short = subprocess.run([sys.executable, "-m", "alliance", "password"], cwd=ROOT,
                           input="short\n", capture_output=True, text=True, check=False)
    assert short.returncode == 1 and not short.stdout
