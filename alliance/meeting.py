"""The meeting pack: slide order, the data's date, offline HTML charts and a one-page brief."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from alliance.geo import wave_names
from alliance.i18n import (
    as_of,
    country_name,
    format_date,
    format_number,
    format_span,
    in_language,
    t,
    value_label,
)
from alliance.maps import wave_label
from alliance.overview import Summary, headlines, lead
from alliance.text import markdown
from alliance.theme import colors
from alliance.timeline import numbered_key_dates

SLIDES = ("overview", "map", "timeline", "opportunities")
TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"


def slide_index(requested: object, count: int = len(SLIDES)) -> int:
    """A slide number from the URL (1-based), kept within the deck; 0 when unreadable."""
    try:
        number = int(str(requested))
    except ValueError:
        return 0
    return min(max(number - 1, 0), count - 1)


def _topojson_names(figure: go.Figure) -> set[str]:
    geo = figure.layout.geo
    if not any(trace.type in ("scattergeo", "choropleth") for trace in figure.data):
        return set()
    scope = geo.scope or "world"
    resolution = int(geo.resolution or 110)
    return {f"{scope}_{resolution}m"}


def key_dates_markdown(milestones: pd.DataFrame, lang: str, numbered: bool = False) -> str:
    """The highlighted milestones as a Markdown list, at their own date precision: starred
    bullets, or numbered like the markers on the timeline chart."""
    dates = numbered_key_dates(milestones, lang)
    items = [(n, f"**{format_span(d, e, lang)}** · {markdown(w)}")
             for n, d, e, w in zip(dates["key_number"], dates["date"], dates["end"],
                                   dates["title"], strict=True)]
    return "\n".join(f"{n}. {item}" if numbered else f"- ★ {item}" for n, item in items)


def members_by_wave(points: pd.DataFrame, lang: str) -> str:
    """Markdown for the map slide: each joining wave as the map's legend names it, then its
    members (id, name, country), the coordinator marked; names and countries in `lang`.
    Empty when no member is placed."""
    blocks = []
    points = points.assign(name=in_language(points, "name", lang))
    for year, (span, kind) in wave_names(points).items():
        group = points[points["wave"] == year]
        lines = [f"**{wave_label(span, kind, lang)}** ({len(group)})"]
        for row in group.itertuples(index=False):
            role = f" · *{t('coordinator', lang)}*" if row.coordinator else ""
            lines.append(f"- **{markdown(row.id)}** {markdown(row.name)}, "
                         f"{markdown(country_name(row.country, lang))}{role}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def standalone_html(figure: go.Figure, title: str, lang: str,
                    topojson_dir: Path = TOPOJSON_DIR) -> str:
    """One HTML file that draws the chart with no network: plotly.js inlined and, for maps,
    the country geometry preloaded where plotly.js looks before fetching it."""
    assets = {}
    for name in sorted(_topojson_names(figure)):
        assets[name] = json.loads((topojson_dir / f"{name}.json").read_text(encoding="utf-8"))
    preload = ("<script>window.PlotlyGeoAssets = {topojson: "
               + json.dumps(assets, separators=(",", ":")) + "};</script>") if assets else ""
    body = figure.to_html(full_html=False, include_plotlyjs=True,
                          config={"displaylogo": False, "responsive": True})
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head><body>{preload}{body}</body></html>")


def saved_text(data: object, lang: str) -> str:
    """When the data were last saved and by what record: the store's history, version
    control, or "unknown"."""
    saved = getattr(data, "saved_on", None)
    how = getattr(data, "saved_by", "")
    if saved is None or how not in ("history", "git"):
        return t("data.saved_unknown", lang)
    return t(f"data.saved_{how}", lang, date=format_date(saved, lang))


def dates_line(data: object, key: str, lang: str) -> str:
    """When the figures are from, then when the data were saved: "Figures as of 2025 · data
    last saved on …". A figure date that is unknown is left out, never shown as "as of –"."""
    figures_on = getattr(data, "figures_on", None)
    parts = [t(key, lang, when=as_of(figures_on, lang))] if figures_on else []
    return " · ".join([*parts, saved_text(data, lang)])


def meeting_pack(charts: Mapping[str, go.Figure], brief: str, lang: str) -> bytes:
    """A zip of every chart as its own offline HTML file, plus the printable brief."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as pack:
        for name, figure in charts.items():
            title = figure.layout.title.text or name
            pack.writestr(f"{name}.html", standalone_html(figure, title, lang))
        pack.writestr("brief.html", brief)
    return buffer.getvalue()


BRIEF_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; color: #1B1F24; font-size: 10.5pt;
       max-width: 190mm; margin: 0 auto; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 2mm; color: PRIMARY; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; color: PRIMARY; border-bottom: 1px solid #C9D2E0; }
.lead { margin: 0 0 3mm; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; }
.figure { background: #EEF2F8; padding: 2mm 3mm; border-radius: 2mm; }
.figure b { display: block; font-size: 15pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { text-align: left; padding: 1mm 2mm; border-bottom: 1px solid #DDE3EC; }
td.n { text-align: right; white-space: nowrap; }
.small { color: #4A5563; font-size: 8.5pt; }
@media print { body { max-width: none; } .figure { break-inside: avoid; } }
"""


def brief_html(identity: Mapping[str, object], summary: Summary, dates: pd.DataFrame,
               members: pd.DataFrame, lang: str, figures_on: str | dt.date | None,
               today: dt.date, saved: str = "") -> str:
    """The overview on one printable page (A4): who, how big, what is open, key dates."""
    e = html.escape
    acronym = str(identity.get("acronym", ""))
    name = str(identity.get("name", t("app.title", lang)))
    figures = [(figure.label, figure.shown) for figure in headlines(summary, lang)]
    cells = "".join(f'<div class="figure">{e(label)}<b>{e(value)}</b></div>'
                    for label, value in figures)
    date_rows = "".join(
        f"<tr><td>{e(format_span(d, end, lang))}</td><td>{'★ ' if h else ''}{e(str(w))}</td>"
        f"<td>{e(value_label(str(c), lang))}</td></tr>"
        for d, end, w, c, h in zip(dates["date"], dates["end"], dates["title"],
                                   dates["category"], dates["highlight"], strict=True))
    member_rows = "".join(
        f"<tr><td>{e(str(n))}</td><td>{e(str(c))} ({e(str(k))})</td>"
        f'<td class="n">{e(format_number(s, lang) if pd.notna(s) else "–")}</td>'
        f"<td>{e(format_date(j, lang))}</td></tr>"
        for n, c, k, s, j in zip(in_language(members, "name", lang), members["city"],
                                 [country_name(k, lang) for k in members["country"]],
                                 members["students"], members["joined"], strict=True))
    stamp = " · ".join(part for part in (
        t("meeting.data_date", lang, when=as_of(figures_on, lang)) if figures_on else "",
        saved) if part)
    stamp += " · " + t("brief.printed", lang, date=format_date(today, lang))
    if summary.coordinator:
        stamp += " · " + t("overview.coordinator", lang, name=summary.coordinator)
    title = f"{acronym} · {t('brief.title', lang)}"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>{BRIEF_CSS.replace("PRIMARY", colors(identity).primary)}</style></head><body>
<h1>{e(acronym)} · {e(name)}</h1>
<p class="lead">{e(lead(identity, lang))}</p>
<p class="small">{e(stamp)}</p>
<div class="figures">{cells}</div>
<h2>{e(t('overview.key_dates', lang))}</h2>
<table><thead><tr><th>{e(t('col.date', lang))}</th><th>{e(t('col.what', lang))}</th>
<th>{e(t('col.category', lang))}</th></tr></thead><tbody>{date_rows}</tbody></table>
<h2>{e(t('overview.members_table', lang))}</h2>
<table><thead><tr><th>{e(t('col.name', lang))}</th><th>{e(t('col.city', lang))}</th>
<th>{e(t('col.students', lang))}</th><th>{e(t('col.joined', lang))}</th></tr></thead>
<tbody>{member_rows}</tbody></table>
<p class="small">{e(t('brief.sources', lang))}</p>
</body></html>
"""
