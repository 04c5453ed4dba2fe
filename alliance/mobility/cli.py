"""`python -m alliance mobility ...`: import, flows, summary, sample and remove."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from alliance.files import data_dir
from alliance.i18n import LANGUAGES, t
from alliance.mobility import GROUPS
from alliance.schema import TABLES_BY_NAME

# DuckDB and the import machinery load with the command that uses them: every other
# command of `python -m alliance` builds this group's parser and would pay for them.
if TYPE_CHECKING:
    from alliance.mobility.imports import Outcome
    from alliance.mobility.query import Mobility

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2
SHOWN_PER_CODE = 20  # located problems printed per kind; all are counted


def _folder(args: argparse.Namespace) -> Path | None:
    folder = data_dir(args.data_dir)
    if folder.is_dir():
        return folder
    print(f"{folder}: not a readable folder", file=sys.stderr)
    return None


def _universities(folder: Path) -> object:
    from alliance.loader import read_table

    return read_table(folder, TABLES_BY_NAME["universities"]).frame


def _bar() -> object:
    """A progress bar per file on the terminal (tqdm; silent when not a terminal)."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(name: str, fraction: float) -> None:
        bar = bars.get(name)
        if bar is None:
            bar = bars[name] = tqdm(total=100, desc=name[:40], unit="%", disable=None,
                                    leave=True, file=sys.stderr,
                                    bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}")
        bar.update(round(fraction * 100) - bar.n)
        if fraction >= 1:
            bar.close()

    return progress


def _report(outcome: Outcome, lang: str) -> None:
    if outcome.status == "already":
        print(t("mobility.cli.already", lang, file=outcome.file))
    elif outcome.status == "imported" and outcome.imported is not None:
        done = outcome.imported
        print(t("mobility.cli.imported", lang, file=outcome.file, rows=done.rows,
                participants=done.participants, layout=done.layout,
                years=", ".join(map(str, done.years)) or "-"))
        if done.synthetic:
            print(t("mobility.cli.synthetic", lang), file=sys.stderr)
    elif outcome.status == "problems":
        shown: dict[str, int] = {}
        for found in outcome.problems:
            shown[found.code] = shown.get(found.code, 0) + 1
            if shown[found.code] <= SHOWN_PER_CODE:
                print(found.as_line(lang))
        for code, count in sorted(outcome.by_code.items()):
            print(t("mobility.cli.problem_count", lang, file=outcome.file, count=count,
                    code=code, message=t(f"problem.{code}.short", lang)), file=sys.stderr)
    else:
        print(t("mobility.cli.not_imported", lang, file=outcome.file), file=sys.stderr)


def _import(args: argparse.Namespace) -> int:
    from alliance.mobility.imports import Unreadable, file_refusal, import_files, read_manifest

    folder = _folder(args)
    if folder is None:
        return EXIT_UNREADABLE
    paths = [Path(f) for f in args.files]
    for path in paths:  # missing, a folder, a device or pipe, a zip bomb: refused unread
        refused = file_refusal(path, str(path))
        if refused is not None:
            print(refused.as_line(args.lang), file=sys.stderr)
            return EXIT_UNREADABLE
    if not args.yes and sys.stdin.isatty():
        answer = input(t("mobility.cli.confirm", args.lang, count=len(paths), folder=folder))
        if answer.strip().lower() not in ("y", "yes", "o", "oui"):
            print(t("store.cli.declined", args.lang))
            return EXIT_CLEAN
    before = {y: e.file for e in read_manifest(folder) for y in e.years}
    try:
        outcomes = import_files(folder, paths, progress=_bar())
    except Unreadable as unreadable:
        print(unreadable.problem.as_line(args.lang), file=sys.stderr)
        print(t("mobility.cli.nothing", args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    for outcome in outcomes:
        _report(outcome, args.lang)
    if any(o.status == "problems" for o in outcomes):
        print(t("mobility.cli.nothing", args.lang), file=sys.stderr)
        return EXIT_PROBLEMS
    given: dict[int, str] = {}  # start year -> the first file of this command that holds it
    for outcome in outcomes:
        if outcome.status == "imported" and outcome.imported is not None:
            years = outcome.imported.years
            again = sorted({before[y] for y in years if y in before})
            if again:
                print(t("mobility.cli.overlap", args.lang, file=outcome.file,
                        others=", ".join(again)), file=sys.stderr)
            # Two files of one start year in one command add up just as well: say so too.
            twice = sorted(y for y in years if y in given and y not in before)
            if twice:
                print(t("mobility.cli.overlap_same", args.lang, file=outcome.file,
                        years=", ".join(map(str, twice)),
                        others=", ".join(sorted({given[y] for y in twice}))), file=sys.stderr)
            for year in years:
                given.setdefault(year, outcome.file)
    return EXIT_CLEAN


def _opened(args: argparse.Namespace) -> Mobility | None:
    from alliance.mobility.query import Mobility

    folder = _folder(args)
    return None if folder is None else Mobility(folder, _universities(folder))


def _flows(args: argparse.Namespace) -> int:
    from alliance.mobility.query import FLOW_COLUMNS

    mobility = _opened(args)
    if mobility is None:
        return EXIT_UNREADABLE
    frame = mobility.flows(args.from_year, args.to_year, args.activity)
    if args.format == "json":
        json.dump(frame[FLOW_COLUMNS].to_dict("records"), sys.stdout, indent=1, default=int)
        print()
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    return EXIT_CLEAN


def _summary(args: argparse.Namespace) -> int:
    mobility = _opened(args)
    if mobility is None:
        return EXIT_UNREADABLE
    if mobility.empty:
        print(t("mobility.cli.empty", args.lang))
        return EXIT_CLEAN
    for entry in mobility.imports:
        mark = " SYNTHETIC" if entry.synthetic else ""
        print(f"{entry.digest[:12]}  {entry.file}  {entry.layout}  "
              f"{','.join(map(str, entry.years))}  {entry.rows}  {entry.participants}{mark}")
    found = mobility.summary()
    print(t("mobility.cli.summary", args.lang, files=found.files,
            years=", ".join(map(str, found.years)), rows=found.rows,
            participants=found.participants, matched=len(found.members_matched),
            members=len(found.members_matched) + len(found.members_unmatched)))
    for member, near in mobility.unmatched().items():
        codes = "; ".join(f"{code!r} {name}" for code, name in near[:8]) or "-"
        print(t("mobility.cli.unmatched", args.lang, member=member, codes=codes))
    return EXIT_CLEAN


def _sample(args: argparse.Namespace) -> int:
    from alliance.mobility.sample import members_from, write

    folder = data_dir(args.data_dir)
    members = members_from(_universities(folder))
    if not members:
        print(t("mobility.cli.no_codes", args.lang), file=sys.stderr)
        return EXIT_PROBLEMS
    written = write(Path(args.out), members, args.rows, args.layout, args.files,
                    args.first_year, args.xlsx, args.sheets)
    for path in written:
        print(path)
    return EXIT_CLEAN


def _remove(args: argparse.Namespace) -> int:
    from alliance.mobility.imports import remove

    folder = _folder(args)
    if folder is None:
        return EXIT_UNREADABLE
    gone = remove(folder, args.which)
    if gone is None:
        print(t("mobility.cli.remove_unknown", args.lang, which=args.which), file=sys.stderr)
        return EXIT_PROBLEMS
    print(t("mobility.cli.removed", args.lang, file=gone.file))
    return EXIT_CLEAN


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `mobility` command group to the main parser."""
    group = commands.add_parser(
        "mobility", help="Erasmus+ mobility statistics: import, flows, summary, sample",
        description="Import the Commission's Erasmus+ learning-mobility files and ask them "
                    "about flows between members. Imported rows live in DATA/.mobility/ "
                    "(git-ignored).")
    sub = group.add_subparsers(dest="mobility_command", required=True)

    def options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--data-dir", help="default: $ALLIANCE_DATA_DIR or data/")
        parser.add_argument("--lang", choices=LANGUAGES, default="en")

    importing = sub.add_parser(
        "import", help="import CSV or XLSX files of the published layouts",
        description="Read each FILE (the 2014-2019 `;` CSV layout or the newer raw-data "
                    "XLSX/CSV layout, told apart by the header), normalise and check every "
                    "row, and keep them all, or nothing when any row has a problem. "
                    "Exit 0 imported (or already imported), 1 problems, 2 unreadable.")
    importing.add_argument("files", nargs="+", metavar="FILE")
    importing.add_argument("--yes", action="store_true", help="import without asking")
    options(importing)
    importing.set_defaults(run=_import)

    flows = sub.add_parser("flows", help="participants between pairs of members, as CSV/JSON",
                           description="Columns year,sending,receiving,activity,participants; "
                                       "year is the calendar year the mobility started.")
    flows.add_argument("--from-year", type=int)
    flows.add_argument("--to-year", type=int)
    flows.add_argument("--activity", choices=GROUPS)
    flows.add_argument("--format", choices=("csv", "json"), default="csv")
    options(flows)
    flows.set_defaults(run=_flows)

    summary = sub.add_parser("summary", help="what is imported, and members matched")
    options(summary)
    summary.set_defaults(run=_summary)

    sample = sub.add_parser(
        "sample", help="write SYNTHETIC files in a published layout (tests, benchmarks)",
        description="Writes invented rows, clearly marked synthetic, in the published layout "
                    "with the traps of the real files, and a companion note.")
    sample.add_argument("out", help="folder to write into")
    sample.add_argument("--rows", type=int, required=True)
    sample.add_argument("--layout", choices=("2014", "raw"), default="2014")
    sample.add_argument("--files", type=int, default=1, help="one per start year")
    sample.add_argument("--first-year", type=int)
    sample.add_argument("--xlsx", action="store_true",
                        help="as XLSX workbooks (the raw layout's published form)")
    sample.add_argument("--sheets", type=int, choices=(1, 2),
                        help="sheets of rows per workbook; default as published: two from "
                             "2021, one before")
    options(sample)
    sample.set_defaults(run=_sample)

    removing = sub.add_parser("remove", help="forget one imported file (digest or name)")
    removing.add_argument("which")
    options(removing)
    removing.set_defaults(run=_remove)
