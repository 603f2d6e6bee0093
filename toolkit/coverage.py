"""How much of a report's figures the reader captured (recon extract --stats).

Table side: every numeric token on a line inside a table (header, unit and title lines
aside, and numbers that are part of a row's label) should be a cell printed on that line.
Sentence side: every amount in 원 and every percentage outside tables should be a claim.
The lines whose tokens ended up nowhere are listed, so a person can see what was missed.

Honest line coverage (`lines`): a token count only sees the tables that were found. Every line
that looks like a table row — two or more figures standing as words, or a row of a table syntax
(pipe row, box-drawing row, tab-separated cells) — and ended up in no table is a miss, so a file
with table-like lines and no table read is never 100 %.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from toolkit.model import Report, Table
from toolkit.reader import html
from toolkit.reader.claims import AMOUNT, PERCENT
from toolkit.reader.lines import BULLETS, split_line, unit_of
from toolkit.reader.tables import SENTENCE_END, is_header_line
from toolkit.reader.text_lines import split_lines, strip_format_characters

NUMBER = re.compile(r"[△▵\-−]?\d[\d,]*(?:\.\d+)?%?")


@dataclass
class Coverage:
    table_tokens: int = 0
    table_captured: int = 0
    sentence_tokens: int = 0
    sentence_captured: int = 0
    missed: dict[int, list[str]] = field(default_factory=dict)


def measure(report: Report, text: str) -> Coverage:
    lines = split_lines(strip_format_characters(text)[0])
    result = Coverage()
    in_table: dict[int, str] = {}
    printed: dict[int, Counter] = {}
    labels: dict[int, str] = {}
    for table in report.tables:
        for number in range(table.first_line, table.last_line + 1):
            in_table[number] = table.id
        for row in table.rows:
            labels[row.line] = labels.get(row.line, "") + " " + row.label
            for cell in row.cells:
                if cell.printed:
                    printed.setdefault(cell.line, Counter())[cell.printed] += 1
    claimed: dict[int, Counter] = {}
    repeated = set(report.meta.get("repeated_rows", ()))
    for claim in report.claims:
        claimed.setdefault(claim.line, Counter())[re.sub(r"\s", "", claim.printed)] += 1
    for number, raw in enumerate(lines, start=1):
        if number in repeated:
            continue  # a row printed again under a page-break header, read as the row it repeats
        if number in in_table:
            parts = split_line(number, raw)
            if is_header_line(parts) or unit_of(raw) or not parts.figures:
                continue
            figures_text = " ".join(text for text, _ in parts.figures)
            tokens = NUMBER.findall(figures_text.replace("\u3000", " "))
            have = printed.get(number, Counter())
            cells = " ".join(t for t, n in have.items() for _ in range(n))
            for token in tokens:
                result.table_tokens += 1
                if token in cells or token in labels.get(number, ""):  # a year or serial number labelling the row
                    result.table_captured += 1
                else:
                    result.missed.setdefault(number, []).append(token)
        else:
            have = claimed.get(number, Counter())
            for match in list(AMOUNT.finditer(raw)) + list(PERCENT.finditer(raw)):
                token = re.sub(r"\s", "", match.group(0))
                if not re.search(r"[조억천백만%]", token) and len(token) < 5:
                    continue
                result.sentence_tokens += 1
                if have[token] > 0:
                    have[token] -= 1
                    result.sentence_captured += 1
                elif not any(token in key or key in token for key in have):
                    result.missed.setdefault(number, []).append(token)
                else:
                    result.sentence_captured += 1
    return result


# a figure standing as a word of its own: 1,234 · △12 · (1,234) · 12.5% · - is not one (it says none)
FIGURE_WORD = re.compile(r"^[△▵\-−]?\(?\d[\d,]*(?:\.\d+)?%?\)?$")
BOX_EDGES = "┃│║|"
_SPACED_DIGITS = re.compile(r"\(\s*(\d(?: \d)+)\s*\)")
RULE_CHARS = set("-=:|+ ━─┯┷┿┼┏┓┗┛┠┨┣┫┬┴├┤┌┐└┘╋╂╀╁╇╈┳┻")


@dataclass
class LineCoverage:
    """Table-like lines (line → why it looks like a row) and those that ended up in no table."""

    table_like: dict[int, str] = field(default_factory=dict)
    missed: dict[int, str] = field(default_factory=dict)

    @property
    def covered(self) -> int:
        return len(self.table_like) - len(self.missed)

    def shown(self) -> str:
        """"no table-like lines" rather than a 100 % that says nothing was there to read."""
        if not self.table_like:
            return "no table-like lines"
        return f"{self.covered}/{len(self.table_like)} table-like lines in tables ({self.covered / len(self.table_like):.1%})"


def row_syntax(line: str) -> str | None:
    """Why a line looks like a table row, or None."""
    stripped = line.strip().strip("\u3000")
    if not stripped or set(stripped) <= RULE_CHARS:
        return None  # blank, or a rule line (|---|, +---+, ┠──┼──┨): no row
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3 \
            and any(c.strip() for c in stripped.strip("|").split("|")):
        return "pipe row"
    if stripped[0] in BOX_EDGES and any(ch in stripped[1:-1] for ch in BOX_EDGES) and stripped[-1] in BOX_EDGES:
        return "box row"
    if "\t" in line and sum(1 for c in line.split("\t") if c.strip()) >= 2:
        return "tab-separated row"
    # a centred cell of a PDF export prints every character spaced out ("아 시 아", "( 7 1 )"): digits
    # spaced out inside one pair of parentheses are one figure, (71), as spaced-out Hangul is one word
    words = _SPACED_DIGITS.sub(lambda m: "(" + m.group(1).replace(" ", "") + ")", stripped.replace("\u3000", " ")).split()
    figures = sum(1 for word in words if FIGURE_WORD.match(word))
    # a bulleted item ("- 이용실적 : 개선 3, 폐기 3") or a sentence restates figures; it is no row
    bulleted = words[0] in BULLETS or stripped.startswith(BULLETS) and not FIGURE_WORD.match(words[0])
    if figures >= 2 and not bulleted and not SENTENCE_END.search(stripped):
        return "two or more figures"
    return None


def table_like_lines(text: str) -> dict[int, str]:
    """Every table-like line of a report text, 1-based; HTML table rows count on the line of their <tr>."""
    found = {n: why for n, line in enumerate(split_lines(text), start=1) if (why := row_syntax(line))}
    if re.search(r"<table[\s>]", text[:200_000], re.IGNORECASE):
        for n, line in enumerate(html.to_lines(text), start=1):
            if "\t" in line and (why := row_syntax(line)):
                found[n] = "html " + why
    return found


def in_tables(report: Report) -> set[int]:
    """Lines a table accounts for: its rows' and cells' lines, the header lines above its first row, and a
    row printed again under a page-break header (the reader reads it as the row it repeats)."""
    lines: set[int] = set(report.meta.get("repeated_rows", ()))
    for table in report.tables:
        for row in table.rows:
            lines.add(row.line)
            lines.update(c.line for c in row.cells)
        first_row = min((r.line for r in table.rows), default=table.last_line + 1)
        lines.update(range(table.first_line, first_row))
    return lines


def measure_lines(report: Report, text: str) -> LineCoverage:
    """Table-like lines and the ones no table accounts for: a row the reader did not read is a miss
    even inside a table's span (its header lines above the first row aside; a page-break repeat of the
    header inside the body counts when the reader took it for a header)."""
    result = LineCoverage(table_like=table_like_lines(text))
    covered = in_tables(report)
    raw = split_lines(text)
    spans = [(t.first_line, t.last_line) for t in report.tables]
    for number, why in result.table_like.items():
        if number in covered:
            continue
        inside = any(first <= number <= last for first, last in spans)
        if inside and number <= len(raw) and is_header_line(split_line(number, raw[number - 1])):
            continue
        result.missed[number] = why
    return result


@dataclass(frozen=True)
class TableStats:
    id: str
    rows: int
    complete_rows: int  # rows with a figure printed in every column
    columns: int
    roles: int  # columns with a header and a role recognised from it


def table_stats(table: Table) -> TableStats:
    complete = sum(1 for row in table.rows if all(c.printed for c in row.cells) and len(row.cells) >= len(table.columns))
    roles = sum(1 for c in table.columns if c.role != "other" and not re.fullmatch(r"열\d+", c.name))
    return TableStats(table.id, len(table.rows), complete, len(table.columns), roles)
