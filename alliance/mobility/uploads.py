"""Mobility files an editor uploads in the app: refused, or imported all together.

The uploaded bytes are written to a private temporary folder under their own names (the
importer tells an XLSX from a CSV by the name), checked as the command line checks files
(size, zip bombs), and handed to `import_files`, which keeps them all or nothing. Access is
asked again just before the import starts, as the store asks before a save.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from alliance.i18n import format_number, t
from alliance.limits import MAX_UPLOAD_BYTES
from alliance.mobility.imports import (
    Imported,
    Outcome,
    Progress,
    Unreadable,
    file_refusal,
    import_files,
)
from alliance.problems import Problem, problem
from alliance.text import Markdown, markdown

SUFFIXES = (".csv", ".xlsx")


@dataclass
class UploadResult:
    """What an upload came to: each file's outcome, or why nothing was read at all."""

    outcomes: list[Outcome] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        """True when the upload changed nothing for the worse: every file imported or known."""
        return not self.refused and all(o.status in ("imported", "already")
                                        for o in self.outcomes)

    @property
    def problems(self) -> list[Problem]:
        """Every located problem, the refusals first."""
        return self.refused + [p for o in self.outcomes for p in o.problems]


def upload_name(name: str) -> str:
    """The file's own name, without any folder a browser or a crafted request put before it."""
    found = PurePath(name.replace("\\", "/")).name.strip()
    return found if found not in ("", ".", "..") else "upload.csv"


def import_uploads(folder: Path, uploads: Sequence[tuple[str, bytes]],
                   progress: Progress | None = None,
                   check_access: Callable[[], object] | None = None,
                   max_bytes: int = MAX_UPLOAD_BYTES) -> UploadResult:
    """Import the uploaded (name, bytes) files into `folder` all together, or none of them.

    Raises what `check_access` raises (a viewer's session) before anything is written there.
    """
    names = [upload_name(name) for name, _ in uploads]
    refused = [problem(name, None, None, None, "too_large", limit=f"{max_bytes / 1024**2:g}")
               for name, (_, data) in zip(names, uploads, strict=True) if len(data) > max_bytes]
    refused += [problem(name, None, None, None, "mobility_suffix")
                for name in names if not name.lower().endswith(SUFFIXES)]
    if refused or not uploads:
        return UploadResult(refused=refused)
    with tempfile.TemporaryDirectory(prefix="alliance-mobility-") as temp:
        paths = []
        for number, (name, (_, data)) in enumerate(zip(names, uploads, strict=True)):
            # One folder per file: two uploads of the same name stay apart.
            path = Path(temp) / str(number) / name
            path.parent.mkdir()
            path.write_bytes(data)
            paths.append(path)
        refused = [found for path, name in zip(paths, names, strict=True)
                   if (found := file_refusal(path, name)) is not None]
        if refused:
            return UploadResult(refused=refused)
        if check_access is not None:
            check_access()
        try:
            return UploadResult(import_files(folder, paths, progress=progress, names=names))
        except Unreadable as unreadable:
            return UploadResult(refused=[unreadable.problem])


# What the page says after an import: (kind, text) with kind one of Streamlit's alerts.
Said = tuple[str, Markdown]


def said(result: UploadResult, lang: str, before: Sequence[Imported] = ()) -> list[Said]:
    """The sentences an import comes to, file by file, every name and cell shown as text.

    `before` is what was imported before this upload: a file that covers the same start
    years is pointed out, since flows add both.
    """
    if result.refused:
        return [("error", Markdown(t("editor.mobility.refused", lang)))] + [
            ("error", Markdown(f"{markdown(found.file)}: {markdown(found.message(lang))}"))
            for found in result.refused]
    years = {year: entry.file for entry in before for year in entry.years}
    found: list[Said] = []
    for outcome in result.outcomes:
        name = markdown(outcome.file)
        done = outcome.imported
        if outcome.status == "imported" and done is not None:
            found.append(("success", Markdown(t(
                "editor.mobility.imported", lang, file=name,
                rows=format_number(done.rows, lang),
                participants=format_number(done.participants, lang), layout=done.layout,
                years=", ".join(map(str, done.years)) or "-"))))
            again = sorted({years[y] for y in done.years if y in years})
            if again:
                found.append(("warning", Markdown(t(
                    "editor.mobility.overlap", lang, file=name,
                    others=", ".join(markdown(o) for o in again)))))
            if done.synthetic:
                found.append(("warning", Markdown(t("editor.mobility.synthetic", lang))))
        elif outcome.status == "already":
            found.append(("info", Markdown(t("editor.mobility.already", lang, file=name))))
        elif outcome.status == "problems":
            found.append(("error", Markdown(t("editor.mobility.problems", lang, file=name,
                                              count=outcome.problem_count))))
        else:
            found.append(("warning", Markdown(t("editor.mobility.not_imported", lang,
                                                file=name))))
    return found


def entry_text(entry: Imported, lang: str) -> Markdown:
    """One imported file as the page lists it."""
    text = t("editor.mobility.entry", lang, file=markdown(entry.file), layout=entry.layout,
             years=", ".join(map(str, entry.years)) or "-",
             rows=format_number(entry.rows, lang),
             participants=format_number(entry.participants, lang))
    if entry.synthetic:
        text = t("editor.mobility.entry_synthetic", lang, entry=text)
    return Markdown(text)
