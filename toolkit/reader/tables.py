"""Find the tables in the lines of a text export and build their rows.

A walk over the lines with one open table at a time: rows are lines ending in
figures; short text lines between rows are label parts of the next row; header
lines repeated after a page break are skipped; a bullet, a long sentence, a new
title or a different header closes the table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from dataclasses import replace

from toolkit.model import RATE_ROLES, SUMMABLE_ROLES, UNIT_FACTORS, Cell, Row, Table
from toolkit.reader.columns import TEXT_HEADERS, is_label_header, columns_from_cells, columns_from_header, header_words
from toolkit.reader.lines import USED, LineParts, count_unit, first_figure_cell, tab_cell_figure, is_bullet, is_numbered, tidy_label, unit_of
from toolkit.reader import word_tables
from toolkit.reader.placing import place_ragged
from toolkit.reader.structure import is_account_label, is_total_label, link_rows

from toolkit.vocabulary import HEADER_VOCAB, ROLE_WORDS

TITLE_HINT = re.compile(r"총괄|현황|내역|규모|세입|세출|예산|집행|인력|조직|부서별|회계별|성과|재원|편성")
SENTENCE_END = re.compile(r"(다|음|함|임|됨)\.?\s*$")
_YEARISH = re.compile(r"^[’'‘´`]?(19|20)?\d{2}(년|년도|년말)?$|^\d{4}\.\d{1,2}$")
MAX_PENDING = 4
MAX_BLANKS = 12


def is_header_line(parts: LineParts) -> bool:
    stripped = parts.raw.strip()
    if (is_bullet(stripped) and not parts.tabbed) or stripped.startswith(("<", "〈", "[")) or unit_of(stripped):
        return False  # "□ 세출예산 집행현황", "<세입예산안 세부내역>": headings, not column headers
    if any(f is not None and not _YEARISH.match(text) for text, f in parts.figures):
        return False
    if parts.tabbed and parts.figure_count == 0 and sum(1 for c in parts.raw.split("\t") if c.strip()) >= 3:
        return True  # a row of text cells in a tab-separated table is a header row
    if _year_row(parts) and (parts.tabbed or is_label_header(parts.label)):
        return True  # "구분 | 2019 | 2020 | 2021 | 비중(%)": years heading their columns
    words = [w for w in tidy_label(parts.raw.replace("\t", " ")).split() if not _YEARISH.match(w)]
    if not words or (not parts.tabbed and re.match(r"^(세입|세출)", words[0])):
        return False  # "세출예산 집행현황": a table's title, not its column headers
    # label headers (연번) and role words (건수) count on lines of words only: "합계 70 17 53" is a row
    wordy = parts.figure_count == 0
    # a header when at least half its words (and one) are header or role words: decided as soon as
    # the count is reached or can no longer be (a sentence is not searched to its end)
    need = (len(words) + 1) // 2
    hits = 0
    for position, w in enumerate(words):
        if _header_word(w) or (wordy and _label_or_role_word(w)):
            hits += 1
            if hits >= need:
                return True
        elif hits + len(words) - position - 1 < need:
            return False
    return False
    return False


_YEAR_CELL = re.compile(r"^(?:[’'‘´`]\d{2}|(?:19|20)\d{2})(?:년|년도|년말)?$")  # 2019, ’19 — not a bare 19


# the role words of two syllables or more ("건수", "원인행위"): one syllable ("명") is in too many words
_ROLE_VOCAB = tuple(w for _, words in ROLE_WORDS for w in words if len(w) >= 2 and re.search(r"[\uac00-\ud7a3]", w))
_HEADER_WORD = re.compile("|".join(map(re.escape, HEADER_VOCAB)))
_ROLE_WORD = re.compile("|".join(map(re.escape, _ROLE_VOCAB)))


# the same words head many lines: each word is searched for the vocabularies once
@lru_cache(maxsize=1 << 16)
def _header_word(word: str) -> bool:
    return bool(_HEADER_WORD.search(word))


@lru_cache(maxsize=1 << 16)
def _label_or_role_word(word: str) -> bool:
    return is_label_header(word) or bool(_ROLE_WORD.search(word))


def _under_header(parts: LineParts) -> bool:
    """A tab line of words with its label cell empty: header text continued under its columns."""
    return parts.tabbed and not parts.raw.split("\t")[0].strip() and parts.figure_count == 0


def _year_row(parts: LineParts) -> bool:
    """Cells that are years, two or more, in order, and otherwise only words."""
    years = []
    for text, figure in parts.figures:
        if figure is None or figure.value is None:
            continue
        if not _YEAR_CELL.match(text):
            return False
        years.append(figure.value)
    return len(years) >= 2 and (years == sorted(years) or years == sorted(years, reverse=True)) and len(set(years)) == len(years)


def _in_order(parts: LineParts) -> bool:
    """Years heading columns are printed in order ("2022 2023 2024", "’23 ’22 ’21"); small counts
    that look like two-digit years ("2022 27 10 17 11 16": a year-labelled row) are not."""
    values = [f.value for _, f in parts.figures if f is not None and f.value is not None]
    years = [v + 2000 if v < 100 else v for v in values]
    return len(set(years)) == len(years) and (years == sorted(years) or years == sorted(years, reverse=True))


def _header_key(lines: list[LineParts]) -> tuple[str, ...]:
    return tuple(w for line in header_words([p.raw.replace("\t", " ") for p in lines]) for w in line)


@dataclass
class _Builder:
    header: list[LineParts]
    title: str
    unit: str | None
    first_line: int
    rows: list[tuple[str, int, LineParts, int]] = field(default_factory=list)  # label, line, parts, indent
    last_line: int = 0
    footer: bool = False
    in_note: bool = False  # the last row ended in text that may wrap onto the next lines
    widest: int = 0  # the most figures in a row so far (kept as rows are added, not recounted per line)

    @property
    def text_column(self) -> bool:
        """The header names a text column (부진사유, 증감사유, 비고): bullets below rows are its content."""
        return any(word.replace(" ", "") in TEXT_HEADERS for word in _header_key(self.header))

    def add(self, label: str, line: int, parts: LineParts) -> None:
        self.rows.append((label, line, parts, parts.indent))
        self.widest = max(self.widest, parts.figure_count)
        self.last_line = parts.number
        self.in_note = bool(parts.note)


class TableFinder:
    def __init__(self, lines: list[LineParts], ends_cleanly: bool = True):
        self.lines = lines
        self.ends_cleanly = ends_cleanly  # False: the file stops mid-line, as a truncated export does
        self.tables: list[Table] = []
        self.open: _Builder | None = None
        self.recent: list[LineParts] = []  # text since the last table or sentence: header and title candidates
        self.pending: list[LineParts] = []  # label parts waiting for their figures
        self.candidate: list[LineParts] = []  # header lines met inside the open table
        self.blank_run = 0
        self.last_closed_line = 0
        self.skip_to = 0  # lines before this number were read as a table of words
        self.repeated: list[int] = []  # lines of rows printed again under a page-break header (read, not kept twice)

    def run(self) -> list[Table]:
        for parts in self.lines:
            self.step(parts)
        self.close(at_end=True)
        return self.tables

    def step(self, parts: LineParts) -> None:
        if parts.raw == USED or parts.number < self.skip_to:
            return
        if parts.tabbed and not self.candidate and (end := word_tables.span(self.lines, parts.number - 1)):
            self._words(parts, end)
            return
        if parts.blank:
            self.blank_run += 1
            if self.open and self.blank_run > MAX_BLANKS:
                self.close()
            return
        gap = self.blank_run > 0
        self.blank_run = 0
        text = parts.raw.strip()
        unit = unit_of(text)
        if unit and parts.figure_count == 0:
            bare = re.sub(r"[(（][^)）]*[)）]|단\s*위\s*[:：].*", "", text).strip(" <>〈〉")
            if self.open and self.open.unit is None and not bare and not self.candidate:
                self.open.unit = unit  # "(단위 : 백만원)" printed under the table
                self.open.last_line = parts.number
                self.open.footer = True
                return
            self.close()
            self.recent.append(parts)
            return
        years_only = not parts.label and parts.figures and all(_YEARISH.match(t) for t, _ in parts.figures) and _in_order(parts)
        if is_header_line(parts) or (years_only and (self.candidate or not self.open)):
            if self.open:
                self.candidate.append(parts)
                self.pending.clear()
                self.open.in_note = False
            else:
                self.recent.append(parts)
            return
        if _numbered_title(parts):
            self.close()  # "Ⅱ. 예산 현황 2": a section heading ends the table above and may title the next
            self.recent.append(parts)
            return
        is_row = parts.figure_count >= 1 and not years_only and (parts.label or self.pending or parts.figure_count >= 2 or self.open)
        # in a cell syntax every line of an open table is a row, one of empty cells included
        is_row = is_row or bool(self.open and self.open.rows and parts.tabbed and parts.label and self.open.rows[-1][2].tabbed and not self.candidate)
        if not is_row:
            self._text(parts, gap)
            return
        # under a header met inside the table, a row wider than every row so far starts another table
        wider = bool(self.open and self.open.rows) and parts.figure_count > self.open.widest
        if self.open and self.candidate and (wider or not self._same_header()):
            carried = self.candidate + self.pending
            self.close()
            self.recent = carried
        if not self.open:
            # a numbered label ("1) 합계", "① 살림규모") opens a table; a symbol bullet (○ □) is prose
            # one figure opens a table right under a header line (in a cell syntax: under any header);
            # a label over 60 characters is a sentence in plain text, but in a cell syntax it is a cell
            under_header = bool(self.recent) and is_header_line(self.recent[-1]) and not gap
            few = parts.figure_count < 2 and not (parts.label and (under_header or (parts.tabbed and any(is_header_line(p) for p in self.recent))))
            if few or (is_bullet(text) and not is_numbered(text)) or (len(parts.label) > 60 and not parts.tabbed):
                self._text(parts, gap)
                return
            self.start(parts)
        repeated_header = bool(self.candidate)
        self.candidate = []
        if repeated_header and self.open.rows and _same_row(self.open.rows[-1][2], parts):
            self.pending.clear()
            self.repeated.append(parts.number)
            return  # the last row printed again under the repeated header
        # label lines run into a row that has its own label only when nothing separates them
        label_parts = [] if (parts.label and gap) else [p.raw for p in self.pending]
        label = tidy_label(" ".join(label_parts + [parts.label]))
        self.open.add(label, parts.number, parts)
        self.pending.clear()

    def _words(self, parts: LineParts, end: int) -> None:
        """A table of words (word_tables.py) from this header row to line `end`."""
        self.close()
        title = self._title(self.recent, parts.number)
        self.tables.append(word_tables.build(self.lines, parts.number - 1, end, f"T{len(self.tables) + 1:02d}", title))
        self.repeated += word_tables.repeated(self.lines, parts.number - 1, end)
        self.last_closed_line = end
        self.skip_to = end + 1
        self.recent = []
        self.blank_run = 0

    def _text(self, parts: LineParts, gap: bool) -> None:
        text = parts.raw.strip()
        long_sentence = len(tidy_label(text)) > 40 or SENTENCE_END.search(text)
        if self.open and self.candidate and _YEARISH.match(text):
            self.candidate.append(parts)  # a header spread over lines ("2024년" / "예산안")
            return
        if self.open and self.open.in_note and not gap and not is_bullet(text):
            return  # the rest of the previous row's note, wrapped onto the next line
        if self.open and self.open.text_column and is_bullet(text) and not long_sentence:
            self.open.in_note = True  # "· 용역 준공기한 미도래": the text column of the row above
            return
        if self.open:
            if is_bullet(text) or long_sentence or len(self.pending) >= MAX_PENDING:
                self.close()
            else:
                self.pending.append(parts)
                self.open.in_note = False
                return
        if (is_bullet(text) and not TITLE_HINT.search(text)) or long_sentence:
            self.recent.clear()
        else:
            self.recent.append(parts)
        self.recent = self.recent[-14:]

    def _same_header(self) -> bool:
        """A header met inside a table: the page-break repeat of its own, or the next table's."""
        seen = _header_key(self.candidate)
        known = _header_key(self.open.header)
        if self.open.footer:  # a table closed by its unit line continues only under the very same header
            return seen == known
        def vocabulary(words):
            return {v for w in words for v in HEADER_VOCAB if v in w}
        return bool(vocabulary(seen)) and vocabulary(seen) <= vocabulary(known)

    def start(self, parts: LineParts) -> None:
        marks = [i for i, p in enumerate(self.recent) if is_header_line(p)]
        header_start = marks[0] if marks else len(self.recent)
        header_end = marks[-1] + 1 if marks else len(self.recent)
        while marks and header_end < len(self.recent) and _under_header(self.recent[header_end]):
            header_end += 1  # "\t10월)": the rest of a header cell, wrapped under its column
        header = self.recent[header_start:header_end]
        before = self.recent[:header_start]
        # short lines after the header are the first row's label, not header
        self.pending = [p for p in self.recent[header_end:] if not p.figures] + [p for p in self.pending if p.number > (header[-1].number if header else 0)]
        unit = next((unit_of(p.raw) for p in reversed(before + header) if unit_of(p.raw)), None)
        title = self._title(before, parts.number)
        first = header[0].number if header else parts.number
        self.open = _Builder(header=header, title=title, unit=unit, first_line=first)
        self.recent = []

    def _title(self, before: list[LineParts], line: int) -> str:
        candidates = list(reversed(before))
        for parts in candidates:
            cleaned = _clean_title(parts.label if _numbered_title(parts) else parts.raw)  # without its page number
            if _title_like(cleaned):
                return cleaned
        for parts in reversed(self.lines[max(self.last_closed_line, line - 30) : line - 1]):
            cleaned = _clean_title(parts.raw)
            if _title_like(cleaned) and not parts.figures and not is_header_line(parts):
                return cleaned
        return ""

    def close(self, at_end: bool = False) -> None:
        builder, self.open = self.open, None
        if builder is not None:
            self.recent = self.candidate + list(self.pending)  # lines after a table may title the next one
        self.pending = []
        self.candidate = []
        if builder is None or not builder.rows:
            return
        self.last_closed_line = builder.last_line
        # a table the file cuts off: the text stops mid-line, or its last row lacks figures
        cut = at_end and (not self.ends_cleanly or len(builder.rows[-1][2].figures) < max(len(r[2].figures) for r in builder.rows))
        table = _build_table(builder, len(self.tables) + 1, self.lines, complete=not cut)
        if table is not None:
            self.tables.append(table)


def _same_row(before: LineParts, now: LineParts) -> bool:
    return before.label == now.label and [t for t, _ in before.figures] == [t for t, _ in now.figures]


# a section heading's numbering: 장 (Ⅰ.) and 절 (1.); table rows number with 1), (1), ①, 가.
_SECTION_NUMBER = re.compile(r"^\s*(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+|\d{1,2})\.\s*\S")


def _numbered_title(parts: LineParts) -> bool:
    """A section heading followed by its page or section number ("1. 세출 현황 1", "Ⅱ. 예산 현황 2",
    as a table of contents or a running head prints it): a title, not a one-figure data row. The
    number is a bare integer of at most three digits; an amount has separators or more digits."""
    if parts.figure_count != 1 or not _SECTION_NUMBER.match(parts.label) or is_total_label(parts.label) or is_account_label(parts.label):
        return False
    text = next(t for t, f in parts.figures if f is not None)
    return bool(re.fullmatch(r"\d{1,3}", text.strip())) and _title_like(_clean_title(parts.label))


def _title_like(text: str) -> bool:
    """A heading, not a sentence: short, names a table subject, states no amounts."""
    return bool(text) and len(text) <= 40 and bool(TITLE_HINT.search(text)) and not SENTENCE_END.search(text) \
        and not re.search(r"\d\s*(억|만원|천원|%)|[은는이가을를]\s|으로", text)


def _clean_title(raw: str) -> str:
    text = re.sub(r"[(（][^)）]*(단\s*위|기준)[^)）]*[)）]", "", raw)
    text = re.sub(r"[\ue000-\uf8ff]", "", text)  # symbol-font bullets from HWP
    text = re.sub(r"^[\s※●○□■◆◇<〈「『【\d.)(Ⅰ-Ⅻ]+", "", text)
    return tidy_label(text.strip(" <>〈〉「」『』【】"))


def _build_table(builder: _Builder, number: int, lines: list[LineParts], complete: bool) -> Table | None:
    tabbed = any(parts.tabbed for _, _, parts, _ in builder.rows)
    if tabbed:
        starts = Counter(_first_figure(parts.raw) for _, _, parts, _ in builder.rows)
        first_data = max(starts.most_common(1)[0][0], 1)
        if set(starts) == {0} and builder.header and all(len(p.raw.split("\t")) == len(builder.rows[0][2].raw.split("\t")) for p in builder.header):
            first_data = 0  # rows of figures only, as wide as their header: no label column ("총합계 | 전산장비 …" over "3,809식 | 2,625식 …")
        starts_at = [_tab_start(parts.raw, first_data) for _, _, parts, _ in builder.rows]
        # a plain row in a table of tab lines (a vertical table's rows) keeps its own figures
        raw_rows = [_tab_cells(parts.raw, start) if parts.tabbed else list(parts.figures)
                    for (_, _, parts, _), start in zip(builder.rows, starts_at)]
        starts_at = [start if parts.tabbed else 0 for (_, _, parts, _), start in zip(builder.rows, starts_at)]
    else:
        first_data = 0
        starts_at = [0] * len(builder.rows)
        raw_rows = [[(text, figure) for text, figure in parts.figures] for _, _, parts, _ in builder.rows]
    # tab-separated rows too: a year in the label column of a table printed without a header
    # more figures than most rows: a leading serial number or year ("2023 24 7 17") is label
    # text; a leading amount ("1,845,002") means the other rows left a column empty
    usual = Counter(len(r) for r in raw_rows).most_common(1)[0][0]
    # rows labelled by a year ("2022 27 10 17 11 16") under rows labelled by words ("합계 70 17 53 31 39"):
    # the rows with a word label give the width, however many year rows there are
    worded = [len(r) for r in raw_rows if not (r and _YEAR_CELL.match(r[0][0]) and len(r[0][0]) == 4)]
    if worded and len(worded) < len(raw_rows):
        usual = Counter(worded).most_common(1)[0][0]
    for index, cells in enumerate(raw_rows):
        extra = cells[: max(0, len(cells) - usual)]
        if extra and all(re.fullmatch(r"\d{1,4}", text) for text, _ in extra):
            label, line, parts, indent = builder.rows[index]
            builder.rows[index] = (tidy_label(" ".join([label] + [t for t, _ in extra])), line, parts, indent)
            raw_rows[index] = cells[len(extra) :]
            starts_at[index] += len(extra)
    count = max(len(r) for r in raw_rows)
    if count == 0:
        return None
    if tabbed and any(p.tabbed for p in builder.header):
        header_rows = [p.raw.split("\t") for p in builder.header]
        columns = columns_from_cells(header_rows, first_data, count)
    else:
        columns = columns_from_header([p.raw for p in builder.header], count)
    rows: list[Row] = []
    for index, ((label, line, parts, indent), cells, start) in enumerate(zip(builder.rows, raw_rows, starts_at)):
        # in plain text a row with fewer figures than columns cannot say which columns are empty
        certain = tabbed or len(cells) >= count
        built = tuple(
            Cell(column=i, printed=text, value=figure.value if figure else None, line=parts.cell_line(start + i),
                 decimals=figure.decimals if figure else 0, word=figure.word if figure else None, certain=certain)
            for i, (text, figure) in enumerate(cells[:count])
        )
        # the columns a ragged row leaves empty are kept as empty, uncertain cells
        built += tuple(Cell(column=i, printed="", value=None, line=parts.number, certain=False) for i in range(len(built), count))
        rows.append(Row(index=index, label=label, line=line, cells=built, level=indent))
    rows, columns, counted = _counts(rows, columns)
    columns = _rates_by_print(columns, rows)
    if not _columns_fit(columns, rows):
        # the header was misread (a rate column holding amounts, say): judge nothing rather than wrongly
        columns = tuple(replace(c, role="other", pair=None) for c in columns)
    unit = counted or builder.unit or ("%" if all(c.role in RATE_ROLES for c in columns) else "")
    rows = link_rows(rows, columns, rounded=unit in UNIT_FACTORS)
    rows, placed = place_ragged(rows, columns, rounded=unit in UNIT_FACTORS)
    if placed:  # the parents again, over the figures where they stand
        rows = link_rows(rows, columns, rounded=unit in UNIT_FACTORS)
    return Table(
        id=f"T{number:02d}", title=builder.title or f"표 {number}", unit=unit,
        first_line=builder.first_line, last_line=max([builder.last_line, rows[-1].line] + [c.line for r in rows for c in r.cells]),
        columns=columns, rows=tuple(rows), complete=complete,
    )


def _counts(rows: list[Row], columns):
    """Counts printed with their unit word ("3,809식", vocabulary COUNT_UNITS): when every figure of the
    table is a count of one unit, they are figures of a count (role "count", the unit word the table's
    unit); otherwise they are kept as words with no value, so counts of different units, or counts
    beside amounts, are never added together."""
    figures = [c for r in rows for c in r.cells if c.value is not None]
    units = {count_unit(c.printed) for c in figures}
    if not figures or units == {None}:
        return rows, columns, None
    if len(units) == 1:
        counted = {c.column for c in figures}
        return rows, tuple(replace(c, role="count", pair=None) if c.index in counted else c for c in columns), units.pop()
    rows = [replace(r, cells=tuple(replace(c, value=None) if count_unit(c.printed) else c for c in r.cells)) for r in rows]
    return rows, columns, None


def _rates_by_print(columns, rows: list[Row]):
    """A column no header word names (role "amount") is a rate when its figures are printed as rates
    (CONVENTIONS, "Printing"): mostly with %, or all with decimals within ±100 in a table whose other
    amounts are whole numbers in the thousands; a rate is never summed."""
    def figures(index: int) -> list[Cell]:
        return [c for r in rows for c in r.cells if c.column == index and c.value is not None]

    def whole_amounts(index: int) -> bool:
        cells = figures(index)
        return len(cells) >= 2 and all(c.decimals == 0 for c in cells) and sorted(abs(c.value) for c in cells)[len(cells) // 2] > 1000

    out = []
    for column in columns:
        cells = figures(column.index)
        if column.role == "amount" and len(cells) >= 2 and (
            sum(c.printed.endswith("%") for c in cells) / len(cells) > 0.8
            or (len(cells) >= 3 and all(c.decimals > 0 and abs(c.value) <= 100 for c in cells)
                and any(whole_amounts(o.index) for o in columns if o.index != column.index and o.role in SUMMABLE_ROLES))
        ):
            column = replace(column, role="rate", pair=None)
        out.append(column)
    return tuple(out)


def _columns_fit(columns, rows: list[Row]) -> bool:
    """Whether each column's figures look like its role: rates mostly printed with % or small."""
    for column in columns:
        cells = [c for r in rows for c in r.cells if c.column == column.index and c.value is not None]
        if len(cells) < 2:
            continue
        percent = sum(c.printed.endswith("%") for c in cells) / len(cells)
        typical = sorted(abs(c.value) for c in cells)[len(cells) // 2]
        if column.role in RATE_ROLES and percent < 0.5 and typical > 1000:
            return False
        if column.role not in RATE_ROLES and percent > 0.8:
            return False
    return True


def _first_figure(raw: str) -> int:
    return first_figure_cell(raw.split("\t"))


def _tab_start(raw: str, first_data: int) -> int:
    first = _first_figure(raw)
    return first if first < first_data else first_data  # a label in one cell shifts the figures left


def _tab_cells(raw: str, start: int) -> list[tuple[str, object]]:
    cells = raw.split("\t")
    while cells and not cells[-1].strip():
        cells.pop()
    return [(c.strip(), tab_cell_figure(c) if c.strip() else None) for c in cells[start:]]
