"""Export styles and the small report a table is embedded in: a title, the unit line, prose before
and after, as a report exported to text (or HTML) prints it."""

from __future__ import annotations

import html
from dataclasses import dataclass

from render import styles
from render.facts import Facts, shown_labels, with_synonyms

PROSE_BEFORE = "다음은 {subject} 관련 자료를 소관 부서의 제출 자료를 바탕으로 정리한 것임."
PROSE_AFTER = "위 표의 세부 내역은 예산서 및 사업별 설명서의 내용과 같으며, 자세한 사항은 붙임 자료를 참고하면 됨."


@dataclass(frozen=True)
class Style:
    name: str
    syntax: str  # pipe | pipe_blank | pipe_br | box | ascii | html | html_in_txt | tsv | plain
    suffix: str = ".txt"
    labels: str = "plain"  # plain | numbered | indented: how a row shows its parent
    synonyms: bool = False  # other header words for the same columns

    def __str__(self) -> str:
        return self.name


STYLES = (
    Style("pipe", "pipe"),
    Style("pipe_blank_header", "pipe_blank"),
    Style("pipe_br", "pipe_br"),
    Style("box", "box"),
    Style("ascii_box", "ascii"),
    Style("html", "html", ".html"),
    Style("html_in_txt", "html_in_txt"),
    Style("tsv", "tsv"),
    Style("plain", "plain"),
    Style("numbered", "tsv", labels="numbered"),
    Style("indented", "plain", labels="indented"),
    Style("synonyms", "tsv", synonyms=True),
)


def style(name: str) -> Style:
    return next(s for s in STYLES if s.name == name)


def table_lines(facts: Facts, chosen: Style) -> styles.Rendered:
    if chosen.synonyms:
        facts = with_synonyms(facts)
    labels = shown_labels(facts, chosen.labels)
    syntax = chosen.syntax
    if syntax.startswith("pipe"):
        return styles.pipe(facts, labels, blank_header=syntax == "pipe_blank", br=syntax == "pipe_br")
    if syntax in ("box", "ascii"):
        return styles.box(facts, labels, ascii_only=syntax == "ascii", rule_every_row=syntax == "box")
    if syntax in ("html", "html_in_txt"):
        return styles.html_table(facts, labels)
    if syntax == "tsv":
        return styles.tsv(facts, labels)
    return styles.plain(facts, labels)


def unit_line(facts: Facts) -> str | None:
    units = [u for u in (facts.unit, "%" if facts.rates else "") if u]
    return f"(단위 : {', '.join(units)})" if units else None


def render_report(tables: list[Facts], chosen: Style | list[Style]) -> tuple[str, list[list[int]]]:
    """The tables in one report in the given style (or each table in its own style: a file that mixes
    syntaxes, which is a text file then); per table, the 1-based line of each row."""
    if isinstance(chosen, list):
        return _mixed(tables, chosen)
    as_html = chosen.syntax == "html"
    lines: list[str] = ["<html><body>"] if as_html else []
    positions: list[list[int]] = []
    for facts in tables:
        before = PROSE_BEFORE.format(subject=facts.title or "표의")
        head = [before, ""] if not as_html else [f"<p>{html.escape(before)}</p>"]
        if facts.title:
            # a heading as reports print it: a □ bullet before the title (<h3> in HTML)
            head.append(f"<h3>{html.escape(facts.title)}</h3>" if as_html else f"□ {facts.title}")
        unit = unit_line(facts)
        if unit:
            head.append(f"<p>{unit}</p>" if as_html else unit)
        lines += head
        body, row_at = table_lines(facts, chosen)
        positions.append([len(lines) + 1 + i for i in row_at])
        lines += body
        lines += [f"<p>{PROSE_AFTER}</p>"] if as_html else ["", PROSE_AFTER, ""]
    if as_html:
        lines.append("</body></html>")
    return "\n".join(lines) + "\n", positions


def _mixed(tables: list[Facts], chosen: list[Style]) -> tuple[str, list[list[int]]]:
    lines: list[str] = []
    positions: list[list[int]] = []
    for facts, one in zip(tables, chosen):
        text, where = render_report([facts], one if one.syntax != "html" else style("html_in_txt"))
        positions.append([len(lines) + n for n in where[0]])
        lines += text.splitlines()
    return "\n".join(lines) + "\n", positions
