"""Who may edit: password hashes, allow-lists, and the check every write repeats."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from alliance.access import (
    DEFAULTS,
    Attempt,
    Credentials,
    Editor,
    PasswordGate,
    ThrottlePolicy,
    check_password,
    editing_enabled,
    editor,
    email_verified,
    hash_password,
    login_enabled,
    login_refusal,
    password_fingerprint,
    require_editor,
    session_tag,
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


SEEN = password_fingerprint(HASH)


@pytest.mark.parametrize(("credentials", "expected"), [
    (Credentials(), None),
    (Credentials(logged_in=True, email="analyst@example.org", email_verified=True),
     Editor("analyst@example.org", "login")),
    (Credentials(logged_in=True, email="ANALYST@example.org", email_verified=True),
     Editor("analyst@example.org", "login")),
    (Credentials(logged_in=True, email="intruder@example.org", email_verified=True), None),
    (Credentials(logged_in=False, email="analyst@example.org", email_verified=True), None),
    (Credentials(logged_in=True, email="", email_verified=True), None),
    # the provider says the address is not the user's, or says nothing (default: refused)
    (Credentials(logged_in=True, email="analyst@example.org", email_verified=False), None),
    (Credentials(logged_in=True, email="analyst@example.org"), None),
    (Credentials(password_ok=True, password_hash_seen=SEEN), Editor("local editor", "password")),
    # a password proved against no hash, or against another hash than today's
    (Credentials(password_ok=True), None),
    (Credentials(password_ok=True, password_hash_seen=password_fingerprint(
        hash_password("s3cret-enough-pass", iterations=1000))), None),
    (Credentials(password_ok=False, password_hash_seen=SEEN), None),
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


def test_a_new_password_hash_ends_sessions_that_proved_the_old_one() -> None:
    proved = Credentials(password_ok=True, password_hash_seen=password_fingerprint(HASH))
    assert require_editor(proved, SECRETS) == Editor("local editor", "password")
    changed = {"editors": {"password_hash": hash_password("a new password", iterations=1000)}}
    assert editor(proved, changed) is None
    with pytest.raises(NotAllowed):
        require_editor(proved, changed)
    assert HASH not in password_fingerprint(HASH), "the session keeps a digest, not the hash"


@pytest.mark.parametrize(("claim", "expected"), [
    (True, True), (False, False), ("true", True), ("True", True), ("false", False),
    ("FALSE", False), (" false ", False), ("0", False), ("no", False), (None, None),
    ("", None), ("null", None),
])
def test_the_email_verified_claim_is_read_as_providers_send_it(claim: object,
                                                               expected: bool | None) -> None:
    assert email_verified(claim) is expected


@pytest.mark.parametrize(("verified", "required", "refusal"), [
    (True, None, None), (False, None, "editor.not_verified"),
    (None, None, "editor.not_verified"), (None, True, "editor.not_verified"),
    (None, False, None), (False, False, "editor.not_verified"),
])
def test_the_allow_list_requires_a_verified_address(verified: bool | None,
                                                   required: bool | None,
                                                   refusal: str | None) -> None:
    editors = {"emails": ["analyst@example.org"]}
    if required is not None:
        editors["require_verified_email"] = required
    secrets = {"editors": editors, "auth": {}}
    user = Credentials(logged_in=True, email="Analyst@example.org", email_verified=verified)
    assert login_refusal(user, secrets) == refusal
    assert (editor(user, secrets) is None) is (refusal is not None)
    stranger = Credentials(logged_in=True, email="x@example.org", email_verified=True)
    assert login_refusal(stranger, secrets) == "editor.not_on_list"


@pytest.mark.parametrize(("editors", "expected"), [
    ({}, ThrottlePolicy(1.0, 60.0, 5, 20, 900.0, 2)),
    ({"attempt_delay_seconds": 2, "max_attempt_delay_seconds": 30, "lockout_failures": 3,
      "server_lockout_failures": 50, "lockout_minutes": 60, "concurrent_checks": 1},
     ThrottlePolicy(2.0, 30.0, 3, 50, 3600.0, 1)),
    # nonsense falls back to the defaults rather than turning the throttle off
    ({"attempt_delay_seconds": "fast", "lockout_failures": 0, "concurrent_checks": -1,
      "lockout_minutes": True, "server_lockout_failures": 2.5},
     ThrottlePolicy(1.0, 60.0, 5, 2, 900.0, 2)),
    ({"lockout_minutes": 0, "attempt_delay_seconds": 0, "max_attempt_delay_seconds": -5},
     ThrottlePolicy(0.0, 60.0, 5, 20, 900.0, 2)),
])
def test_throttle_settings_come_from_the_editors_section(editors: dict,
                                                         expected: ThrottlePolicy) -> None:
    assert ThrottlePolicy.from_secrets({"editors": editors}) == expected


def test_every_setting_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    for name in DEFAULTS:
        assert f"`{name}" in readme, name
        assert name in example, name


@dataclass
class FakeClock:
    """Seconds that move only when the test says so."""

    now: float = 10_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class CountedCheck:
    """The real password check, counting how often it runs and how many run at once;
    `hold` keeps the checks inside until the test lets them go."""

    hold: threading.Event | None = None
    calls: int = 0
    running: int = 0
    most: int = 0
    inside: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, password: str, stored: str) -> bool:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        self.inside.release()
        try:
            if self.hold is not None:
                assert self.hold.wait(timeout=30)
            return check_password(password, stored)
        finally:
            with self._lock:
                self.running -= 1


GOOD = "s3cret-enough-pass"


def _gate(**policy: object) -> tuple[PasswordGate, FakeClock, CountedCheck]:
    clock, check = FakeClock(), CountedCheck()
    return PasswordGate(ThrottlePolicy(**policy), clock, check), clock, check


def test_each_failure_doubles_the_wait_then_locks_the_session_out() -> None:
    gate, clock, check = _gate(delay=1, max_delay=60, session_failures=5, server_failures=99,
                               lockout=900)
    waits = []
    for _ in range(4):
        assert gate.attempt("s1", "guess", HASH) == Attempt("wrong")
        refused = gate.attempt("s1", GOOD, HASH)  # at once: refused, even the right password
        waits.append(refused.wait)
        assert refused.outcome == "wait"
        clock.now += refused.wait - 0.5
        assert gate.attempt("s1", GOOD, HASH).outcome == "wait", "not a moment early"
        clock.now += 0.5
    assert waits == [1, 2, 4, 8]
    assert check.calls == 4, "no password is checked while the session must wait"
    assert gate.attempt("s1", "guess", HASH) == Attempt("wrong")  # the fifth
    assert gate.attempt("s1", GOOD, HASH) == Attempt("locked", 900)
    clock.now += 899
    assert gate.attempt("s1", GOOD, HASH) == Attempt("locked", 1)
    assert check.calls == 5
    clock.now += 1
    assert gate.attempt("s1", GOOD, HASH) == Attempt("ok", fingerprint=password_fingerprint(HASH))


def test_the_wait_stops_growing_at_its_cap() -> None:
    gate, clock, _ = _gate(delay=10, max_delay=25, session_failures=99, server_failures=99,
                           lockout=900)
    waits = []
    for _ in range(4):
        gate.attempt("s1", "guess", HASH)
        waits.append(gate.wait("s1").wait)
        clock.now += waits[-1]
    assert waits == [10, 20, 25, 25]
    short, clock, _ = _gate(delay=30, max_delay=5, session_failures=99, server_failures=99,
                            lockout=900)
    short.attempt("s1", "guess", HASH)
    assert short.wait("s1") == Attempt("wait", 30), "a cap below the first wait is no cap"


def test_failures_of_all_sessions_together_slow_and_lock_the_whole_server() -> None:
    gate, clock, check = _gate(delay=1, max_delay=4, session_failures=5, server_failures=6,
                               lockout=600)
    for n in range(5):  # a new session for every guess, as an attacker would
        assert gate.attempt(f"attacker-{n}", "guess", HASH) == Attempt("wrong")
        refused = gate.attempt("someone-new", GOOD, HASH)
        assert refused == Attempt("wait", min(2 ** n, 4)), n
        clock.now += refused.wait
    assert gate.attempt("attacker-5", "guess", HASH) == Attempt("wrong")
    assert gate.attempt("editor", GOOD, HASH) == Attempt("locked", 600)
    assert check.calls == 6
    clock.now += 600
    assert gate.attempt("editor", GOOD, HASH).outcome == "ok"


def test_a_success_clears_the_session_but_not_the_server() -> None:
    gate, clock, _ = _gate(delay=1, max_delay=60, session_failures=3, server_failures=4,
                           lockout=600)
    for _ in range(2):
        gate.attempt("s1", "typo", HASH)
        clock.now += gate.wait("s1").wait
    assert gate.attempt("s1", GOOD, HASH).outcome == "ok"
    gate.attempt("s1", "typo", HASH)
    assert gate.wait("s1") == Attempt("wait", 4), "the server remembers three failures"
    clock.now += 4
    gate.attempt("s2", "typo", HASH)
    assert gate.wait("s3") == Attempt("locked", 600)


def test_failures_are_forgotten_after_the_lockout_window() -> None:
    gate, clock, _ = _gate(delay=1, max_delay=60, session_failures=3, server_failures=99,
                           lockout=600)
    gate.attempt("s1", "guess", HASH)
    clock.now += 1
    gate.attempt("s1", "guess", HASH)
    clock.now += 600
    assert gate.wait("s1") is None
    gate.attempt("s1", "guess", HASH)
    assert gate.wait("s1") == Attempt("wait", 1), "counted from one again, not locked"


def test_failures_are_logged_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    gate, clock, _ = _gate(delay=1, max_delay=60, session_failures=2, server_failures=99,
                           lockout=600)
    secret_guess = "hunter2-almost-right"
    with caplog.at_level(logging.INFO, logger="alliance.access"):
        gate.attempt("session-abc", secret_guess, HASH)
        clock.now += 1
        gate.attempt("session-abc", secret_guess + "!", HASH)
        gate.attempt("session-abc", secret_guess + "?", HASH)  # refused: locked out
    warnings = [r for r in caplog.records if r.name == "alliance.access"
                and r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert session_tag("session-abc") in warnings[0].getMessage()
    assert "1 failure(s) in this session" in warnings[0].getMessage()
    assert "2 failure(s) in this session" in warnings[1].getMessage()
    assert "locked out" in warnings[1].getMessage()
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert secret_guess not in logged
    assert HASH.split("$")[3] not in logged and HASH.split("$")[2] not in logged
    assert "session-abc" not in logged, "the log names a digest of the session, not its id"


def test_only_a_few_checks_run_at_once_and_the_rest_are_refused_at_once() -> None:
    hold = threading.Event()
    check = CountedCheck(hold=hold)
    gate = PasswordGate(ThrottlePolicy(concurrent=2), FakeClock(), check)
    results: dict[str, Attempt] = {}

    def attempt(session: str) -> None:
        results[session] = gate.attempt(session, "guess", HASH)

    first = [threading.Thread(target=attempt, args=(f"s{n}",)) for n in range(2)]
    for thread in first:
        thread.start()
    for _ in first:  # both checks are running and held
        assert check.inside.acquire(timeout=30)
    later = [threading.Thread(target=attempt, args=(f"t{n}",)) for n in range(6)]
    for thread in later:
        thread.start()
    for thread in later:
        thread.join(timeout=30)
        assert not thread.is_alive(), "a refused attempt does not queue"
    assert [results[f"t{n}"] for n in range(6)] == [Attempt("busy")] * 6
    hold.set()
    for thread in first:
        thread.join(timeout=30)
    assert (check.calls, check.most) == (2, 2)
    assert results["s0"] == results["s1"] == Attempt("wrong")
    assert gate.wait("t0") == Attempt("wait", 2), "busy refusals are not failures"
