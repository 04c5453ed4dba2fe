"""What the opportunities page shows: labels, the sentence, suggestions, table and card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from alliance.dates import period_bounds
from alliance.filters import ALLIANCE_HOST, FACETS, NO_PROJECT, QUERY_KEYS, FilterSpec, mask
from alliance.i18n import (
    country_name,
    format_amount,
    format_date,
    format_number,
    format_span,
    in_language,
    language_name,
    mark_examples,
    t,
    value_label,
    value_plural,
)
from alliance.text import Markdown, link, markdown, web_address


def option_label(name: str, value: str, lang: str, hosts: dict[str, str]) -> str:
    """How a facet value reads: a university's name, a country's name, a language's name."""
    if name == "host":
        if value == ALLIANCE_HOST:
            return t("opportunities.alliance", lang)
        return hosts.get(value, value)
    if name == "country":
        if value == ALLIANCE_HOST:
            return t("opportunities.alliance", lang)
        return country_name(value, lang)
    if name == "language":
        return language_name(value, lang)
    if name == "project":
        return t("opportunities.no_project", lang) if value == NO_PROJECT else value
    return value_label(value, lang)


def languages_label(codes: str, lang: str) -> str:
    return ", ".join(option_label("language", c, lang, {}) for c in str(codes).split("/") if c)


def _either(values: list[str], lang: str) -> str:
    return t("describe.or", lang).join(values)


def ects_slider(low: float | None, high: float | None, top: float) -> tuple[float, float]:
    """The ECTS slider's two handles for a spec's limits: a missing limit is the slider's end
    (0 or `top`), and limits outside 0..top (from a hand-edited link) are brought inside."""
    def inside(value: float | None, default: float) -> float:
        return default if value is None else min(max(float(value), 0.0), top)

    first, last = inside(low, 0.0), inside(high, top)
    return (first, last) if first <= last else (last, first)


def ects_steps(top: float, handles: tuple[float, float] | None = None,
               step: float = 0.5) -> list[float]:
    """The values the ECTS slider offers: 0 to `top` by `step`, with `top` itself and the
    current handles (a hand-edited link may name 2.7) among them."""
    values = {round(i * step, 6) for i in range(int(top // step) + 1)} | {float(top)}
    values |= {float(v) for v in handles or () if 0 <= float(v) <= top}
    return sorted(values)


def ects_limits(handles: object, top: float) -> tuple[float | None, float | None]:
    """The spec's ECTS limits for the slider's handles: a handle at an end of the slider
    sets no limit, so activities without ECTS stay in until the reader moves it."""
    low, high = handles if isinstance(handles, tuple) and len(handles) == 2 else (None, None)
    return (None if low is None or low <= 0 else float(low),
            None if high is None or high >= top else float(high))


def opening_spec(address: Mapping[str, Sequence[str]],
                 kept: Mapping[str, Sequence[str]] | None) -> FilterSpec:
    """The filters the page opens with: the address's when it names any (a shared link, a
    bookmark), else `kept`, the reader's last filters in this visit (Streamlit forgets the
    widgets' values while another page runs, and a sidebar link or Back may bring an
    address without them), else none."""
    named = {key: list(values) for key, values in address.items()
             if key in QUERY_KEYS and any(values)}
    return FilterSpec.from_query(named if named or not kept else dict(kept))


def describe(spec: FilterSpec, count: int, lang: str, hosts: dict[str, str]) -> str:
    """In words what is shown: "12 online courses, for students, in English, open now"."""
    def labels(name: str) -> list[str]:
        return [option_label(name, v, lang, hosts) for v in getattr(spec, name)]

    if len(spec.kind) == 1:
        kind = spec.kind[0]
        noun = (value_label(kind, lang) if count == 1
                else value_plural(kind, lang))
    else:
        noun = t("describe.activity" if count == 1 else "describe.activities", lang)
        if spec.kind:
            noun += f" ({', '.join(labels('kind'))})"
    parts = [f"{format_number(count, lang)} {noun}"]
    if spec.audience:
        parts.append(t("describe.for", lang, who=_either(labels("audience"), lang)))
    if spec.host:
        parts.append(t("describe.hosted", lang, who=_either(labels("host"), lang)))
    if spec.country:
        parts.append(t("describe.in_country", lang, where=_either(labels("country"), lang)))
    if spec.mode:
        parts.append(_either(labels("mode"), lang))
    if spec.language:
        parts.append(t("describe.language", lang, languages=_either(labels("language"), lang)))
    if spec.project:
        parts.append(t("describe.project", lang, project=_either(labels("project"), lang)))
    if spec.window == "soon":
        parts.append(t("describe.soon", lang, weeks=spec.weeks))
    elif spec.window == "custom":
        parts.append(t("describe.custom", lang,
                       start=format_date(spec.date_from, lang) if spec.date_from else "…",
                       end=format_date(spec.date_to, lang) if spec.date_to else "…"))
    elif spec.window != "any":
        parts.append(t(f"describe.{spec.window}", lang))
    if spec.ects_min is not None or spec.ects_max is not None:
        low = "0" if spec.ects_min is None else format_number(spec.ects_min, lang,
                                                              _decimals(spec.ects_min))
        high = "…" if spec.ects_max is None else format_number(spec.ects_max, lang,
                                                               _decimals(spec.ects_max))
        parts.append(t("describe.ects", lang, low=low, high=high))
    if spec.text:
        parts.append(t("describe.text", lang, text=spec.text))
    return ", ".join(parts)


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else 1


def active_filters(spec: FilterSpec) -> list[str]:
    """Names of the filters a reader has set."""
    active = [name for name in FACETS if getattr(spec, name)]
    if spec.window != "any":
        active.append("window")
    if spec.ects_min is not None or spec.ects_max is not None:
        active.append("ects")
    if spec.text:
        active.append("text")
    return active


def loosened(spec: FilterSpec, name: str) -> FilterSpec:
    """The spec with one filter cleared."""
    if name in FACETS:
        return spec.without(name)
    if name == "window":
        return replace(spec, window="any", date_from=None, date_to=None)
    if name == "ects":
        return replace(spec, ects_min=None, ects_max=None)
    return replace(spec, text="")


def suggestions(frame: pd.DataFrame, spec: FilterSpec, today: dt.date, limit: int = 3
                ) -> list[tuple[str, int]]:
    """Which single filter to drop to see something again, best first."""
    found = [(name, int(mask(frame, loosened(spec, name), today).sum()))
             for name in active_filters(spec)]
    return sorted([f for f in found if f[1] > 0], key=lambda f: -f[1])[:limit]


def filter_label(name: str, lang: str) -> str:
    if name == "window":
        return t("opportunities.window", lang)
    if name == "ects":
        return t("opportunities.ects", lang)
    if name == "text":
        return t("opportunities.search", lang)
    return t(f"opportunities.facet.{name}", lang)


def table(rows: pd.DataFrame, lang: str, hosts: dict[str, str]) -> pd.DataFrame:
    """The rows as the reader sees them: labels in their language, examples marked."""
    host_labels = {k: option_label("host", k, lang, hosts) for k in rows["host_key"].unique()}
    country_labels = {k: option_label("country", k, lang, hosts)
                      for k in rows["host_country"].unique()}
    return pd.DataFrame({
        "title": mark_examples(in_language(rows, "title", lang), rows["illustrative"], lang),
        "kind": rows["kind"].map(lambda v: value_label(str(v), lang)).astype(str),
        "audience": rows["audience"].map(lambda v: value_label(str(v), lang)).astype(str),
        "host": rows["host_key"].map(host_labels).astype(str),
        "country": rows["host_country"].map(country_labels).astype(str),
        "mode": rows["mode"].map(lambda v: value_label(str(v), lang)).astype(str),
        "language": rows["language"].map(lambda v: languages_label(str(v), lang)).astype(str),
        "when": [format_span(s, e, lang) for s, e in zip(rows["start"], rows["end"], strict=True)],
        # "When" already reads the start in words, so no second, ISO-coded start column.
        # Dates and numbers, not text, so the table sorts them as such (the page gives them
        # the reader's formats). A deadline known to the month or year is its last day, the
        # day the filters count it open until; an empty cell stays empty (NaT, NaN).
        "apply_by": period_bounds(rows["apply_by"])[1],
        "ects": rows["ects"].to_numpy(dtype="float64", na_value=np.nan),
        # A link column opens any address it gets: only an http(s) one, the first of several;
        # an empty cell stays blank.
        "url": rows["url"].map(lambda v: web_address(v) or ""),
        "project": rows["project"].fillna(""),
        "example": rows["illustrative"].fillna(False).astype(bool),
    }, index=rows.index)


def activity_card(row: pd.Series, lang: str, hosts: dict[str, str]) -> pd.DataFrame:
    """Every field of one activity, labelled in the reader's language."""
    items = [
        (t("opportunities.col.title", lang), in_language(row, "title", lang)),
        (t("opportunities.col.kind", lang), value_label(str(row["kind"]), lang)),
        (t("opportunities.col.audience", lang), value_label(str(row["audience"]), lang)),
        (t("opportunities.col.host", lang),
         option_label("host", str(row["host_key"]), lang, hosts)),
        (t("opportunities.col.mode", lang), value_label(str(row["mode"]), lang)),
        (t("opportunities.col.language", lang), languages_label(str(row["language"]), lang)),
        (t("opportunities.col.when", lang), format_span(row["start"], row["end"], lang)),
        (t("opportunities.col.apply_by", lang), format_date(row["apply_by"], lang)
         if isinstance(row["apply_by"], str) else "–"),
        (t("opportunities.col.ects", lang), format_amount(row["ects"], lang)
         if pd.notna(row["ects"]) else "–"),
        (t("opportunities.col.project", lang), row["project"] if isinstance(row["project"], str)
         else "–"),
        ("URL", link(row["url"]) if isinstance(row["url"], str) else "–"),
        ("Source", link(row["source"])),
        ("ID", row["id"]),
    ]
    # Object cells keep the links as `Markdown` (a text column would make them plain text,
    # which the page would then escape).
    return pd.DataFrame(items, columns=[t("opportunities.card.field", lang),
                                        t("opportunities.card.value", lang)], dtype=object)


def host_text(universities: pd.DataFrame, host_id: object, lang: str,
              hosts: dict[str, str]) -> Markdown:
    """Markdown for the host of an activity: a member's names, place and website (a link),
    one a line, or the alliance as a whole when no member hosts it."""
    if isinstance(host_id, str) and host_id in hosts:
        member = universities.set_index("id").loc[host_id]
        return Markdown(f"{markdown(member['name'])}  \n{markdown(member['name_local'])}  \n"
                        f"{markdown(member['city'])}, {markdown(member['country'])}  \n"
                        f"{link(member['website'])}")
    return markdown(option_label("host", ALLIANCE_HOST, lang, hosts))
