"""The message catalogues: every id in every language, the same placeholders, a label for
every allowed value, and a further language added as one file plus one line."""

from __future__ import annotations

import json
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from alliance.i18n import LANGUAGES, LOCALES_DIR, messages, value_label
from alliance.schema import TABLES, TABLES_BY_NAME
from tests.paths import FIXTURE_DATA, REPO_ROOT


def _fields(text: object) -> set[str]:
    texts = text.values() if isinstance(text, dict) else [text]
    return {name for t in texts for _, name, _, _ in string.Formatter().parse(str(t)) if name}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_id_is_in_every_language_with_the_same_placeholders(lang: str) -> None:
    english, other = messages("en"), messages(lang)
    assert set(other) == set(english)
    wrong = [key for key in english if _fields(other[key]) != _fields(english[key])]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_allowed_value_has_a_label(lang: str) -> None:
    missing = [(table.name, column.name, value) for table in TABLES for column in table.columns
               for value in column.allowed if f"value.{value}" not in messages(lang)
               and value not in ("true", "false")]
    assert missing == []
    assert value_label("summer school", "fr") == "école d'été"


PAGES = ("pages/overview.py", "pages/opportunities.py", "pages/map.py", "pages/timeline.py",
         "pages/mobility.py", "pages/progress.py", "pages/meeting.py", "pages/data_health.py")
THIRD = """
import json, sys
from streamlit.testing.v1 import AppTest
from alliance import i18n
app = AppTest.from_file(sys.argv[1], default_timeout=60)
app.query_params["lang"] = "xx"
app.run()
failed = []
for page in sys.argv[2:]:
    app.switch_page(page).run()
    if app.exception:
        failed.append(page)
print(json.dumps({"failed": failed, "missing": sorted(k for lang, k in i18n.MISSING
                                                        if lang == "xx")}))
"""


def test_a_third_language_is_one_file_and_one_line(tmp_path: Path) -> None:
    """A made-up language (every English sentence in capitals, placeholders kept) renders
    every page with no text missing, and the command line speaks it."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    english = (locales / "en.toml").read_text(encoding="utf-8")
    made_up = "\n".join(line if not line.startswith('"') else
                        line.split(" = ", 1)[0] + " = " + _shout(line.split(" = ", 1)[1])
                        for line in english.splitlines()).replace('"en_GB"', '"de_DE"')
    (locales / "xx.toml").write_text(made_up, encoding="utf-8")
    languages = locales / "languages.toml"
    languages.write_text(languages.read_text(encoding="utf-8").replace(
        '["en", "fr"]', '["en", "fr", "xx"]'), encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    env = {**os.environ, "ALLIANCE_LOCALES_DIR": str(locales), "ALLIANCE_DATA_DIR": str(data),
           "ALLIANCE_STATE_DIR": str(tmp_path / "state"), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", THIRD, str(REPO_ROOT / "dashboard.py"),
                           *PAGES], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"failed": [], "missing": []}
    (data / "universities.csv").write_text("id\nX\n", encoding="utf-8")
    cli = subprocess.run([sys.executable, "-m", "alliance", "validate", str(data),
                          "--lang", "xx"], cwd=REPO_ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert "REQUIRED COLUMN 'name' IS MISSING" in cli.stdout  # said in the new language
    # Its translated data columns follow the one convention, with no code to change.
    columns = subprocess.run([sys.executable, "-c", COLUMNS], cwd=REPO_ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert columns.returncode == 0, columns.stderr[-2000:]
    assert json.loads(columns.stdout) == {
        "milestones": ["title", "title_fr", "title_xx"],
        "activities": ["title", "title_fr", "title_xx", "description", "description_fr",
                       "description_xx"]}


COLUMNS = """
import json
from alliance.schema import TABLES_BY_NAME
print(json.dumps({name: [c.name for c in TABLES_BY_NAME[name].columns
                         if c.name.rsplit("_", 1)[0] in ("title", "description")]
                  for name in ("milestones", "activities")}))
"""


def test_translated_columns_follow_the_configured_languages() -> None:
    """Every translated column is `<column>_<language>` for a configured language other than
    the default, and is described in the data dictionary."""
    from alliance.dictionary import render

    dictionary = render()
    for table in TABLES:
        names = {c.name for c in table.columns}
        for column in table.columns:
            base, _, lang = column.name.rpartition("_")
            if base in names and lang in LANGUAGES:
                assert lang != LANGUAGES[0], column.name
                assert f"`{column.name}`" in dictionary
    milestones = {c.name for c in TABLES_BY_NAME["milestones"].columns}
    assert {f"title_{lang}" for lang in LANGUAGES[1:]} <= milestones


def _shout(quoted: str) -> str:
    """A TOML string in capitals, its {placeholders} and escapes untouched."""
    out, depth, escape = [], 0, False
    for char in quoted:
        if escape:
            out.append(char)
            escape = False
        elif char == "\\":
            out.append(char)
            escape = True
        elif char == "{":
            depth += 1
            out.append(char)
        elif char == "}":
            depth -= 1
            out.append(char)
        else:
            out.append(char if depth else char.upper())
    return "".join(out)
