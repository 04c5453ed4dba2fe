"""The command line never prints a traceback: each failure is one translated line and an exit code.

Real failures, in real subprocesses: a full disk is a file-size limit (RLIMIT_FSIZE, with
SIGXFSZ ignored, so writes fail with EFBIG as they would with ENOSPC); a read-only folder is a
read-only bind mount in a private mount namespace (`unshare -m`: tests run as root, and
file modes do not stop root); a busy lock is held by another process.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from alliance import store

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = [sys.executable, "-m", "alliance"]
ENV = {**{k: v for k, v in os.environ.items() if k != "ALLIANCE_DATA_DIR"},
       "PYTHONPATH": str(REPO_ROOT)}


def run(*args: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = (),
        limit_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return subprocess.run([*prefix, *PYTHON, *args], cwd=REPO_ROOT, env={**ENV, **(env or {})},
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          preexec_fn=limited if limit_bytes else None)


def edited_milestones(folder: Path, tmp_path: Path) -> Path:
    upload = tmp_path / "m.csv"
    upload.write_bytes((folder / "milestones.csv").read_bytes()
                       .replace(b"Alliance selected by", b"Alliance chosen by"))
    return upload


def assert_one_clean_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def assert_nothing_left(folder: Path, before: bytes) -> None:
    """The table as it was, and no pending record, temporary file or unlogged copy."""
    assert (folder / "milestones.csv").read_bytes() == before
    kept = folder / ".history" / "milestones"
    assert not (kept / "pending.json").exists()
    assert not [*folder.glob(".*.tmp"), *kept.glob(".*.tmp")]
    logged = {e.version for e in store.history(folder, "milestones")}
    assert {p.stem for p in kept.glob("*.csv")} <= logged


def test_a_full_disk_is_one_line_and_leaves_nothing(bundled: Path, tmp_path: Path) -> None:
    upload = edited_milestones(bundled, tmp_path)
    before = (bundled / "milestones.csv").read_bytes()
    assert run("history", "--data-dir", str(bundled)).returncode == 0  # history exists
    done = run("import", "milestones", str(upload), "--data-dir", str(bundled), "--yes",
               limit_bytes=len(before) // 2)
    line = assert_one_clean_line(done, 4)
    assert line.startswith("Nothing was saved: the disk is full") and str(bundled) in line
    assert_nothing_left(bundled, before)
    french = run("import", "milestones", str(upload), "--data-dir", str(bundled), "--yes",
                 "--lang", "fr", limit_bytes=len(before) // 2)
    assert assert_one_clean_line(french, 4).startswith("Rien n'a été enregistré : le disque")
    again = run("import", "milestones", str(upload), "--data-dir", str(bundled), "--yes")
    assert again.returncode == 0, again.stderr  # with room again, the same import saves
    assert (bundled / "milestones.csv").read_bytes() == upload.read_bytes()


def read_only_prefix(folder: Path) -> tuple[str, ...]:
    """A shell that makes `folder` a read-only bind mount, only for the command it runs."""
    unshare = shutil.which("unshare")
    probe = unshare and subprocess.run(
        [unshare, "-m", "sh", "-c", f"mount --bind '{folder}' '{folder}' && "
                                    f"mount -o remount,ro,bind '{folder}'"],
        capture_output=True)
    if not probe or probe.returncode:
        pytest.skip("no private mount namespace here (unshare -m needs CAP_SYS_ADMIN)")
    script = (f"mount --bind '{folder}' '{folder}' && "
              f"mount -o remount,ro,bind '{folder}' && exec \"$@\"")
    return (unshare, "-m", "sh", "-c", script, "sh")


def test_a_read_only_folder_is_one_line(bundled: Path, tmp_path: Path) -> None:
    upload = edited_milestones(bundled, tmp_path)
    before = (bundled / "milestones.csv").read_bytes()
    prefix = read_only_prefix(bundled)
    done = run("import", "milestones", str(upload), "--data-dir", str(bundled), "--yes",
               prefix=prefix)
    line = assert_one_clean_line(done, 4)
    assert "cannot be written (a read-only folder" in line
    assert_nothing_left(bundled, before)
    listed = run("history", "milestones", "--data-dir", str(bundled), prefix=prefix)
    assert listed.returncode == 0 and not listed.stderr  # reading still works


HOLDER = r"""
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_busy_lock_is_one_line_after_the_configured_wait(bundled: Path,
                                                           tmp_path: Path) -> None:
    upload = edited_milestones(bundled, tmp_path)
    before = (bundled / "milestones.csv").read_bytes()
    with subprocess.Popen([sys.executable, "-c", HOLDER, str(bundled / ".lock")],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env=ENV) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        done = run("import", "milestones", str(upload), "--data-dir", str(bundled), "--yes",
                   env={store.LOCK_TIMEOUT_VARIABLE: "0.3"})
        french = run("import", "milestones", str(upload), "--data-dir", str(bundled),
                     "--yes", "--lang", "fr", env={store.LOCK_TIMEOUT_VARIABLE: "0.3"})
        holder.communicate("")
    line = assert_one_clean_line(done, 3)
    assert "another save held" in line and "0.3 s" in line and "ALLIANCE_LOCK_TIMEOUT" in line
    assert "un autre enregistrement" in assert_one_clean_line(french, 3)
    assert_nothing_left(bundled, before)


def test_lock_timeout_comes_from_the_environment() -> None:
    assert store.lock_timeout({}) == store.LOCK_TIMEOUT_S == 30.0
    assert store.lock_timeout({"ALLIANCE_LOCK_TIMEOUT": "2.5"}) == 2.5
    assert store.lock_timeout({"ALLIANCE_LOCK_TIMEOUT": "soon"}) == 30.0


def long_history(folder: Path, entries: int) -> None:
    """A log long enough that `history` cannot write it all into a pipe nobody reads."""
    version = store.version_of((folder / "projects.csv").read_bytes())
    (folder / ".history" / "projects").mkdir(parents=True)
    shutil.copy(folder / "projects.csv", folder / ".history" / "projects" / f"{version}.csv")
    record = store.Version("projects", version, store.dt.datetime.now(store.dt.UTC), "a",
                           "a reason", 1, 0, 0, "").as_record()
    (folder / ".history" / "log.jsonl").write_text(
        "".join(json.dumps(record) + "\n" for _ in range(entries)), encoding="utf-8")


def test_history_into_a_closed_pipe_exits_quietly(bundled: Path) -> None:
    long_history(bundled, 20_000)  # about 2 MB of lines: far more than a pipe holds
    shell = subprocess.run(["sh", "-c", " ".join([*PYTHON, "history", "--data-dir",
                                                  f"'{bundled}'", "| head -1"])],
                           cwd=REPO_ROOT, env=ENV, capture_output=True, text=True, timeout=60)
    assert shell.returncode == 0  # head's
    assert len(shell.stdout.splitlines()) == 1
    assert shell.stderr == ""  # no BrokenPipeError, no "Exception ignored"
    with subprocess.Popen([*PYTHON, "history", "--data-dir", str(bundled)], cwd=REPO_ROOT,
                          env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as lister:
        assert lister.stdout is not None and lister.stderr is not None
        assert lister.stdout.readline()
        lister.stdout.close()  # what head does after its line
        error = lister.stderr.read()
    assert (lister.returncode, error) == (141, b"")


@pytest.mark.parametrize(("args", "english", "french"), [
    (["import", "activities", "{tmp}/nope.csv"], "nope.csv: cannot be read (",
     "nope.csv : illisible ("),
    (["history", "--data-dir", "{tmp}/no such folder"], "no such folder: not a readable",
     "no such folder : pas un dossier lisible"),
    (["import", "activitys", "{tmp}/nope.csv"], "Unknown table 'activitys'; the tables are: "
     "universities, locations,", "Table « activitys » inconnue"),
    (["restore", "nope", "abc"], "Unknown table 'nope'", "Table « nope » inconnue"),
    (["history", "nope"], "Unknown table 'nope'", "Table « nope » inconnue"),
    (["restore", "projects", "ffffffffffff"], "No version ffffffffffff of projects",
     "Aucune version ffffffffffff de projects"),
], ids=["missing file", "missing folder", "unknown table", "unknown table restore",
        "unknown table history", "unknown version"])
def test_input_problems_are_one_translated_line_exit_2(bundled: Path, tmp_path: Path,
                                                       args: list[str], english: str,
                                                       french: str) -> None:
    filled = [a.format(tmp=tmp_path) for a in args]
    if "--data-dir" not in filled:
        filled += ["--data-dir", str(bundled)]
    for lang, expected in (("en", english), ("fr", french)):
        line = assert_one_clean_line(run(*filled, "--lang", lang), 2)
        assert expected in line, line


def test_an_ambiguous_version_prefix_lists_the_candidates(bundled: Path) -> None:
    versions: list[str] = []
    for n in range(17):  # 17 versions: two must share their first hex digit
        frame, base = store.current(bundled, "milestones")
        frame.loc[0, "title"] = f"Title {n}"
        versions.append(store.save(bundled, "milestones", frame, base=base, who="t",
                                   reason=f"save {n}", check_access=lambda: None).version)
        if len({v[0] for v in versions}) < len(versions):
            break
    prefix = next(v[0] for v in versions if sum(w[0] == v[0] for w in versions) > 1)
    twins = sorted(v for v in versions if v.startswith(prefix))
    before = (bundled / "milestones.csv").read_bytes()
    done = run("restore", "milestones", prefix, "--data-dir", str(bundled), "--yes")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == (f"'{prefix}' is the start of {len(twins)} versions of milestones; "
                        "give more of the id:")
    assert [line.split()[0] for line in lines[1:]] == twins
    assert all("save " in line for line in lines[1:])
    assert (bundled / "milestones.csv").read_bytes() == before
    french = run("restore", "milestones", prefix, "--data-dir", str(bundled), "--lang", "fr")
    assert french.stderr.startswith(f"« {prefix} » est le début de {len(twins)} versions")
    chosen = run("restore", "milestones", twins[0][:8], "--data-dir", str(bundled), "--yes")
    assert chosen.returncode == 0, chosen.stderr  # a longer prefix picks one


ENGLISH = ("regular file", "No such file", "is a directory", "a special", "There is no item",
           "Permission denied", "cannot be read")


def test_french_errors_about_files_are_all_in_french(bundled: Path, tmp_path: Path) -> None:
    """A device, a missing file, a folder in a table's place and a damaged workbook, each
    said in French, with no English words of the system or of openpyxl."""
    said = []
    for source in ("/dev/zero", str(tmp_path / "absent.csv")):
        done = run("import", "activities", source, "--lang", "fr", "--data-dir", str(bundled))
        assert done.returncode == 2
        said.append(done.stderr)
    assert "périphérique" in said[0] and "n'existe pas" in said[1]
    upload = tmp_path / "one.csv"
    lines = (bundled / "activities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    upload.write_text(lines[0] + lines[1].replace("A001", "A999", 1), encoding="utf-8")
    (bundled / "activities.csv").unlink()
    (bundled / "activities.csv").mkdir()
    done = run("import", "activities", str(upload), "--append", "--lang", "fr", "--data-dir",
               str(bundled))
    assert done.returncode == 2 and "dossier" in done.stderr
    assert "Excel" not in done.stderr  # saving again from Excel mends no folder
    said.append(done.stderr)
    broken = tmp_path / "mobility.xlsx"
    broken.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: no workbook inside
    for source in ("/dev/zero", str(broken)):
        done = run("mobility", "import", source, "--yes", "--lang", "fr", "--data-dir",
                   str(bundled))
        assert done.returncode == 2, done.stderr
        said.append(done.stderr)
    assert "périphérique" in said[3] and "classeur" in said[4]
    for text in said:
        assert "Traceback" not in text
        assert not [word for word in ENGLISH if word in text], text
