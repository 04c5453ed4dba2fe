"""Command line: `python -m alliance validate [DATA_DIR]` and `python -m alliance dictionary`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from alliance.dictionary import render
from alliance.i18n import LANGUAGES
from alliance.loader import DEFAULT_DATA_DIR, data_dir
from alliance.problems import has_errors
from alliance.validate import check_folder

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    if not folder.is_dir():
        print(f"{folder}: not a readable folder", file=sys.stderr)
        return EXIT_UNREADABLE
    report = check_folder(folder)
    problems = report.problems
    if args.format == "json":
        json.dump([p.as_record(args.lang) for p in problems], sys.stdout, ensure_ascii=False,
                  indent=1)
        print()
    else:
        for found in problems:
            print(found.as_line(args.lang))
        errors = sum(1 for p in problems if p.severity == "error")
        summary = {"en": f"{errors} error(s), {len(problems) - errors} warning(s) in {folder}",
                   "fr": f"{errors} erreur(s), {len(problems) - errors} avertissement(s) "
                         f"dans {folder}"}
        print(summary[args.lang], file=sys.stderr)
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
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
