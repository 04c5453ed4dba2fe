"""The board pack: the meeting slides, scorecard, funding, key dates and sources as PowerPoint
(native, editable charts) and as PDF, both drawn from one list of slides."""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd

from alliance import indicators as ind
from alliance.dataset import Dataset
from alliance.geo import member_points, wave_names
from alliance.i18n import (
    format_date,
    format_number,
    format_when,
    in_language,
    mark_examples,
    t,
    value_label,
)
from alliance.maps import wave_label
from alliance.overview import (
    headlines,
    key_dates,
    lead,
    members_table,
    next_activities,
    published,
    summarise,
)
from alliance.theme import DEFAULT, colors
from alliance.timeline import membership_by_year, opportunities_by_audience

FORMATS = ("pptx", "pdf")
MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf"}
SCORE_ROWS_PER_SLIDE = 10  # table rows (indicators and dimension headings) on one slide
SOURCES_SHOWN = 20  # addresses per sources slide: long ones wrap, and all must fit
SOURCE_CHARS = 48
SECOND_SERIES = "#6B8BC4"  # a lighter shade of the primary, for a third series


# -- The pack as data ----------------------------------------------------------------------

@dataclass
class Figures:
    """Headline numbers in boxes: (label, value)."""

    items: list[tuple[str, str]]


@dataclass
class Bullets:
    lines: list[str]
    numbered: bool = False
    heading: str = ""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    headings: set[int] = field(default_factory=set)  # rows drawn as group headings


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class XySeries:
    name: str
    points: list[tuple[float, float]]
    labels: list[str] | None = None  # one per point, shown next to it
    line: bool = True


@dataclass
class Chart:
    """A chart both renderers draw natively: 'bar' (horizontal), 'column' or 'xy'."""

    kind: str
    title: str
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    xy: list[XySeries] = field(default_factory=list)
    number_format: str = "#,##0"
    stacked: bool = False  # series share one bar per category (at most one value each)


Block = Figures | Bullets | Table | Chart


@dataclass
class Slide:
    kind: str  # what the slide is, for readers of the file and for tests
    title: str
    blocks: list[Block]
    footer: list[str] = field(default_factory=list)
    subtitle: str = ""


@dataclass
class Pack:
    lang: str
    title: str
    name: str
    primary: str
    accent: str
    slides: list[Slide]


# -- Building the slides -------------------------------------------------------------------

def _clean(value: object) -> str:
    """Any cell as text: '' for missing values, so no 'nan' or '<NA>' reaches a slide."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def short_source(source: object) -> str:
    """The first address of a source cell without its scheme and 'www.': easy to read."""
    text = _clean(source).split()
    if not text:
        return "–"
    parts = urlsplit(text[0])
    host = parts.netloc.removeprefix("www.")
    shown = (host + parts.path).rstrip("/") or text[0]
    # The sources slide lists every address in full; a table cell keeps a readable start.
    return shown if len(shown) <= SOURCE_CHARS else shown[:SOURCE_CHARS - 1] + "…"


def _data_line(files: Sequence[str], saved: dt.date | None, lang: str) -> str:
    # A copy without history has no save date: say nothing rather than "saved on –".
    if saved is None:
        return t("report.data_line_undated", lang, files=", ".join(files))
    return t("report.data_line", lang, files=", ".join(files), date=format_date(saved, lang))


def _source_line(source: str, saved: dt.date | None, lang: str) -> str:
    if saved is None:
        return t("report.source_line_undated", lang, source=source)
    return t("report.source_line", lang, source=source, date=format_date(saved, lang))


def _number(value: object, lang: str) -> str:
    text = _clean(value)
    return format_number(float(value), lang) if text else "–"


def build_pack(data: Dataset, lang: str, today: dt.date,
               flows: pd.DataFrame | None = None, flows_source: str = "",
               flows_synthetic: bool = False) -> Pack:
    """Every slide of the board pack, in `lang`, from the validated tables and, when given,
    the imported Erasmus+ rows that touch a member (`alliance.mobility.query.member_flows`;
    a synthetic sample's figures are marked as examples)."""
    tables = data.tables
    identity = data.identity.get("alliance", {}) if isinstance(data.identity, Mapping) else {}
    acronym = _clean(identity.get("acronym")) or t("app.title", lang)
    name = _clean(identity.get("name"))
    saved = data.saved_on
    indicators, values = ind.with_mobility(tables["indicators"], tables["indicator_values"],
                                           flows, flows_source, saved, flows_synthetic)
    slides = [
        Slide("title", f"{acronym} · {t('report.title', lang)}", [Bullets([lead(identity, lang)])],
              subtitle=t("report.subtitle", lang, date=format_date(saved, lang),
                         today=format_date(today, lang)) if saved else
              t("report.subtitle_undated", lang, today=format_date(today, lang))),
        _overview(tables, lang, today, saved),
        _map(tables, lang, saved),
        _timeline(tables, lang, today, saved),
        _opportunities(tables, lang, today, saved),
        *_scorecard(indicators, values, lang),
        *_over_time(indicators, values, tables["milestones"], lang),
        _members(tables, indicators, values, lang, saved, flows, flows_synthetic),
        _funding(tables["projects"], lang, saved),
        *([_mobility(flows, flows_source, flows_synthetic, tables["universities"], lang, saved)]
          if not ind.mobility_by_member(flows).empty else []),
        _key_dates(tables["milestones"], lang, saved),
        *_sources(data, indicators, values, lang),
    ]
    chosen = colors(data.identity) if isinstance(data.identity, Mapping) else DEFAULT
    return Pack(lang, acronym, name, chosen.primary.upper(), chosen.accent.upper(), slides)


def _overview(tables: Mapping[str, pd.DataFrame], lang: str, today: dt.date,
              saved: dt.date | None) -> Slide:
    summary = summarise(dict(tables), today)
    dates = key_dates(tables["milestones"], lang)
    dates = dates[dates["highlight"]]
    figures = headlines(summary, lang)
    return Slide("overview", t("meeting.slide.overview", lang), [
        Figures([(h.label, h.shown) for h in figures]),
        Bullets([f"{format_date(d, lang)} · {w}"
                 for d, w in zip(dates["date"], dates["title"], strict=True)],
                heading=t("overview.key_dates", lang)),
    ], [*(h.note for h in figures if h.note),
        _data_line(["universities.csv", "locations.csv", "activities.csv", "milestones.csv"],
                   saved, lang)])


def _map(tables: Mapping[str, pd.DataFrame], lang: str, saved: dt.date | None) -> Slide:
    points = member_points(tables["universities"], tables["locations"])
    members = members_table(tables["universities"])
    waves = wave_names(points) if len(points) else {}
    wave_of = dict(zip(points["id"], points["wave"], strict=True)) if len(points) else {}
    rows = []
    for row in members.itertuples(index=False):
        wave = wave_of.get(row.id)
        label = wave_label(*waves[wave], lang) if wave in waves else "–"
        students = _number(row.students, lang)
        if _clean(row.students_as_of):  # in words: "(December 2023)", not the file's "2023-12"
            students += f" ({format_when(row.students_as_of, lang)})"
        rows.append([_clean(row.name), _clean(row.country), label, students])
    chart = Chart("bar", t("report.members_chart", lang), categories=list(members["id"]),
                  series=[Series(t("col.students", lang),
                                 [None if not _clean(v) else float(v)
                                  for v in members["students"]])])
    return Slide("map", t("meeting.slide.map", lang), [
        Table([t("col.name", lang), t("col.country", lang), t("map.hover.joined", lang),
               t("col.students", lang)], rows, [3.0, 1.1, 2.2, 1.6]),
        chart,
    ], [_data_line(["universities.csv", "locations.csv"], saved, lang)])


def _timeline(tables: Mapping[str, pd.DataFrame], lang: str, today: dt.date,
              saved: dt.date | None) -> Slide:
    by_year = membership_by_year(tables["universities"], today.year)
    chart = Chart("column", t("report.membership_chart", lang),
                  categories=[str(int(y)) for y in by_year["year"]],
                  series=[Series(t("report.members_series", lang),
                                 [float(v) for v in by_year["members"]]),
                          Series(t("report.countries_series", lang),
                                 [float(v) for v in by_year["countries"]])])
    marks = ind.milestone_marks(tables["milestones"], lang)
    return Slide("timeline", t("meeting.slide.timeline", lang), [
        chart,
        Bullets([f"{format_date(d, lang)} · {w}"
                 for d, w in zip(marks["date"], marks["title"], strict=True)], numbered=True,
                heading=t("overview.key_dates", lang)),
    ], [_data_line(["universities.csv", "milestones.csv"], saved, lang)])


def _opportunities(tables: Mapping[str, pd.DataFrame], lang: str, today: dt.date,
                   saved: dt.date | None) -> Slide:
    # Published rows only, as the overview's headline figures count them.
    counts = opportunities_by_audience(published(tables["activities"]), today)
    chart = Chart("column", t("report.opportunities_chart", lang),
                  categories=[value_label(a, lang) for a in counts["audience"]],
                  series=[Series(t(f"report.{c}", lang), [float(v) for v in counts[c]])
                          for c in ("open_now", "running", "upcoming")])
    soon = next_activities(tables["activities"], today, limit=5)
    footer = [_data_line(["activities.csv"], saved, lang)]
    if len(soon):
        rows = [[_clean(title), value_label(_clean(a), lang), format_date(_clean(s) or None,
                                                                          lang)]
                for title, a, s in zip(mark_examples(soon["title"], soon["illustrative"], lang),
                                       soon["audience"], soon["start"], strict=True)]
        block: Block = Table([t("col.title", lang), t("col.audience", lang),
                              t("col.starts", lang)], rows, [3.4, 1.5, 1.6])
        if soon["illustrative"].fillna(False).any():
            footer.append(t("overview.illustrative_note", lang))
    else:
        block = Bullets([t("report.no_upcoming", lang)])
    return Slide("opportunities", t("meeting.slide.opportunities", lang), [chart, block], footer)


def _score_row(score: ind.Score, lang: str) -> list[str]:
    latest = ind.format_value(score.latest, score.unit, lang, score.approximate)
    if score.latest is None:
        latest = t("progress.no_value", lang)
    elif score.illustrative:
        latest += f" ({t('overview.illustrative', lang)})"
    name = score.name + (f" ({t('progress.computed', lang)})" if score.computed else "")
    return [name, latest, ind.trend_text(score, lang), ind.target_text(score, lang),
            ind.distance_text(score, lang), format_date(score.as_of or score.period, lang),
            short_source(score.source)]


def _scorecard(indicators: pd.DataFrame, values: pd.DataFrame, lang: str) -> list[Slide]:
    rows: list[list[str]] = []
    headings: list[int] = []
    for dimension, scores in ind.by_dimension(ind.scorecard(indicators, values, lang)).items():
        headings.append(len(rows))
        rows.append([t(f"dimension.{dimension}", lang)] + [""] * 6)
        if not scores:
            rows.append([t("progress.dimension_empty", lang)] + [""] * 6)
        rows.extend(_score_row(s, lang) for s in scores)
    header = [t(f"progress.col.{c}", lang)
              for c in ("indicator", "latest", "trend", "target", "distance", "as_of", "source")]
    chunks: list[tuple[int, int]] = []
    start = 0
    while start < len(rows):
        end = min(start + SCORE_ROWS_PER_SLIDE, len(rows))
        if end < len(rows) and (end - 1) in headings:  # never end a slide on a heading
            end -= 1
        chunks.append((start, end))
        start = end
    slides = []
    footer = [t("progress.approximate_note", lang), _data_line(
        ["indicators.csv", "indicator_values.csv"], None, lang).split(" · ")[0]]
    if any(r[1].endswith(f"({t('overview.illustrative', lang)})") for r in rows):
        footer.append(t("progress.example_note", lang))
    for part, (first, last) in enumerate(chunks, start=1):
        title = t("report.scorecard", lang) if len(chunks) == 1 else \
            t("report.scorecard_part", lang, part=part, parts=len(chunks))
        slides.append(Slide("scorecard", title, [Table(
            header, rows[first:last], [3.3, 1.3, 1.5, 1.5, 1.0, 1.1, 3.1],
            {h - first for h in headings if first <= h < last})], footer))
    return slides


def _decimal_year(when: pd.Timestamp) -> float:
    start = pd.Timestamp(year=when.year, month=1, day=1)
    length = (pd.Timestamp(year=when.year + 1, month=1, day=1) - start).days
    return round(when.year + (when - start).days / length, 3)


def _over_time(indicators: pd.DataFrame, values: pd.DataFrame, milestones: pd.DataFrame,
               lang: str) -> list[Slide]:
    slides = []
    named = dict(zip(indicators["id"], ind.names(indicators, lang), strict=True))
    units = dict(zip(indicators["id"], indicators["unit"], strict=True))
    for indicator_id in ind.charted(indicators, values):
        points = ind.series(values, indicator_id)
        first, last = points["when"].min(), points["when"].max()
        marks = ind.milestone_marks(milestones, lang, first - pd.Timedelta(days=120),
                                    last + pd.Timedelta(days=120))
        name = named[indicator_id]
        chart = Chart("xy", name, xy=[XySeries(t("progress.chart.value", lang), [
            (_decimal_year(w), float(v)) for w, v in zip(points["when"], points["value"],
                                                         strict=True)])],
            number_format="0")
        if len(marks):
            chart.xy.append(XySeries(t("progress.chart.milestones", lang),
                                     [(_decimal_year(w), 0.0) for w in marks["when"]],
                                     [str(n) for n in marks["number"]], line=False))
        unit = units[indicator_id]
        example = f" ({t('overview.illustrative', lang)})"
        lines = [t("report.value_line", lang, date=format_date(p, lang),
                   value=ind.format_value(float(v), unit, lang, ind.flag(a)))
                 + (example if ind.flag(e) else "")
                 for p, v, a, e in zip(points["period"], points["value"],
                                       points["approximate"], points["illustrative"],
                                       strict=True)]
        dates = [f"{n}. {format_date(d, lang)} · {w}" for n, d, w in
                 zip(marks["number"], marks["date"], marks["title"], strict=True)]
        footer = [t("report.source_line", lang, source=", ".join(
            dict.fromkeys(short_source(s) for s in points["source"])),
            date=format_date(_clean(points["as_of"].dropna().max()) or None, lang))]
        slides.append(Slide("over_time", t("report.over_time", lang, name=name),
                            [chart, Bullets(lines + (["", *dates] if dates else []),
                                            heading=t("progress.chart.value", lang))], footer))
    return slides


def _named(universities: pd.DataFrame, lang: str) -> Callable[[str], str]:
    """A member's name in `lang` with the acronym the charts use: "University of Mons
    (UMONS)"; an id that is no member stays as it is."""
    names = dict(zip(universities["id"], in_language(universities, "name", lang), strict=True))
    return lambda member: f"{names[member]} ({member})" if member in names else member


def _members(tables: Mapping[str, pd.DataFrame], indicators: pd.DataFrame,
             values: pd.DataFrame, lang: str, saved: dt.date | None,
             flows: pd.DataFrame | None, synthetic: bool = False) -> Slide:
    frame = ind.members_side_by_side(tables["universities"], tables["activities"], indicators,
                                     values, lang, flows)
    extra = [c for c in frame.columns
             if c not in ("id", "name", "students", "students_as_of", "activities", "sent",
                          "received")]
    header = [t("progress.col.member", lang), t("col.students", lang),
              t("progress.col.activities", lang)]
    if "sent" in frame:
        header += [t("progress.col.sent", lang), t("progress.col.received", lang)]
    header += extra
    marked = values[values["illustrative"].map(ind.flag)] if len(values) else values
    named = dict(zip(ind.names(indicators, lang), indicators["id"], strict=True))
    examples = set(zip(marked["indicator_id"], marked["university_id"], strict=True))
    example = f" ({t('overview.illustrative', lang)})"
    member_name = _named(tables["universities"], lang)
    rows = []
    for row in frame.to_dict("records"):
        # Named, with the acronym the chart beside it uses, so a reader can match the two;
        # by acronym alone when mobility and indicator columns leave no room (the mobility
        # slide names them).
        named_row = len(header) <= 4
        cells = [member_name(row["id"]) if named_row else row["id"],
                 _number(row["students"], lang), _number(row["activities"], lang)]
        if "sent" in frame:
            cells += [_number(row[c], lang) + (example if synthetic else "")
                      for c in ("sent", "received")]
        for column in extra:
            text = _number(row[column], lang)
            if (named.get(column), row["id"]) in examples and text != "–":
                text += example
            cells.append(text)
        rows.append(cells)
    chart = Chart("column", t("progress.chart.activities", lang), categories=list(frame["id"]),
                  series=[Series(t("progress.chart.activities", lang),
                                 [float(v) for v in frame["activities"]])])
    footer = [t("progress.members_note", lang),
              _data_line(["universities.csv", "activities.csv", "indicator_values.csv"], saved,
                         lang)]
    if "sent" in frame:
        footer.insert(1, t("progress.mobility_rule", lang)
                      + (" " + t("progress.mobility_synthetic", lang) if synthetic else ""))
    return Slide("members", t("report.members", lang),
                 [Table(header, rows, ([2.6, 1.0, 1.0] if len(header) <= 4 else [1.0, 1.2, 1.2])
                        + [1.2] * (len(header) - 3)), chart],
                 footer)


def _funding(projects: pd.DataFrame, lang: str, saved: dt.date | None) -> Slide:
    money = ind.funding(projects)
    kinds = [k for k in ("total_budget", "max_eu_grant", "unknown") if k in set(money["kind"])]
    spans = [f"{format_date(s, lang)} – {format_date(_clean(e) or None, lang)}"
             for s, e in zip(money["start"], money["end"], strict=True)]
    categories = [f"{n} ({span})" for n, span in zip(money["name"], spans, strict=True)]
    chart = Chart("bar", t("progress.chart.amount", lang), categories=categories,
                  series=[Series(ind.amount_label(k, lang),
                                 [round(a / 1e6, 3) if kind == k else None
                                  for a, kind in zip(money["amount"], money["kind"],
                                                     strict=True)]) for k in kinds],
                  number_format="0.0#", stacked=True)
    rows = [[_clean(n), _clean(p), runs, ind.format_money(a, lang), ind.amount_label(k, lang)]
            for n, p, runs, a, k in zip(money["name"], money["programme"], spans,
                                        money["amount"], money["kind"], strict=True)]
    blocks: list[Block] = [chart, Table(
        [t("progress.col.project", lang), t("progress.col.programme", lang),
         t("progress.col.runs", lang), t("progress.col.amount", lang),
         t("progress.col.kind", lang)], rows, [1.6, 2.2, 1.9, 1.5, 1.7])] if len(money) else \
        [Bullets([t("progress.funding_empty", lang)])]
    footer = [t("progress.funding_note", lang),
              _source_line(", ".join(dict.fromkeys(short_source(s) for s in money["source"]))
                           or "–", saved, lang)]
    return Slide("funding", t("report.funding", lang), blocks, footer)


def _mobility(flows: pd.DataFrame | None, source: str, synthetic: bool,
              universities: pd.DataFrame, lang: str, saved: dt.date | None) -> Slide:
    mobility = ind.mobility_by_member(flows)
    example = f" ({t('overview.illustrative', lang)})" if synthetic else ""
    chart = Chart("column", t("report.mobility", lang), categories=list(mobility["id"]),
                  series=[Series(t("progress.col.sent", lang) + example,
                                 [float(v) for v in mobility["sent"]]),
                          Series(t("progress.col.received", lang) + example,
                                 [float(v) for v in mobility["received"]])])
    # The chart names members by acronym, for room; the table beside it names them in full.
    member_name = _named(universities, lang)
    rows = [[member_name(i), _number(a, lang) + example, _number(b, lang) + example]
            for i, a, b in zip(mobility["id"], mobility["sent"], mobility["received"],
                               strict=True)]
    table = Table([t("col.name", lang), t("progress.col.sent", lang),
                   t("progress.col.received", lang)], rows, [2.6, 1.0, 1.0])
    return Slide("mobility", t("report.mobility", lang), [table, chart], [
        t("progress.computed", lang).capitalize() + ". " + t("progress.mobility_rule", lang),
        *([t("progress.mobility_synthetic", lang)] if synthetic else []),
        _source_line(short_source(source), saved, lang)])


def _key_dates(milestones: pd.DataFrame, lang: str, saved: dt.date | None) -> Slide:
    dates = key_dates(milestones, lang, limit=12)
    rows = [[format_date(d, lang), ("★ " if h else "") + _clean(w), value_label(_clean(c), lang)]
            for d, w, c, h in zip(dates["date"], dates["title"], dates["category"],
                                  dates["highlight"], strict=True)]
    return Slide("key_dates", t("report.key_dates", lang), [Table(
        [t("col.date", lang), t("col.what", lang), t("col.category", lang)], rows,
        [1.6, 6, 1.4])], [_data_line(["milestones.csv"], saved, lang)])


def _sources(data: Dataset, indicators: pd.DataFrame, values: pd.DataFrame,
             lang: str) -> list[Slide]:
    seen: dict[str, None] = {}
    columns = [values["source"], indicators["source"], indicators.get("target_source"),
               data.tables["projects"]["source"], data.tables["milestones"]["source"],
               data.tables["universities"]["source"]]
    for column in columns:
        if column is None:
            continue
        for cell in column.dropna():
            for address in str(cell).split():
                seen.setdefault(address, None)
    for figure in data.identity.get("figures", []) if isinstance(data.identity, Mapping) else []:
        if isinstance(figure, Mapping):
            for address in _clean(figure.get("source")).split():
                seen.setdefault(address, None)
    addresses = list(seen)
    # Every address is listed: past what one slide holds they continue on the next, so the
    # PDF and the PowerPoint show the same sources; the slides share them evenly.
    per_slide = -(-len(addresses) // max(1, -(-len(addresses) // SOURCES_SHOWN)))
    parts = [addresses[i:i + per_slide]
             for i in range(0, len(addresses), per_slide)] if addresses else [[]]
    return [Slide("sources", t("report.sources", lang) if len(parts) == 1 else
                  t("report.sources_part", lang, part=n, parts=len(parts)),
                  [Bullets([t("report.sources_intro", lang), "", *lines])])
            for n, lines in enumerate(parts, start=1)]


# -- PowerPoint ----------------------------------------------------------------------------

WIDTH_IN, HEIGHT_IN = 13.333, 7.5  # 16:9
MARGIN_IN, TOP_IN, FOOT_IN = 0.5, 1.25, 0.75
TITLE_IN = 10.8  # a slide title's width, clear of the "EUNICE · 9" tag at the right
FIGURE_H = 1.15  # a headline figure's box: a label of up to three lines, then the value
GREY = "#4A5563"
LIGHT = "#EEF2F8"


def _rgb(hex_colour: str) -> object:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


def _series_colours(pack: Pack) -> list[str]:
    return [pack.primary, pack.accent, SECOND_SERIES, GREY]


def to_pptx(pack: Pack) -> bytes:
    """The pack as a 16:9 PowerPoint file with native charts, one slide per pack slide."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    deck.core_properties.title = f"{pack.title} · {t('report.title', pack.lang)}"
    deck.core_properties.language = pack.lang
    blank = deck.slide_layouts[6]
    for number, slide in enumerate(pack.slides, start=1):
        page = deck.slides.add_slide(blank)
        if slide.kind == "title":
            _pptx_title_slide(page, pack, slide)
            continue
        _pptx_frame(page, pack, slide, number)
        for box, block in zip(_layout(slide.blocks), slide.blocks, strict=True):
            _pptx_block(page, pack, block, box)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _layout(blocks: Sequence[Block]) -> list[tuple[float, float, float, float]]:
    """Where each block goes, in inches (x, y, w, h): one block fills the page; two share
    it, figures and tables above or beside a chart."""
    x, y = MARGIN_IN, TOP_IN
    w, h = WIDTH_IN - 2 * MARGIN_IN, HEIGHT_IN - TOP_IN - FOOT_IN - 0.15
    if len(blocks) == 1:
        return [(x, y, w, h)]
    first, second = blocks[0], blocks[1]
    if isinstance(first, Figures):
        return [(x, y, w, 2 * FIGURE_H + 0.15), (x, y + 2 * FIGURE_H + 0.35,
                                                 w, h - 2 * FIGURE_H - 0.35)]
    if isinstance(first, Chart) and isinstance(second, Table) and len(second.header) >= 5:
        return [(x, y, w, h * 0.55), (x, y + h * 0.58, w, h * 0.42)]
    left = w * 0.56 if not isinstance(first, Chart) else w * 0.6
    return [(x, y, left - 0.15, h), (x + left + 0.15, y, w - left - 0.15, h)]


def _pptx_text(frame: object, lines: Sequence[str], size: float, colour: str = "#1B1F24",
               bold: bool = False) -> None:
    from pptx.util import Pt

    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)


def _pptx_rect(page: object, x: float, y: float, w: float, h: float, colour: str) -> object:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    shape = page.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w),
                                  Inches(h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _pptx_title_slide(page: object, pack: Pack, slide: Slide) -> None:
    from pptx.util import Inches

    _pptx_rect(page, 0, 0, WIDTH_IN, HEIGHT_IN, pack.primary)
    _pptx_rect(page, MARGIN_IN, 3.55, 3.0, 0.08, pack.accent)
    box = page.shapes.add_textbox(Inches(MARGIN_IN), Inches(1.4), Inches(12), Inches(2.1))
    _pptx_text(box.text_frame, [slide.title], 40, "#FFFFFF", bold=True)
    _pptx_text_add(box.text_frame, pack.name, 22, "#FFFFFF")
    body = page.shapes.add_textbox(Inches(MARGIN_IN), Inches(3.85), Inches(11.5), Inches(2.4))
    lines = [line for block in slide.blocks if isinstance(block, Bullets) for line in block.lines]
    _pptx_text(body.text_frame, [*lines, "", slide.subtitle], 16, "#FFFFFF")


def _pptx_text_add(frame: object, line: str, size: int, colour: str) -> None:
    from pptx.util import Pt

    run = frame.add_paragraph().add_run()
    run.text = line
    run.font.size = Pt(size)
    run.font.color.rgb = _rgb(colour)


def _pptx_frame(page: object, pack: Pack, slide: Slide, number: int) -> None:
    from pptx.util import Inches

    _pptx_rect(page, 0, 0, WIDTH_IN, 0.95, pack.primary)
    _pptx_rect(page, 0, 0.95, WIDTH_IN, 0.06, pack.accent)
    title = page.shapes.add_textbox(Inches(MARGIN_IN), Inches(0.14), Inches(TITLE_IN + 0.2),
                                    Inches(0.7))
    _pptx_text(title.text_frame, [slide.title],
               _fitted([slide.title], TITLE_IN, 0.6, 26, bold=True), "#FFFFFF", bold=True)
    tag = page.shapes.add_textbox(Inches(WIDTH_IN - 1.6), Inches(0.3), Inches(1.3), Inches(0.4))
    _pptx_text(tag.text_frame, [f"{pack.title} · {number}"], 12, "#FFFFFF")
    if slide.footer:
        foot = page.shapes.add_textbox(Inches(MARGIN_IN), Inches(HEIGHT_IN - FOOT_IN),
                                       Inches(WIDTH_IN - 2 * MARGIN_IN), Inches(FOOT_IN - 0.1))
        _pptx_text(foot.text_frame, slide.footer,
                   _fitted(slide.footer, WIDTH_IN - 2 * MARGIN_IN - 0.2, FOOT_IN - 0.15, 10),
                   GREY)


def _pptx_block(page: object, pack: Pack, block: Block,
                box: tuple[float, float, float, float]) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches

    x, y, w, h = box
    if isinstance(block, Figures):
        per_row = 4
        cell_w, cell_h = (w - 0.2 * (per_row - 1)) / per_row, FIGURE_H
        for i, (label, value) in enumerate(block.items):
            cx = x + (i % per_row) * (cell_w + 0.2)
            cy = y + (i // per_row) * (cell_h + 0.15)
            shape = _pptx_rect(page, cx, cy, cell_w, cell_h, LIGHT)
            frame = shape.text_frame
            frame.vertical_anchor = MSO_ANCHOR.TOP
            _pptx_text(frame, [label], 11, GREY)
            _pptx_text_add(frame, value, 24, pack.primary)
            for paragraph in frame.paragraphs:
                paragraph.alignment = PP_ALIGN.LEFT
            frame.paragraphs[-1].runs[0].font.bold = True
    elif isinstance(block, Bullets):
        text = page.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        lines = [f"{i}. {line}" if block.numbered else line
                 for i, line in enumerate(block.lines, start=1)]
        size = 13 if len(lines) > 10 else 15
        if block.heading:
            _pptx_text(text.text_frame, [block.heading], size + 1, pack.primary, bold=True)
            for line in lines:
                _pptx_text_add(text.text_frame, line, size, "#1B1F24")
        else:
            _pptx_text(text.text_frame, lines, size)
    elif isinstance(block, Table):
        _pptx_table(page, pack, block, box)
    else:
        _pptx_chart(page, pack, block, box)


def _pptx_table(page: object, pack: Pack, block: Table,
                box: tuple[float, float, float, float]) -> None:
    from pptx.util import Emu, Inches, Pt

    x, y, w, h = box
    rows = len(block.rows) + 1
    row_h = min(0.42, h / max(rows, 1))
    shape = page.shapes.add_table(rows, len(block.header), Inches(x), Inches(y), Inches(w),
                                  Inches(row_h * rows))
    table = shape.table
    weights = block.widths or [1.0] * len(block.header)
    total = sum(weights)
    for i, weight in enumerate(weights):
        table.columns[i].width = Emu(int(Inches(w) * weight / total))
    size = 11 if rows <= 9 else 10
    for r in range(rows):
        short = r > 0 and (r - 1) in block.headings
        table.rows[r].height = Inches(0.3 if short or r == 0 else row_h)
        cells = block.header if r == 0 else block.rows[r - 1]
        heading = r > 0 and (r - 1) in block.headings
        for c in range(len(block.header)):
            cell = table.cell(r, c)
            cell.margin_top = cell.margin_bottom = Pt(1)
            frame = cell.text_frame
            frame.word_wrap = True
            run = frame.paragraphs[0].add_run()
            run.text = cells[c] if c < len(cells) else ""
            run.font.size = Pt(size)
            run.font.bold = r == 0 or heading
            cell.fill.solid()
            if r == 0:
                cell.fill.fore_color.rgb = _rgb(pack.primary)
                run.font.color.rgb = _rgb("#FFFFFF")
            elif heading:
                cell.fill.fore_color.rgb = _rgb("#FCEFCC")
                run.font.color.rgb = _rgb(pack.primary)
            else:
                cell.fill.fore_color.rgb = _rgb("#FFFFFF" if r % 2 else LIGHT)
                run.font.color.rgb = _rgb("#1B1F24")
        if heading:
            table.cell(r, 0).merge(table.cell(r, len(block.header) - 1))


def _pptx_chart(page: object, pack: Pack, block: Chart,
                box: tuple[float, float, float, float]) -> None:
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.enum.chart import (
        XL_CHART_TYPE,
        XL_LEGEND_POSITION,
        XL_MARKER_STYLE,
    )
    from pptx.util import Inches, Pt

    x, y, w, h = box
    colours = _series_colours(pack)
    # LibreOffice drops an XY series that is longer than the first one: longest first.
    xy = sorted(block.xy, key=lambda s: -len(s.points))
    if block.kind == "xy":
        data = XyChartData()
        for serie in xy:
            target = data.add_series(serie.name)
            for px, py in serie.points:
                target.add_data_point(px, py)
        kind = XL_CHART_TYPE.XY_SCATTER_LINES
    else:
        # Horizontal bars are drawn bottom-up: the data go in reversed so the first category
        # is on top, with the value axis left at the bottom where readers look for it.
        flip = (lambda items: list(items)[::-1]) if block.kind == "bar" else list
        data = CategoryChartData(number_format=block.number_format)
        data.categories = flip(block.categories)
        for serie in block.series:
            data.add_series(serie.name, flip(serie.values))
        kind = {("bar", False): XL_CHART_TYPE.BAR_CLUSTERED,
                ("bar", True): XL_CHART_TYPE.BAR_STACKED,
                ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
                ("column", True): XL_CHART_TYPE.COLUMN_STACKED}[(block.kind, block.stacked)]
    frame = page.shapes.add_chart(kind, Inches(x), Inches(y), Inches(w), Inches(h), data)
    chart = frame.chart
    chart.font.size = Pt(11)
    chart.has_title = True
    chart.chart_title.text_frame.text = block.title
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    count = len(block.xy) if block.kind == "xy" else len(block.series)
    chart.has_legend = count > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if block.kind != "xy":
        plot.gap_width = 60
        plot.overlap = 100 if block.stacked else 0
        chart.value_axis.tick_labels.number_format = block.number_format
        chart.value_axis.tick_labels.number_format_is_linked = False
        chart.value_axis.has_major_gridlines = True
    for i, serie in enumerate(plot.series):
        colour = _rgb(colours[i % len(colours)])
        if block.kind == "xy":
            spec = xy[i]
            colour = _rgb(colours[block.xy.index(spec) % len(colours)])
            serie.marker.style = XL_MARKER_STYLE.CIRCLE if spec.line else XL_MARKER_STYLE.DIAMOND
            serie.marker.size = 9 if spec.line else 12
            serie.marker.format.fill.solid()
            serie.marker.format.fill.fore_color.rgb = colour
            if spec.line:
                serie.format.line.color.rgb = colour
                serie.format.line.width = Pt(2.5)
            else:
                serie.format.line.fill.background()
            if spec.labels:
                for point, label in zip(serie.points, spec.labels, strict=True):
                    point.data_label.text_frame.text = label
        else:
            serie.format.fill.solid()
            serie.format.fill.fore_color.rgb = colour
    if block.kind == "xy":
        chart.value_axis.minimum_scale = 0
        chart.category_axis.tick_labels.number_format = "0"
        chart.category_axis.tick_labels.number_format_is_linked = False
        xs = [px for serie in block.xy for px, _ in serie.points]
        chart.category_axis.minimum_scale = float(int(min(xs)))
        chart.category_axis.maximum_scale = float(int(max(xs)) + 1)
        chart.category_axis.major_unit = 1.0


# -- PDF -----------------------------------------------------------------------------------
# reportlab draws the same pages: its own vector charts from the same series, text in the
# Vera font that ships inside reportlab, so a fresh machine needs nothing else.

PT = 72.0  # points per inch
FONT, BOLD = "AllianceVera", "AllianceVeraBold"
_FALLBACK = {"\u202f": "\u00a0", "★": "*", "→": "›"}


def _fonts() -> set[int]:
    """Register the fonts once; the code points they can draw."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, os.path.join(folder, "VeraBd.ttf")))
    return set(pdfmetrics.getFont(FONT).face.charToGlyph)


def printable(text: str, glyphs: set[int]) -> str:
    """Text the font can draw: its own fallbacks, then the letter without its accent
    (ń → n), else '?'. Nothing is dropped silently."""
    out = []
    for char in text:
        if ord(char) in glyphs or char in "\n":
            out.append(char)
            continue
        if char in _FALLBACK and all(ord(c) in glyphs for c in _FALLBACK[char]):
            out.append(_FALLBACK[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) in glyphs
                       and not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)


def to_pdf(pack: Pack) -> bytes:
    """The pack as a PDF of 16:9 pages, one per slide, with vector charts."""
    from reportlab.pdfgen import canvas

    glyphs = _fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(WIDTH_IN * PT, HEIGHT_IN * PT))
    page.setTitle(printable(f"{pack.title} · {t('report.title', pack.lang)}", glyphs))
    page.setAuthor(printable(pack.name, glyphs))
    page.setSubject(t("report.title", pack.lang))
    for number, slide in enumerate(pack.slides, start=1):
        if slide.kind == "title":
            _pdf_title(page, pack, slide, glyphs)
        else:
            _pdf_frame(page, pack, slide, number, glyphs)
            for box, block in zip(_layout(slide.blocks), slide.blocks, strict=True):
                _pdf_block(page, pack, block, box, glyphs)
        page.showPage()
    page.save()
    return buffer.getvalue()


def _hex(colour: str) -> object:
    from reportlab.lib.colors import HexColor

    return HexColor(colour)


def _y(inches_from_top: float) -> float:
    return (HEIGHT_IN - inches_from_top) * PT


def _fitted(lines: Sequence[str], width: float, height: float, size: float,
            bold: bool = False, leading: float = 1.3, floor: float = 6.5) -> float:
    """The largest font size, from `size` down to `floor` by half points, at which `lines`
    wrapped to `width` inches take at most `height` inches: a long French title or a
    footer of five notes shrinks to its band instead of running out of it. Measured with
    the PDF's font (wider than PowerPoint's usual ones, so it fits there too)."""
    from reportlab.lib.utils import simpleSplit

    glyphs = _fonts()
    font = BOLD if bold else FONT
    while size > floor:
        count = sum(len(simpleSplit(printable(line, glyphs), font, size, width * PT)) or 1
                    for line in lines)
        if size + (count - 1) * size * leading <= height * PT:
            break
        size -= 0.5
    return size


def _pdf_lines(page: object, lines: Sequence[str], x: float, top: float, width: float,
               size: float, glyphs: set[int], colour: str = "#1B1F24", bold: bool = False,
               leading: float = 1.3, bottom: float | None = None) -> float:
    """Wrapped lines from `top` (inches from the top); returns where the text ends."""
    from reportlab.lib.utils import simpleSplit

    font = BOLD if bold else FONT
    page.setFont(font, size)
    page.setFillColor(_hex(colour))
    y = top * PT + size
    for line in lines:
        for part in simpleSplit(printable(line, glyphs), font, size, width * PT) or [""]:
            if bottom is not None and y > bottom * PT:
                return y / PT
            page.drawString(x * PT, HEIGHT_IN * PT - y, part)
            y += size * leading
    return y / PT


def _pdf_title(page: object, pack: Pack, slide: Slide, glyphs: set[int]) -> None:
    page.setFillColor(_hex(pack.primary))
    page.rect(0, 0, WIDTH_IN * PT, HEIGHT_IN * PT, stroke=0, fill=1)
    page.setFillColor(_hex(pack.accent))
    page.rect(MARGIN_IN * PT, _y(3.63), 3.0 * PT, 0.08 * PT, stroke=0, fill=1)
    _pdf_lines(page, [slide.title], MARGIN_IN + 0.1, 1.5, 12, 40, glyphs, "#FFFFFF", bold=True)
    _pdf_lines(page, [pack.name], MARGIN_IN + 0.1, 2.45, 12, 22, glyphs, "#FFFFFF")
    lines = [line for block in slide.blocks if isinstance(block, Bullets) for line in block.lines]
    _pdf_lines(page, [*lines, "", slide.subtitle], MARGIN_IN + 0.1, 3.95, 11.5, 16, glyphs,
               "#FFFFFF")


def _pdf_frame(page: object, pack: Pack, slide: Slide, number: int, glyphs: set[int]) -> None:
    page.setFillColor(_hex(pack.primary))
    page.rect(0, _y(0.95), WIDTH_IN * PT, 0.95 * PT, stroke=0, fill=1)
    page.setFillColor(_hex(pack.accent))
    page.rect(0, _y(1.01), WIDTH_IN * PT, 0.06 * PT, stroke=0, fill=1)
    _pdf_lines(page, [slide.title], MARGIN_IN + 0.1, 0.22, TITLE_IN,
               _fitted([slide.title], TITLE_IN, 0.6, 24, bold=True), glyphs, "#FFFFFF",
               bold=True)
    page.setFont(FONT, 12)
    page.drawRightString((WIDTH_IN - MARGIN_IN) * PT, _y(0.58),
                         printable(f"{pack.title} · {number}", glyphs))
    if slide.footer:
        width = WIDTH_IN - 2 * MARGIN_IN - 0.2
        _pdf_lines(page, slide.footer, MARGIN_IN + 0.1, HEIGHT_IN - FOOT_IN + 0.05, width,
                   _fitted(slide.footer, width, FOOT_IN - 0.15, 9), glyphs, GREY)


def _pdf_block(page: object, pack: Pack, block: Block, box: tuple[float, float, float, float],
               glyphs: set[int]) -> None:
    x, y, w, h = box
    if isinstance(block, Figures):
        per_row = 4
        cell_w, cell_h = (w - 0.2 * (per_row - 1)) / per_row, FIGURE_H
        for i, (label, value) in enumerate(block.items):
            cx = x + (i % per_row) * (cell_w + 0.2)
            cy = y + (i // per_row) * (cell_h + 0.15)
            page.setFillColor(_hex(LIGHT))
            page.rect(cx * PT, _y(cy + cell_h), cell_w * PT, cell_h * PT, stroke=0, fill=1)
            end = _pdf_lines(page, [label], cx + 0.12, cy + 0.08, cell_w - 0.24, 10, glyphs,
                             GREY)
            # The value starts below the label however many lines the label takes.
            _pdf_lines(page, [value], cx + 0.12, max(cy + 0.45, end - 0.05), cell_w - 0.24, 22,
                       glyphs, pack.primary, bold=True)
    elif isinstance(block, Bullets):
        lines = [f"{i}. {line}" if block.numbered else line
                 for i, line in enumerate(block.lines, start=1)]
        size = 12 if len(lines) > 10 else 14
        if block.heading:
            y = _pdf_lines(page, [block.heading], x, y, w, size + 1, glyphs, pack.primary,
                           bold=True) - size / PT
        _pdf_lines(page, lines, x, y, w, size, glyphs, bottom=y + h)
    elif isinstance(block, Table):
        _pdf_table(page, pack, block, box, glyphs)
    else:
        _pdf_chart(page, pack, block, box, glyphs)


def _pdf_table(page: object, pack: Pack, block: Table, box: tuple[float, float, float, float],
               glyphs: set[int]) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as Grid

    x, y, w, h = box
    size = 10 if len(block.rows) <= 10 else 9
    plain = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=size * 1.2)
    bold = ParagraphStyle("head", parent=plain, fontName=BOLD, textColor=_hex("#FFFFFF"))
    heading = ParagraphStyle("group", parent=plain, fontName=BOLD,
                             textColor=_hex(pack.primary))

    def cell(text: str, style: ParagraphStyle) -> object:
        # Paragraph reads markup: data text is escaped so it is always shown as typed.
        return Paragraph(html.escape(printable(text, glyphs)), style)

    data = [[cell(c, bold) for c in block.header]]
    for i, row in enumerate(block.rows):
        style = heading if i in block.headings else plain
        data.append([cell(c, style) for c in row])
    weights = block.widths or [1.0] * len(block.header)
    total = sum(weights)
    grid = Grid(data, colWidths=[w * PT * wt / total for wt in weights])
    commands = [("BACKGROUND", (0, 0), (-1, 0), _hex(pack.primary)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, _hex("#DDE3EC"))]
    for i in range(len(block.rows)):
        if i in block.headings:
            commands += [("BACKGROUND", (0, i + 1), (-1, i + 1), _hex("#FCEFCC")),
                         ("SPAN", (0, i + 1), (-1, i + 1))]
        elif i % 2:
            commands.append(("BACKGROUND", (0, i + 1), (-1, i + 1), _hex(LIGHT)))
    from reportlab.platypus import TableStyle

    grid.setStyle(TableStyle(commands))
    _, height = grid.wrapOn(page, w * PT, h * PT)
    grid.drawOn(page, x * PT, _y(y) - height)


def _pdf_chart(page: object, pack: Pack, block: Chart, box: tuple[float, float, float, float],
               glyphs: set[int]) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.graphics.widgets.markers import makeMarker

    x, y, w, h = box
    width, height = w * PT, h * PT
    drawing = Drawing(width, height)
    colours = [_hex(c) for c in _series_colours(pack)]
    names = [s.name for s in (block.xy if block.kind == "xy" else block.series)]
    # Legend entries side by side when they fit the chart's width, else one under another
    # (a half-slide chart cannot hold two long series names on one row).
    entry_w = max(90, 6.5 * max((len(n) for n in names), default=0) + 30)
    stacked = len(names) > 1 and entry_w * len(names) > width - 50
    rows = len(names) if stacked else 1
    legend_h = (22 + 13 * (rows - 1)) if len(names) > 1 else 0
    drawing.add(String(width / 2, height - 14, printable(block.title, glyphs), fontName=BOLD,
                       fontSize=12, textAnchor="middle"))
    if block.kind == "xy":
        plot = LinePlot()
        plot.x, plot.y = 40, 28 + legend_h
        plot.width, plot.height = width - 60, height - 60 - legend_h
        plot.data = [list(s.points) for s in block.xy]
        xs = [px for s in block.xy for px, _ in s.points]
        plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = float(int(min(xs))), \
            float(int(max(xs)) + 1)
        plot.xValueAxis.valueStep = 1
        plot.xValueAxis.labelTextFormat = "%d"
        plot.yValueAxis.valueMin = 0
        for axis in (plot.xValueAxis, plot.yValueAxis):
            axis.labels.fontName, axis.labels.fontSize = FONT, 9
        for i, serie in enumerate(block.xy):
            plot.lines[i].strokeColor = colours[i % len(colours)]
            plot.lines[i].strokeWidth = 2.5 if serie.line else 0.001
            plot.lines[i].symbol = makeMarker("FilledCircle" if serie.line else "FilledDiamond",
                                              size=6 if serie.line else 9)
            plot.lines[i].symbol.fillColor = colours[i % len(colours)]
            if not serie.line:
                plot.lines[i].strokeColor = None
        drawing.add(plot)
        for serie in block.xy:
            if not serie.labels:
                continue
            for (px, _py), label in zip(serie.points, serie.labels, strict=True):
                sx = plot.x + (px - plot.xValueAxis.valueMin) / (
                    plot.xValueAxis.valueMax - plot.xValueAxis.valueMin) * plot.width
                drawing.add(String(sx, plot.y + 9, label, fontName=BOLD, fontSize=9,
                                   textAnchor="middle"))
    else:
        chart = HorizontalBarChart() if block.kind == "bar" else VerticalBarChart()
        label_room = min(width * 0.45, 7 * max((len(c) for c in block.categories),
                                                default=4)) if block.kind == "bar" else 30
        chart.x, chart.y = label_room + 8, 26 + legend_h
        chart.width = width - chart.x - 16
        chart.height = height - chart.y - 28
        chart.data = [[v if v is not None else 0 for v in s.values] for s in block.series]
        categories = [printable(c, glyphs) for c in block.categories]
        chart.categoryAxis.categoryNames = categories[::-1] if block.kind == "bar" \
            else categories
        if block.kind == "bar":  # drawn bottom-up: reverse so the first is on top
            chart.data = [row[::-1] for row in chart.data]
        chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 9
        if block.kind == "bar":
            chart.categoryAxis.labels.boxAnchor = "e"
        chart.valueAxis.valueMin = 0
        decimals = 1 if "." in block.number_format else 0
        chart.valueAxis.labelTextFormat = lambda v: printable(
            format_number(v, pack.lang, decimals), glyphs)
        chart.groupSpacing = 6
        if block.stacked:
            chart.categoryAxis.style = "stacked"
        for i in range(len(block.series)):
            chart.bars[i].fillColor = colours[i % len(colours)]
            chart.bars[i].strokeColor = None
        drawing.add(chart)
    if len(names) > 1:
        legend = Legend()
        legend.x, legend.y = 40, 12 + 13 * (rows - 1)
        legend.alignment = "right"
        legend.columnMaximum = rows
        legend.deltay = 13
        legend.fontName, legend.fontSize = FONT, 9
        legend.dxTextSpace = 4
        legend.deltax = entry_w
        legend.colorNamePairs = [(colours[i % len(colours)], printable(n, glyphs))
                                 for i, n in enumerate(names)]
        drawing.add(legend)
    renderPDF.draw(drawing, page, x * PT, _y(y + h))


def render(pack: Pack, fmt: str) -> bytes:
    if fmt == "pptx":
        return to_pptx(pack)
    if fmt == "pdf":
        return to_pdf(pack)
    raise ValueError(fmt)


def file_name(acronym: str, lang: str, fmt: str) -> str:
    safe = "".join(c for c in acronym.lower() if c.isalnum()) or "alliance"
    return f"{safe}-board-pack-{lang}.{fmt}"


def run_cli(args: object) -> int:
    """`python -m alliance report`: write the pack for the data folder; 0 written, 2 when
    the folder cannot be read. Invalid rows are left out, as the app does, with a warning."""
    import sys
    from pathlib import Path

    from alliance.dataset import load_dataset
    from alliance.files import data_dir
    from alliance.mobility.query import member_flows

    folder = data_dir(args.data_dir)
    if not folder.is_dir():
        print(f"{folder}: not a readable folder", file=sys.stderr)
        return 2
    data = load_dataset(folder)
    errors = sum(1 for p in data.problems if p.severity == "error")
    if errors:
        print(t("report.cli.problems", args.lang, errors=errors), file=sys.stderr)
    imported = member_flows(folder, data.tables["universities"])
    pack = build_pack(data, args.lang, dt.date.today(), imported.rows, imported.source,
                      imported.synthetic)
    target = Path(args.out)
    target.write_bytes(render(pack, args.format))
    print(t("report.cli.wrote", args.lang, file=target), file=sys.stderr)
    return 0
