"""The board pack read back from its files: slides, native charts and their values, PDF text."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pypdf import PdfReader

from alliance.__main__ import main
from alliance.dataset import load_dataset
from alliance.i18n import in_language, messages
from alliance.report import build_pack, render, to_pdf, to_pptx
from tests.mobility_data import import_sample, member_totals
from tests.progress_data import PROJECT_AMOUNTS, write_progress_tables
from tests.tables import edit_table

TODAY = dt.date(2026, 1, 15)
FLOWS = pd.DataFrame({"sending": ["PUT", "UC", "UC"], "receiving": ["UC", "PUT", "BTU"],
                      "year": [2022, 2022, 2023], "participants": [4, 6, 1]})


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    """The bundled data with known indicators (two over time, an example row, two members'
    own values) and known projects."""
    import shutil

    from tests.conftest import BUNDLED_DATA

    folder = tmp_path_factory.mktemp("report") / "data"
    shutil.copytree(BUNDLED_DATA, folder)
    write_progress_tables(folder)
    loaded = load_dataset(folder, tmp_path_factory.mktemp("keep"))
    assert loaded.report.clean
    return loaded


@pytest.fixture(scope="module", params=["en", "fr"])
def lang(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def pack(data, lang):
    return build_pack(data, lang, TODAY)


@pytest.fixture(scope="module")
def deck(pack):
    return Presentation(io.BytesIO(to_pptx(pack)))


@pytest.fixture(scope="module")
def pdf_pages(pack) -> list[str]:
    reader = PdfReader(io.BytesIO(to_pdf(pack)))
    return [_spaces(page.extract_text()) for page in reader.pages]


def _spaces(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if shape.has_chart:
            chart = shape.chart
            if chart.has_title:
                parts.append(chart.chart_title.text_frame.text)
            for plot in chart.plots:
                parts += [str(c) for c in plot.categories]
                parts += [s.name for s in plot.series]
    return "\n".join(parts)


def _charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _kinds(pack) -> list[str]:
    return [s.kind for s in pack.slides]


def test_one_slide_per_pack_slide_at_16_9(pack, deck) -> None:
    assert len(deck.slides) == len(pack.slides)
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    kinds = _kinds(pack)
    assert kinds[:5] == ["title", "overview", "map", "timeline", "opportunities"]
    ends = kinds.index("key_dates")
    assert kinds[ends + 1:] and set(kinds[ends + 1:]) == {"sources"}  # one slide or more
    for kind in ("scorecard", "over_time", "members", "funding"):
        assert kind in kinds
    assert "mobility" not in kinds  # nothing imported


@pytest.mark.parametrize(("lang", "month"), [("en", "December 2023"), ("fr", "décembre 2023")])
def test_the_map_slide_says_when_student_counts_are_from_in_words(tmp_path: Path, lang: str,
                                                                 month: str) -> None:
    """A count of December 2023 reads as such on the slide, not as the file's "2023-12"."""
    import shutil

    from tests.conftest import BUNDLED_DATA

    folder = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, folder)
    edit_table(folder / "universities.csv", lambda rows: rows[0].update(
        students_as_of="2023-12"))
    pack = build_pack(load_dataset(folder, tmp_path / "keep"), lang, TODAY)
    table = next(b for s in pack.slides if s.kind == "map" for b in s.blocks
                 if hasattr(b, "rows"))
    cells = [row[3] for row in table.rows]
    assert sum(cell.endswith(f"({month})") for cell in cells) == 1
    assert not any(re.search(r"\(\d{4}-\d{2}\)", cell) for cell in cells)


def test_charts_are_native_and_of_the_right_type(pack, deck) -> None:
    expected = {"map": [XL_CHART_TYPE.BAR_CLUSTERED],
                "timeline": [XL_CHART_TYPE.COLUMN_CLUSTERED],
                "opportunities": [XL_CHART_TYPE.COLUMN_CLUSTERED],
                "over_time": [XL_CHART_TYPE.XY_SCATTER],
                "members": [XL_CHART_TYPE.COLUMN_CLUSTERED],
                "funding": [XL_CHART_TYPE.BAR_STACKED]}
    for model, slide in zip(pack.slides, deck.slides, strict=True):
        assert [c.chart_type for c in _charts(slide)] == expected.get(model.kind, [])
        assert not any(shape.shape_type == 13 for shape in slide.shapes)  # no pictures


def test_member_and_funding_series_equal_the_tables(data, pack, deck) -> None:
    slides = dict(zip(_kinds(pack), deck.slides, strict=False))
    chart = _charts(slides["map"])[0]
    students = data.tables["universities"].set_index("id")["students"]
    categories = list(chart.plots[0].categories)
    assert sorted(categories) == sorted(students.index)
    assert list(chart.plots[0].series[0].values) == [float(students[c]) for c in categories]
    funding = _charts(slides["funding"])[0]
    shown = {}
    for series in funding.plots[0].series:
        for category, value in zip(funding.plots[0].categories, series.values, strict=True):
            if value is not None:
                shown[category.split(" (")[0]] = (series.name, value)
    kinds = {"total_budget": {"en": "total budget", "fr": "budget total"},
             "max_eu_grant": {"en": "maximum EU grant", "fr": "subvention européenne maximale"},
             "unknown": {"en": "amount (kind not stated)",
                         "fr": "montant (nature non précisée)"}}
    assert set(shown) == set(PROJECT_AMOUNTS)  # a project without an amount is left out
    for project, (amount, kind) in PROJECT_AMOUNTS.items():
        name, value = shown[project]
        assert value == pytest.approx(amount / 1e6)
        assert name == kinds[kind][pack.lang]


def test_activity_and_membership_series_equal_the_tables(data, pack, deck) -> None:
    slides = dict(zip(_kinds(pack), deck.slides, strict=False))
    hosted = data.tables["activities"]["host_id"].value_counts()
    chart = _charts(slides["members"])[0]
    assert list(chart.plots[0].series[0].values) == [
        float(hosted.get(c, 0)) for c in chart.plots[0].categories]
    timeline = _charts(slides["timeline"])[0]
    years = [int(c) for c in timeline.plots[0].categories]
    joined = data.tables["universities"]["joined"].str[:4].astype(int)
    assert list(timeline.plots[0].series[0].values) == [float((joined <= y).sum())
                                                        for y in years]


def test_over_time_series_equal_the_values_with_key_dates_marked(data, pack, deck) -> None:
    values = data.tables["indicator_values"]
    for model, slide in zip(pack.slides, deck.slides, strict=True):
        if model.kind != "over_time":
            continue
        chart = _charts(slide)[0]
        lengths = [len(s.values) for s in chart.plots[0].series]
        assert lengths == sorted(lengths, reverse=True)  # LibreOffice drops a longer later one
        series = {s.name: s for s in chart.plots[0].series}
        value_name = {"en": "Value", "fr": "Valeur"}[pack.lang]
        shown = series[value_name]
        indicator = next(i for i, n in zip(data.tables["indicators"]["id"],
                                           in_language(data.tables["indicators"], "name",
                                                       pack.lang),
                                           strict=True) if n in model.title)
        own = values[(values["indicator_id"] == indicator) & values["university_id"].isna()]
        assert sorted(shown.values) == sorted(float(v) for v in own["value"])
        years = [float(x) for x in shown._element.xpath("./c:xVal//c:v/text()")]
        assert sorted(int(y) for y in years) == sorted(int(p[:4]) for p in own["period"])
        marks = series[{"en": "Key dates", "fr": "Dates clés"}[pack.lang]]
        labels = [p.data_label.text_frame.text for p in marks.points]
        assert labels and labels == sorted(labels, key=int)
    assert "over_time" in _kinds(pack)


def test_every_figure_carries_its_source_and_examples_are_marked(pack, deck) -> None:
    example = {"en": "(example)", "fr": "(exemple)"}[pack.lang]
    source = {"en": "Source", "fr": "Source"}[pack.lang]
    texts = dict(zip(_kinds(pack), (_slide_text(s) for s in deck.slides), strict=False))
    for kind in ("overview", "map", "timeline", "opportunities", "members", "funding",
                 "key_dates"):
        assert ".csv" in texts[kind] or source in texts[kind], kind
    scorecards = "\n".join(_slide_text(s) for m, s in zip(pack.slides, deck.slides,
                                                          strict=True) if m.kind == "scorecard")
    assert "example.org/reach-2024" in scorecards and "example.org/partners-2025" in scorecards
    assert example in "\n".join(texts.values())
    members = texts["members"]
    assert f"12 {example}" in members and "9" in members
    sources = "\n".join(_slide_text(s) for m, s in zip(pack.slides, deck.slides, strict=True)
                        if m.kind == "sources")
    assert "https://example.org/reach-2024" in sources


def _all_text(deck) -> str:
    return "\n".join(_slide_text(s) for s in deck.slides)


def test_no_missing_value_words(deck, pdf_pages) -> None:
    for text in (_all_text(deck), "\n".join(pdf_pages)):
        assert not re.search(r"\b(nan|NaN|<NA>|None|NaT)\b", text)


def _english_only() -> set[str]:
    """Sentences of the app that differ in French, long enough to be unmistakable."""
    english, french = messages("en"), messages("fr")
    return {text for key, text in english.items()
            if isinstance(text, str) and isinstance(french.get(key), str)
            and text != french[key] and len(text) >= 12 and "{" not in text}


def test_no_english_on_french_slides(data) -> None:
    french = _all_text(Presentation(io.BytesIO(to_pptx(build_pack(data, "fr", TODAY)))))
    english = _all_text(Presentation(io.BytesIO(to_pptx(build_pack(data, "en", TODAY)))))
    # Text from the data (activity titles, names) stays as written: only the app's own
    # sentences must be French.
    data_text = " ".join(str(v) for frame in data.tables.values()
                         for column in frame.select_dtypes(exclude="number") for v in frame[column])
    leaked = {s for s in _english_only() if s in french and s not in data_text}
    assert not leaked
    assert any(s in english for s in _english_only())  # the check can see English


def test_pdf_has_the_same_pages_with_name_and_figures(data, pack, pdf_pages) -> None:
    assert len(pdf_pages) == len(pack.slides)
    identity = data.identity["alliance"]
    assert identity["name"] in pdf_pages[0] and identity["acronym"] in pdf_pages[0]
    scorecard = "\n".join(p for p, s in zip(pdf_pages, pack.slides, strict=True)
                          if s.kind == "scorecard")
    number = {"en": "10,100", "fr": "10 100"}[pack.lang]
    assert f"≈ {number}" in scorecard and "≈ 60" in scorecard
    funding = pdf_pages[_kinds(pack).index("funding")]
    assert {"en": "EUR 14.4 million", "fr": "14,4 millions d'euros"}[pack.lang] in funding
    assert {"en": "maximum EU grant", "fr": "subvention européenne maximale"}[pack.lang] \
        in funding
    title = {"en": "Scorecard", "fr": "Tableau de bord"}[pack.lang]
    assert title in scorecard


def test_mobility_slide_appears_once_flows_are_imported(data) -> None:
    pack = build_pack(data, "en", TODAY, flows=FLOWS, flows_source="erasmus.csv")
    assert "mobility" in _kinds(pack)
    deck = Presentation(io.BytesIO(to_pptx(pack)))
    slide = deck.slides[_kinds(pack).index("mobility")]
    chart = _charts(slide)[0]
    values = {s.name: dict(zip(chart.plots[0].categories, s.values, strict=True))
              for s in chart.plots[0].series}
    assert values["Erasmus+ sent (all destinations)"] == {"BTU": 0.0, "PUT": 4.0, "UC": 7.0}
    assert values["Erasmus+ received (all origins)"] == {"BTU": 1.0, "PUT": 6.0, "UC": 4.0}
    assert "computed from the imported Erasmus+ data" in _all_text(deck)
    # The chart names members by acronym; the table beside it says who each one is.
    assert "Poznan University of Technology (PUT)" in _slide_text(slide)


@pytest.mark.parametrize(("lang", "key"), [("en", "University of Cantabria (UC)"),
                                           ("fr", "University of Cantabria (UC)")])
def test_members_slide_names_the_acronyms_it_uses(data, lang: str, key: str) -> None:
    """A board member reading "UPHF" or "UC" in the members slide finds who they are on it."""
    pack = build_pack(data, lang, TODAY)
    deck = Presentation(io.BytesIO(to_pptx(pack)))
    text = _slide_text(deck.slides[_kinds(pack).index("members")])
    universities = data.tables["universities"]
    assert key in text
    assert all(f"({i})" in text for i in universities["id"])


def test_text_from_data_is_drawn_as_typed(bundled: Path, tmp_path: Path) -> None:
    path = write_progress_tables(bundled) / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Member universities,", "Members & partners <growth,", 1), encoding="utf-8")
    data = load_dataset(bundled, tmp_path / "keep")
    assert data.errors_in("indicators") == 0
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(
        render(build_pack(data, "en", TODAY), "pdf"))).pages]
    assert any("Members & partners <growth" in page for page in pages)


@pytest.mark.parametrize("fmt", ["pptx", "pdf"])
def test_cli_writes_the_pack(bundled: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"pack.{fmt}"
    assert main(["report", "--format", fmt, "--lang", "fr", "--data-dir", str(bundled),
                 "--out", str(out)]) == 0
    body = out.read_bytes()
    assert body.startswith(b"%PDF" if fmt == "pdf" else b"PK")


def test_cli_refuses_a_missing_folder(tmp_path: Path) -> None:
    assert main(["report", "--format", "pdf", "--data-dir", str(tmp_path / "none"),
                 "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


def _slide_titled(deck, title: str):
    return next(s for s in deck.slides if title in _slide_text(s).splitlines())


def _table_rows(deck) -> list[list[str]]:
    return [[c.text for c in row.cells] for slide in deck.slides for shape in slide.shapes
            if shape.has_table for row in shape.table.rows]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cli_pack_carries_an_imported_sample_marked_as_examples(bundled: Path, tmp_path: Path,
                                                                lang: str) -> None:
    """A synthetic sample imported with the real importer reaches `report`: the mobility and
    members slides hold each member's sent and received, as summed from the files."""
    paths = import_sample(bundled, tmp_path / "sample")
    sent, received = member_totals(paths, bundled)
    assert sum(sent.values()) > 1_000
    out = tmp_path / "pack.pptx"
    assert main(["report", "--format", "pptx", "--lang", lang, "--data-dir", str(bundled),
                 "--out", str(out)]) == 0
    deck = Presentation(out)
    words = messages(lang)
    example = f" ({words['overview.illustrative']})"
    mobility = _slide_titled(deck, words["report.mobility"])
    chart = _charts(mobility)[0]
    values = {s.name: dict(zip(chart.plots[0].categories, s.values, strict=True))
              for s in chart.plots[0].series}
    assert values[words["progress.col.sent"] + example] == {m: float(v) for m, v in
                                                            sent.items()}
    assert values[words["progress.col.received"] + example] == {m: float(v) for m, v in
                                                                received.items()}
    assert words["progress.mobility_synthetic"] in _slide_text(mobility)
    members = _slide_titled(deck, words["report.members"])
    table = next(s.table for s in members.shapes if s.has_table)
    header = [c.text for c in table.rows[0].cells]
    column = {name: header.index(words[f"progress.col.{name}"]) for name in ("sent",
                                                                              "received")}
    number = re.compile(r"\D")
    for row in list(table.rows)[1:]:
        cells = [c.text for c in row.cells]
        assert cells[column["sent"]].endswith(example)
        member = cells[0].rsplit("(", 1)[-1].rstrip(")")  # "ACRONYM" or "Name (ACRONYM)"
        assert int(number.sub("", cells[column["sent"]])) == sent[member]
        assert int(number.sub("", cells[column["received"]])) == received[member]
    scored = next(r for r in _table_rows(deck) if r[0].startswith(words["mobility.sent"]))
    assert scored[1].endswith(example)  # the latest year's value, marked as an example


def test_opportunities_chart_counts_published_rows_as_the_headlines(data, pack, deck) -> None:
    """The opportunities chart adds up to the overview's headline figures (no example rows)."""
    from alliance.overview import summarise

    slides = dict(zip(_kinds(pack), deck.slides, strict=False))
    chart = _charts(slides["opportunities"])[0]
    totals = [sum(v for v in s.values) for s in chart.plots[0].series]
    summary = summarise(dict(data.tables), TODAY)
    assert totals == [summary.open_now, summary.running_now, summary.upcoming]
    assert data.tables["activities"]["illustrative"].fillna(False).any()


def _text_runs(page) -> list[tuple[str, float, float, float]]:
    """(text, x, y, font size) of every piece of text drawn on a PDF page."""
    runs: list[tuple[str, float, float, float]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            runs.append((text, tm[4], tm[5], size))
    page.extract_text(visitor_text=visit)
    return runs


def test_approximate_headline_fits_its_box_on_both_formats(data, pack, deck) -> None:
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from alliance.report import BOLD, FONT, _fonts

    _fonts()
    figures = next(b for b in pack.slides[1].blocks if hasattr(b, "items"))
    label, value = figures.items[2]
    # Short: the sign, not the word, so the figure fits a quarter of a slide in French too.
    assert value.startswith("≈ ") and not re.search(r"about|environ", value)
    assert any(re.search(r"about|environ", line) for line in pack.slides[1].footer)
    # PDF: the value is drawn on one line, below its label, not over it.
    page = PdfReader(io.BytesIO(to_pdf(pack))).pages[1]
    runs = _text_runs(page)
    drawn = [r for r in runs if r[0].startswith("≈") and r[3] > 12]
    assert len(drawn) == 1 and _spaces(drawn[0][0]).strip() == _spaces(value)
    _, x, y, size = drawn[0]
    above = [r for r in runs if abs(r[1] - x) < 1 and r[2] > y and r[3] < size]
    assert above and min(r[2] for r in above) - y > size * 0.8
    # PowerPoint: the label's lines and the value fit the box's height and width.
    shape = next(s for s in deck.slides[1].shapes
                 if s.has_text_frame and s.text_frame.text.endswith(value))
    inner = shape.width / 914400 * 72 - 14.4
    lines = len(simpleSplit(label, FONT, 11, inner))
    assert stringWidth(value, BOLD, 24) <= inner
    assert lines * 11 * 1.2 + 24 * 1.2 + 7.2 <= shape.height / 914400 * 72


def test_unknown_save_date_is_left_out_not_dashed(data) -> None:
    import dataclasses

    undated = dataclasses.replace(data, saved_on=None)
    for lang in ("en", "fr"):
        pack = build_pack(undated, lang, TODAY)
        texts = [_all_text(Presentation(io.BytesIO(to_pptx(pack)))),
                 _spaces("\n".join(p.extract_text()
                                   for p in PdfReader(io.BytesIO(to_pdf(pack))).pages))]
        for text in texts:
            assert not re.search(r"(saved on|as of|enregistrées le|au)\s*–", text)
            assert {"en": "Prepared on", "fr": "Préparé le"}[lang] in text
            assert {"en": "Data: milestones.csv", "fr": "Données : milestones.csv"}[lang] \
                in text


def test_table_words_are_not_broken_across_lines(pack) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from alliance.report import BOLD, FONT, PT, _fonts, _layout

    _fonts()
    for slide in pack.slides[1:]:
        for box, block in zip(_layout(slide.blocks), slide.blocks, strict=True):
            if not hasattr(block, "header"):
                continue
            weights = block.widths or [1.0] * len(block.header)
            for c, weight in enumerate(weights):
                # The narrower of the PDF cell (6 pt padding each side) and the PowerPoint
                # cell (0.1 in margins, 11 pt type).
                room = box[2] * PT * weight / sum(weights) - 14.4
                cells = [(block.header[c], BOLD)] + [
                    (row[c], FONT) for i, row in enumerate(block.rows)
                    if i not in block.headings and c < len(row)]
                for text, font in cells:
                    for word in text.split():
                        if "/" in word or "." in word:
                            continue  # addresses and file names may break
                        assert stringWidth(word, font, 11) <= room, (slide.kind, word)


def test_every_source_is_listed_in_both_formats(data, pack, deck, pdf_pages) -> None:
    sources = [i for i, s in enumerate(pack.slides) if s.kind == "sources"]
    listed = [line for i in sources for line in pack.slides[i].blocks[0].lines
              if line.startswith("http")]
    assert len(listed) > 20 and len(listed) == len(set(listed))  # past one slide's worth
    assert len(sources) > 1 and "(1/" in pack.slides[sources[0]].title
    pptx = "\n".join(_slide_text(deck.slides[i]) for i in sources)
    pdf = "\n".join(pdf_pages[i] for i in sources).replace("\n", "")
    for address in listed:
        assert address in pptx and address in pdf


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_titles_and_footers_stay_in_their_bands(data, lang: str) -> None:
    """A long French title stays on one line in its band, clear of the page tag, and a slide
    with five notes keeps them all on the page (they ran off its foot)."""
    from alliance.report import HEIGHT_IN

    pack = build_pack(data, lang, TODAY, flows=FLOWS, flows_source="erasmus.csv",
                      flows_synthetic=True)
    pages = PdfReader(io.BytesIO(to_pdf(pack))).pages
    height = HEIGHT_IN * 72
    for slide, page in list(zip(pack.slides, pages, strict=True))[1:]:
        runs: list[tuple[str, float, float, float]] = []

        def visit(text, cm, tm, font, size, runs=runs) -> None:  # where it lands on the page
            if text.strip():
                runs.append((text, cm[4] + tm[4] * cm[0] + tm[5] * cm[2],
                             cm[5] + tm[4] * cm[1] + tm[5] * cm[3], size))
        page.extract_text(visitor_text=visit)
        title = [r for r in runs if r[3] >= 14 and _spaces(r[0]).strip()
                 and _spaces(r[0]).strip() in _spaces(slide.title)]
        assert title, slide.title
        assert all(height - y <= 0.95 * 72 for _, _, y, _ in title), (slide.title, title)
        assert all(y >= 0.05 * 72 for _, _, y, _ in runs), (slide.kind, min(runs,
                                                                          key=lambda r: r[2]))
