"""A problem found in the data: where it is, what it is, and how to say it to a person."""

from __future__ import annotations

from dataclasses import dataclass, field

from alliance.i18n import t

ERROR = "error"
WARNING = "warning"


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
        return t(f"problem.{self.code}", lang, column=self.column or "", value=self.value or "",
                 **dict(self.params))

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
        """`FILE:LINE:COLUMN: CODE: message`, the shape compilers and editors understand."""
        line = "" if self.line is None else str(self.line)
        return f"{self.file}:{line}:{self.column or ''}: {self.code}: {self.message(lang)}"


def problem(file: str, line: int | None, column: str | None, value: object, code: str,
            severity: str = ERROR, **params: object) -> Problem:
    """Build a problem, keeping its message parameters hashable and ordered."""
    shown = None if value is None else str(value)
    return Problem(file, line, column, shown, code, severity, tuple(sorted(params.items())))


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity == ERROR for p in problems)
