"""A problem found in the data: where it is, what it is, and how to say it to a person."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alliance.i18n import t

ERROR = "error"
WARNING = "warning"
SHOWN_CHARS = 200  # of a value in a message: a whole 1 MB cell helps nobody
# Characters a reader cannot see, written out in messages as [U+XXXX] instead.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    """Text fit to show in a message: invisible characters named by code, long text cut."""
    if len(text) > SHOWN_CHARS:
        text = text[:SHOWN_CHARS] + "…"
    return INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


@dataclass(frozen=True)
class Problem:
    """One finding, located as a text editor would show it (header = line 1)."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    code: str
    severity: str = ERROR
    params: tuple[tuple[str, object], ...] = field(default=())

    def message(self, lang: str = "en") -> str:
        # A parameter named `x_key` is a message key, said in the reader's language as `x`.
        params = {name.removesuffix("_key") if name.endswith("_key") else name:
                  t(str(value), lang) if name.endswith("_key") else value
                  for name, value in self.params}
        return t(f"problem.{self.code}", lang, column=self.column or "", value=self.value or "",
                 **params)

    def as_record(self, lang: str = "en") -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "severity": self.severity,
            "message": self.message(lang),
        }

    def as_line(self, lang: str = "en") -> str:
        """`FILE:LINE:COLUMN: CODE: message`, the shape compilers and editors understand,
        with only the parts the problem has: `FILE:LINE: CODE: …`, `FILE: CODE: …`."""
        where = [self.file, *([] if self.line is None else [str(self.line)]),
                 *([self.column] if self.column else [])]
        return f"{':'.join(where)}: {self.code}: {self.message(lang)}"


def problem(file: str, line: int | None, column: str | None, value: object, code: str,
            severity: str = ERROR, **params: object) -> Problem:
    """Build a problem, keeping its message parameters hashable and ordered; the value and
    column are kept fit to show (see `visible`)."""
    shown = None if value is None else visible(str(value))
    named = None if column is None else visible(column)
    return Problem(file, line, named, shown, code, severity, tuple(sorted(params.items())))


def listed(problems: list[Problem] | tuple[Problem, ...], most: int) -> list[Problem]:
    """The first `most` problems of each file, then one line per file saying how many more
    there are (an error if any of them is): what a person can read, not a million lines."""
    shown: list[Problem] = []
    hidden: dict[str, list[Problem]] = {}
    per_file: dict[str, int] = {}
    for found in problems:
        per_file[found.file] = per_file.get(found.file, 0) + 1
        if per_file[found.file] <= most:
            shown.append(found)
        else:
            hidden.setdefault(found.file, []).append(found)
    for file, rest in hidden.items():
        severity = ERROR if has_errors(rest) else WARNING
        shown.append(problem(file, None, None, None, "more_problems", severity,
                             count=len(rest)))
    return shown


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity == ERROR for p in problems)
