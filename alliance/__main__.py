"""Command line: validate, dictionary, theme, report, and import, history, restore through safe
saves."""

from __future__ import annotations

import argparse
import dataclasses
import errno
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from alliance.atomic import write_atomically
from alliance.dictionary import render
from alliance.files import DEFAULT_DATA_DIR, data_dir, os_reason_key, read_regular
from alliance.i18n import LANGUAGES, format_moment, t
from alliance.identity import IDENTITY_FILE, MAX_IDENTITY_BYTES, check_identity
from alliance.limits import MAX_LISTED, MAX_UPLOAD_BYTES
from alliance.problems import Problem, has_errors, listed
from alliance.proof import proves_clean
from alliance.schema import TABLES, TABLES_BY_NAME
from alliance.theme import CONFIG_FILE, THEME_COMMAND, render_config

if TYPE_CHECKING:
    from alliance import store

# Exit codes (README, "Command line"): 0 clean or saved (or nothing to do), 1 problems found or
# save refused (invalid, changed meanwhile), 2 unreadable or unusable input (missing file or
# folder, unreadable table, unknown table or version), 3 another save held the lock too long,
# 4 the disk or folder refused the write (full, read-only), 130 interrupted, 141 output pipe
# closed (`| head`), as a shell reports a program that SIGPIPE ended.
EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE, EXIT_BUSY, EXIT_NOT_WRITTEN = 0, 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_PIPE = 130, 141
NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def _validate(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    if not folder.is_dir():
        print(t("cli.no_folder", args.lang, folder=folder), file=sys.stderr)
        return EXIT_UNREADABLE
    # A clean folder is proven so over Arrow alone; any other is read by the validator, which
    # locates every problem (and the quick proof is never the one that says what is wrong).
    if proves_clean(folder):
        problems: list[Problem] = []
    else:
        from alliance.validate import check_folder

        problems = check_folder(folder).problems
    if args.format == "json":
        json.dump([p.as_record(args.lang) for p in problems], sys.stdout, ensure_ascii=False,
                  indent=1)
        print()
    else:
        _print_problems(problems, args.lang)
        errors = sum(1 for p in problems if p.severity == "error")
        print(t("cli.summary", args.lang, errors=errors, warnings=len(problems) - errors,
                folder=folder), file=sys.stderr)
    return EXIT_PROBLEMS if has_errors(problems) else EXIT_CLEAN


def _dictionary(args: argparse.Namespace) -> int:
    target = Path(args.output) if args.output else DEFAULT_DATA_DIR / "README.md"
    text = render()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    return EXIT_CLEAN


def _theme(args: argparse.Namespace) -> int:
    """Write alliance.toml's colours into config.toml's theme (or, with --check, say whether
    they are there already)."""
    folder = data_dir(args.data_dir)
    target = Path(args.config)
    try:
        text = read_regular(folder / IDENTITY_FILE, max_bytes=MAX_IDENTITY_BYTES).decode("utf-8")
        config = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(t("cli.no_file", args.lang, file=getattr(exc, "filename", None)
                or folder / IDENTITY_FILE, reason=getattr(exc, "strerror", None)
                or type(exc).__name__), file=sys.stderr)
        return EXIT_UNREADABLE
    identity, problems = check_identity(text)
    if identity is None:
        _print_problems(problems, args.lang)
        return EXIT_PROBLEMS
    themed = render_config(config, identity)
    if themed == config:
        print(t("cli.theme_current", args.lang, config=target), file=sys.stderr)
        return EXIT_CLEAN
    if args.check:
        print(t("cli.theme_stale", args.lang, config=target, command=THEME_COMMAND),
              file=sys.stderr)
        return EXIT_PROBLEMS
    write_atomically(target, themed.encode("utf-8"))
    print(t("cli.theme_written", args.lang, config=target), file=sys.stderr)
    return EXIT_CLEAN


SHOWN_PER_PART = 100  # rows of a diff printed per part (added, removed, changed)
ACCESS_NOTE = ("Saves go through the same lock, validation and history as the app's editor; "
               "the command line does not ask for the app's password: file-system permissions "
               "on the data folder decide who may write.")


def _cli_access() -> None:
    """Whoever can run this can already write the files: the file system is the authority."""


def _print_problems(problems: list[Problem], lang: str) -> None:
    """At most MAX_LISTED a file, then how many more (`--format json` gives them all)."""
    for found in listed(problems, MAX_LISTED):
        print(found.as_line(lang))


def _print_diff(change: store.Diff, lang: str) -> None:
    summary = change.summary()
    print(f"+{summary['added']} ~{summary['changed']} -{summary['removed']}")
    parts = ((change.added, lambda row: f"+ {row}"), (change.removed, lambda row: f"- {row}"),
             (change.changed, lambda c: f"~ {c[0]} {c[1]}: {c[2]!r} -> {c[3]!r}"))
    for items, show in parts:
        for item in items[:SHOWN_PER_PART]:
            print(show(item))
        if len(items) > SHOWN_PER_PART:
            print(t("store.cli.more", lang, count=len(items) - SHOWN_PER_PART))


def _confirmed(args: argparse.Namespace, table: str) -> bool:
    if args.yes:
        return True
    try:
        answer = input(t("store.cli.confirm", args.lang, table=table))
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes", "o", "oui")


def _save_reported(args: argparse.Namespace, save: object) -> int:
    """Run a save and turn what it refuses into messages and exit codes."""
    from alliance import store

    try:
        done = save()  # type: ignore[operator]
    except store.Conflict as conflict:
        print(conflict.message(args.lang), file=sys.stderr)
        return EXIT_PROBLEMS
    except store.Invalid as invalid:
        _print_problems(invalid.report.problems, args.lang)
        return EXIT_PROBLEMS
    except store.Unreadable as unreadable:
        print(unreadable.message(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    print(t("store.cli.saved", args.lang, table=done.table, version=done.version))
    return EXIT_CLEAN


def _folder(args: argparse.Namespace) -> Path | None:
    folder = data_dir(args.data_dir)
    if folder.is_dir():
        return folder
    print(t("cli.no_folder", args.lang, folder=folder), file=sys.stderr)
    return None


def _known_table(args: argparse.Namespace) -> bool:
    """Said here rather than by argparse, so the line is in the reader's language."""
    if args.table is None or args.table in TABLES_BY_NAME:
        return True
    print(t("cli.unknown_table", args.lang, table=args.table,
            tables=", ".join(table.name for table in TABLES)), file=sys.stderr)
    return False


def _confirm_and_save(args: argparse.Namespace, table: str, change: store.Diff,
                      save: object) -> int:
    """Show the change, ask (unless --yes), then save through the store."""
    if change.is_empty:
        print(t("store.cli.no_change", args.lang))
        return EXIT_CLEAN
    _print_diff(change, args.lang)
    if not _confirmed(args, table):
        print(t("store.cli.declined", args.lang))
        return EXIT_CLEAN
    return _save_reported(args, save)


def _import(args: argparse.Namespace) -> int:
    folder = _folder(args)
    if folder is None or not _known_table(args):
        return EXIT_UNREADABLE
    table = TABLES_BY_NAME[args.table]
    source = Path(args.file)
    try:
        # A device or pipe is refused unread; past the cap, one byte more is enough to say so.
        data = read_regular(source, max_bytes=MAX_UPLOAD_BYTES)
    except OSError as exc:  # the reason in the reader's language, not the system's
        print(t("cli.no_file", args.lang, file=source, reason=t(os_reason_key(exc), args.lang)),
              file=sys.stderr)
        return EXIT_UNREADABLE
    from alliance import store
    from alliance.loader import FATAL_CODES, read_table
    from alliance.upload import merge, read_upload
    from alliance.validate import check_folder, check_parsed

    upload = read_upload(source.name, data, table)
    # Problems of the file itself, located in it (a workbook's line is its row number).
    others = {other.name: read_table(folder, other) for other in TABLES if other is not table}
    alone = check_parsed({**others, table.name: upload}).results[table.name].problems
    _print_problems([dataclasses.replace(p, file=source.name) for p in alone], args.lang)
    if any(p.code in FATAL_CODES for p in upload.problems):
        return EXIT_UNREADABLE
    if has_errors(alone):
        return EXIT_PROBLEMS
    try:
        frame, version = store.current(folder, table.name)
    except store.Unreadable as unreadable:  # appending or replacing would lose its rows
        print(unreadable.message(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    proposed = merge(frame, upload.frame, "append" if args.append else "replace")
    # Then the whole folder as it would be: ids used twice, references from other tables.
    report = check_folder(folder, overrides={table.name: store.csv_bytes(proposed, table)})
    if not report.clean:
        _print_problems(report.problems, args.lang)
        return EXIT_PROBLEMS
    reason = args.reason or f"import {source.name}"
    return _confirm_and_save(args, table.name, store.diff(frame, proposed, table.primary_key),
                             lambda: store.save(folder, table.name, proposed, base=version,
                                                who=getpass.getuser(), reason=reason,
                                                check_access=_cli_access))


def _history(args: argparse.Namespace) -> int:
    folder = _folder(args)
    if folder is None or not _known_table(args):
        return EXIT_UNREADABLE
    from alliance import store

    versions = store.history(folder, args.table)
    if not versions:
        print(t("store.cli.no_history", args.lang))
    for entry in versions:
        when = format_moment(entry.when, args.lang)
        reason = entry.reason or t(f"store.kind.{entry.kind}", args.lang)
        print(f"{when}  {entry.who or '-'}  {entry.table}  "
              f"+{entry.added} ~{entry.changed} -{entry.removed}  {reason}  {entry.version}")
    return EXIT_CLEAN


def _restore(args: argparse.Namespace) -> int:
    folder = _folder(args)
    if folder is None or not _known_table(args):
        return EXIT_UNREADABLE
    from alliance import store

    table = TABLES_BY_NAME[args.table]
    entries = {e.version: e for e in reversed(store.history(folder, table.name))}
    matches = sorted(v for v in entries if v.startswith(args.version.strip().lower()))
    if len(matches) > 1:
        print(t("store.cli.ambiguous_version", args.lang, version=args.version,
                table=table.name, count=len(matches)), file=sys.stderr)
        for version in matches:  # newest save of each version, as `history` shows it
            entry = entries[version]
            when = format_moment(entry.when, args.lang)
            print(f"  {version}  {when}  {entry.who or '-'}  "
                  f"{entry.reason or t(f'store.kind.{entry.kind}', args.lang)}",
                  file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        if not matches or not args.version.strip():
            raise KeyError(args.version)
        wanted = store.read_version(folder, table.name, matches[0])
    except KeyError:
        print(t("store.cli.unknown_version", args.lang, version=args.version,
                table=table.name), file=sys.stderr)
        return EXIT_UNREADABLE
    version = store.current_version(folder, table.name)
    try:
        frame = store.current(folder, table.name)[0]
    except store.Unreadable:  # restoring is the way back: compare with no rows
        frame = wanted.iloc[0:0]
    reason = args.reason or f"restore {matches[0]}"
    return _confirm_and_save(args, table.name, store.diff(frame, wanted, table.primary_key),
                             lambda: store.restore(folder, table.name, matches[0],
                                                   base=version, who=getpass.getuser(),
                                                   reason=reason, check_access=_cli_access))


def _password(args: argparse.Namespace) -> int:
    del args
    if sys.stdin.isatty():
        first = getpass.getpass("Editor password: ")
        if first != getpass.getpass("Again: "):
            print("The two passwords differ; nothing made.", file=sys.stderr)
            return EXIT_PROBLEMS
    else:
        first = sys.stdin.readline().rstrip("\n")
    if len(first) < 12:
        print("Use at least 12 characters.", file=sys.stderr)
        return EXIT_PROBLEMS
    from alliance.access import hash_password

    print(f'password_hash = "{hash_password(first)}"')
    return EXIT_CLEAN


def _report(args: argparse.Namespace) -> int:
    from alliance.report import run_cli

    return run_cli(args)


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="default: $ALLIANCE_DATA_DIR or data/")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alliance",
                                     description="Check and document the alliance's data.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="report every problem in the data folder")
    validate.add_argument("data_dir", nargs="?", help="default: $ALLIANCE_DATA_DIR or data/")
    validate.add_argument("--lang", choices=LANGUAGES, default="en")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(run=_validate)
    dictionary = commands.add_parser("dictionary", help="regenerate data/README.md")
    dictionary.add_argument("--output", help="file to write, or - for standard output")
    dictionary.set_defaults(run=_dictionary)
    theme = commands.add_parser(
        "theme", help="write alliance.toml's colours into .streamlit/config.toml",
        description="Streamlit reads its theme only from .streamlit/config.toml: this writes "
                    "the colours declared in the data folder's alliance.toml there (restart "
                    "the app to see them). Exit 0 written or already current, 1 alliance.toml "
                    "has errors (or, with --check, config.toml is not current), 2 unreadable.")
    theme.add_argument("data_dir", nargs="?", help="default: $ALLIANCE_DATA_DIR or data/")
    theme.add_argument("--config", default=CONFIG_FILE, help=f"default: {CONFIG_FILE}")
    theme.add_argument("--check", action="store_true",
                       help="write nothing; exit 1 when config.toml is not current")
    theme.add_argument("--lang", choices=LANGUAGES, default="en")
    theme.set_defaults(run=_theme)
    names = [table.name for table in TABLES]
    importing = commands.add_parser(
        "import", help="replace (or --append to) a table from a CSV or XLSX file",
        description="Read FILE (CSV in any dialect the app accepts, or XLSX: the sheet named "
                    "after the table, else the first), check the whole data folder as it "
                    "would be, show the changes and save them with history. Exit 0 saved or "
                    "nothing to do, 1 invalid or changed meanwhile, 2 unreadable, 3 lock "
                    "busy, 4 not written (disk full, read-only). "
                    + ACCESS_NOTE)
    importing.add_argument("table", metavar="TABLE", help=", ".join(names))
    importing.add_argument("file")
    importing.add_argument("--append", action="store_true",
                           help="add the file's rows after the current ones")
    importing.add_argument("--reason", help="recorded in the history")
    importing.add_argument("--yes", action="store_true", help="save without asking")
    _store_options(importing)
    importing.set_defaults(run=_import)
    listing = commands.add_parser("history", help="list the saved versions, newest first",
                                  description="One line per version: when, who, table, rows "
                                              "+added ~changed -removed, reason, version id.")
    listing.add_argument("table", nargs="?", metavar="TABLE", help=", ".join(names))
    _store_options(listing)
    listing.set_defaults(run=_history)
    restoring = commands.add_parser(
        "restore", help="save an earlier version of a table again",
        description="Restore VERSION (an id from `history`, or its start) of TABLE with the "
                    "same checks as any save. " + ACCESS_NOTE)
    restoring.add_argument("table", metavar="TABLE", help=", ".join(names))
    restoring.add_argument("version")
    restoring.add_argument("--reason", help="recorded in the history")
    restoring.add_argument("--yes", action="store_true", help="save without asking")
    _store_options(restoring)
    restoring.set_defaults(run=_restore)
    password = commands.add_parser(
        "password", help="make the hash of a local editor password for secrets.toml",
        description="Asks for a password twice (or reads one line from standard input when it "
                    "is not a terminal) and prints the line to put under [editors] in "
                    ".streamlit/secrets.toml.")
    password.set_defaults(run=_password)
    from alliance.mobility.cli import register as register_mobility

    register_mobility(commands)
    reporting = commands.add_parser(
        "report", help="write the board pack as PowerPoint or PDF",
        description="The meeting slides, the scorecard, each indicator over time, members, "
                    "funding, key dates and sources, with native charts in PowerPoint and the "
                    "same pages in PDF.")
    reporting.add_argument("--format", choices=("pptx", "pdf"), required=True)
    reporting.add_argument("--out", required=True, help="file to write")
    _store_options(reporting)
    reporting.set_defaults(run=_report)
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", "en")
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # here, so a closed pipe is met inside the guard
        return code
    except BrokenPipeError:
        # The reader went away (`history | head -1`): stop quietly. Point standard output
        # at /dev/null so the interpreter's last flush cannot fail again (Python's own
        # advice, "Note on SIGPIPE" in the signal module's documentation).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except KeyboardInterrupt:
        print(t("cli.interrupted", lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as failed:
        # filelock's Timeout is an OSError; filelock is imported by the store, only when used.
        lock = sys.modules.get("filelock")
        if lock is not None and isinstance(failed, lock.Timeout):
            from alliance import store

            print(t("cli.lock_timeout", lang, lock=failed.lock_file,
                    seconds=store.lock_timeout(), variable=store.LOCK_TIMEOUT_VARIABLE),
                  file=sys.stderr)
            return EXIT_BUSY
        print(_not_written(failed, lang, data_dir(getattr(args, "data_dir", None))),
              file=sys.stderr)
        return EXIT_NOT_WRITTEN
    except Exception as exc:
        # The store is imported by the commands that use it, never for a quick validation.
        store = sys.modules.get("alliance.store")
        if store is None or not isinstance(exc, store.Unreadable):
            raise
        print(exc.message(lang), file=sys.stderr)
        return EXIT_UNREADABLE


def _not_written(failed: OSError, lang: str, folder: Path) -> str:
    where = failed.filename or folder  # a failed write() names no file: say which folder
    if failed.errno in NO_SPACE:
        return t("cli.no_space", lang, path=where)
    if failed.errno in READ_ONLY:
        return t("cli.read_only", lang, path=where)
    return t("cli.os_error", lang, path=where, reason=t(os_reason_key(failed), lang))


if __name__ == "__main__":
    sys.exit(main())
