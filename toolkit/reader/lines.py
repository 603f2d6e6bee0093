"""One report line split into indentation, label and figures.

Plain-text exports put a row on one line: a label, then figures separated by
spaces. Tab-separated exports keep cell positions, so empty cells stay empty
and a label may spread over two cells.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from toolkit.figures import Figure
from toolkit.figures import parse_figure as _parse_figure
from toolkit.vocabulary import COUNT_UNITS, NUMBERING

_HANGUL = re.compile(r"^[\uac00-\ud7a3]$")
_COMPOUND = re.compile(r"^(?P<count>[△▵\-−]?[\d,]+)\s*\((?P<rate>[^)]*%)\)$")
BULLETS = ("※", "○", "□", "▸", "◦", "•", "·", "･", "․", "ㅇ", "-", "⇨", "➡", "◇", "◆", "■", "●", "▶", "*", "‣", "▪", "◾", "→")
EMPTY_CELL = "\x00"
# a line a block reader read into the row above it (a box rule, a vertical cell): not a gap
USED = "\x1f"
# a tab-line cell printed on another line than its row ends in CELL_LINE + that line's number
CELL_LINE = "\x1e"
UNIT_LINE = re.compile(r"단\s*위\s*[:：]?\s*(?P<units>[^)）]*)")


@dataclass(frozen=True)
class LineParts:
    number: int
    raw: str
    indent: int
    label: str
    figures: tuple[tuple[str, Figure | None], ...]  # positional; None = empty cell
    tabbed: bool
    note: str = ""  # text printed after the figures (a 증감사유 or 비고 column)
    cell_lines: tuple[int, ...] = ()  # tab lines: the line each cell was printed on, if not `number`

    def cell_line(self, index: int) -> int:
        return self.cell_lines[index] if index < len(self.cell_lines) else self.number

    @property
    def blank(self) -> bool:
        return not self.raw.strip().replace("\u3000", "")

    @property
    def figure_count(self) -> int:
        return sum(1 for _, figure in self.figures if figure is not None)


@lru_cache(maxsize=1 << 16)
def tidy_label(text: str) -> str:
    """Collapse whitespace and join spaced-out Hangul ("빅 데 이 터 담 당 관" -> "빅데이터담당관")."""
    tokens = text.replace("\u3000", " ").replace("\u00a0", " ").split()
    out: list[str] = []
    run: list[str] = []
    for token in tokens + [""]:
        if len(token) == 1 and "\uac00" <= token <= "\ud7a3":  # _HANGUL without a regex call: one syllable
            run.append(token)
            continue
        if run:
            out.append("".join(run) if len(run) > 1 else run[0])
            run = []
        if token:
            out.append(token)
    return " ".join(out)


# joins the cells of a row named by two label columns; read back by places.row_path
LABEL_PATH = " › "
# what label_key drops; the ledger applies the same pattern to its key columns with polars
LABEL_NOISE = r"[\s·ㆍ‧･・,<>〈〉「」\"'“”‘’›]"


@lru_cache(maxsize=1 << 16)  # every row label, once per judgement and per place lookup
def label_key(text: str) -> str:
    """The form labels are matched by: no numbering prefix ("1-1) 가사업" is 가사업 in another
    table), no spaces, no punctuation that varies between tables."""
    return re.sub(LABEL_NOISE, "", NUMBERING.sub("", text.strip()))


_NUMBER_MARK = re.compile(r"^\s*\d{1,2}(?:-\d{1,2})*\)\s*$")


@lru_cache(maxsize=1 << 16)  # called for every token of every line, several times (figures.parse_figure's reason)
def parse_figure(text: str) -> Figure | None:
    """A figure, but never a numbering prefix standing alone ("1)", "2-1)")."""
    return None if _NUMBER_MARK.match(text) else _parse_figure(text)


def _cell_figure(text: str) -> Figure | None:
    figure = parse_figure(text)
    if figure is not None:
        return figure
    compound = _COMPOUND.match(text.strip())
    if compound:  # "59 (23.2%)": a count with its share; the count is the cell's figure
        inner = parse_figure(compound.group("count"))
        if inner is not None:
            return Figure(text.strip(), inner.value, inner.decimals)
    return None


_COUNT = re.compile(r"^(?P<number>\d{1,3}(?:,\d{3})+|\d+)\s?(?P<unit>" + "|".join(COUNT_UNITS) + r")$")


def count_unit(text: str) -> str | None:
    """The unit word of a count printed with it ("3,809식" → 식), None for any other text."""
    match = _COUNT.match(text.strip())
    return match.group("unit") if match else None


def tab_cell_figure(text: str) -> Figure | None:
    """A figure in a cell: also a count printed with its unit word ("3,809식", "209개"), which only a
    cell of its own makes a figure (in a sentence it is a claim's wording)."""
    figure = _cell_figure(text)
    if figure is not None:
        return figure
    match = _COUNT.match(text.strip())
    if match:
        return Figure(text.strip(), float(match.group("number").replace(",", "")))
    return None


def split_line(number: int, raw: str) -> LineParts:
    if "\t" in raw:
        return _split_tabbed(number, raw)
    return _split_plain(number, raw)


_GARBLED = re.compile(r"^[<(]?[△▵\-−]?\d[\d,.]*\d(?:/?[A-Za-z]{1,3}>?|\)?)$")  # digits misprinted or with tag residue
_SIGNS = ("△", "▵", "▲")  # never a none-mark, so "△ 79,392" is one negative figure


_SPACES = re.compile(r" +")
_HANGUL_ANY = re.compile(r"[\uac00-\ud7a3]")
_SPLIT_GROUP = re.compile(r"^,\d{3}(?:,\d{3})*(?:\.\d+)?%?$")
# a cell-boundary mark some exports print after a cell ("출연금 12,997,000 … (x-)"): no text of the row
CELL_MARK = re.compile(r"^\([A-Za-z\-+*/~ ]{1,4}\)$")


_GROUP_HEAD = re.compile(r"[△▵\-−]?\d{1,3}")


def _glue_signs(tokens: list[str]) -> list[str]:
    """"△ 79,392" and "40 ,510" are one figure each; cell marks are dropped."""
    out: list[str] = []
    for token in tokens:
        first = token[:1]
        # the first character decides cheaply whether a pattern can match at all (most tokens are neither)
        if first == "(" and CELL_MARK.match(token):
            continue
        if out and ((out[-1] in _SIGNS and first.isdigit()) or (first == "," and _SPLIT_GROUP.match(token) and _GROUP_HEAD.fullmatch(out[-1]))):
            out[-1] += token
        else:
            out.append(token)
    return out


def _split_plain(number: int, raw: str) -> LineParts:
    stripped = raw.lstrip(" \u3000")
    indent = raw[: len(raw) - len(stripped)].count("\u3000") + (len(raw) - len(stripped)) // 2
    if "\u3000" in stripped:
        # a lone full-width space between figures is how HWP exports an empty cell
        tokens = [EMPTY_CELL if t == "\u3000" else t for t in _SPACES.split(stripped.strip(" "))]
        tokens = [t for token in tokens for t in ([token] if token == EMPTY_CELL else token.replace("\u3000", " ").split())]
    else:  # no full-width space: the same tokens as above, every run of whitespace separating two
        tokens = stripped.split()
    tokens = _glue_signs(tokens)
    note: list[str] = []
    if tokens and parse_figure(tokens[-1]) is None:
        # "공유재산임대료 8,095 7,424 672 9.0% 공공요금 인상에 따른 ..." : figures, then a text column
        # the last figure, if the token before it is a figure too (tokens parsed from the end, not all of a sentence)
        final = next((i for i in range(len(tokens) - 1, 0, -1) if parse_figure(tokens[i]) is not None), None)
        last = final if final is not None and parse_figure(tokens[final - 1]) is not None else None
        if last is not None and _HANGUL_ANY.search(" ".join(tokens[last + 1 :])):
            note, tokens = tokens[last + 1 :], tokens[: last + 1]
    figures: list[tuple[str, Figure | None]] = []  # right to left, reversed at the end
    while tokens:
        if tokens[-1] == EMPTY_CELL:
            tokens.pop()
            if figures:  # only between figures; trailing or leading blanks say nothing
                figures.append(("", None))
            continue
        figure = parse_figure(tokens[-1])
        if figure is None and figures and len(tokens) >= 2 and _GARBLED.match(tokens[-1]) and parse_figure(tokens[-2]) is not None:
            # a misprinted figure between figures ("35,498,8000", "<171,340/td>") is a cell of its own
            # with no value, so the figures before it stay figures
            figure = Figure(tokens[-1], None)
        if figure is None:
            break
        figures.append((tokens.pop(), figure))
    figures.reverse()
    label = tidy_label(" ".join(t for t in tokens if t != EMPTY_CELL))
    return LineParts(number, raw, indent, label, tuple(figures), False, " ".join(note))


def with_line(cell: str, line: int) -> str:
    """A tab-line cell that keeps the (1-based) line it was printed on."""
    return f"{cell}{CELL_LINE}{line}"


_YEAR_LABEL = re.compile(r"^(?:19|20)\d{2}(?:년|년도)?$")


def first_figure_cell(cells: list[str]) -> int:
    """Where a tab-separated row's figures start (len(cells) if nowhere)."""
    units = {count_unit(c) for c in cells if c.strip()}

    def figure(i: int) -> bool:
        if not cells[i].strip():
            return False
        if i == 0 and count_unit(cells[0]):  # "3회 | 65.7%": a count in the first cell names the row,
            return len(units) == 1  # unless the whole row counts one unit ("3,809식 | 2,625식")
        return tab_cell_figure(cells[i]) is not None

    # a year in the first cell with figures after it labels the row ("2023 | 24 | 7")
    start = 1 if cells and _YEAR_LABEL.match(cells[0].strip()) and any(figure(i) for i in range(1, len(cells))) else 0
    first = next((i for i in range(start, len(cells)) if figure(i) and cells[i].strip() != "-"), None)
    if first is None:  # a row of "-" and change words only ("라사업 - - -") is still a row
        first = next((i for i in range(max(start, 1), len(cells)) if figure(i)), len(cells))
    while first > max(start, 1) and figure(first - 1) and cells[first - 2].strip():
        first -= 1  # "폐지사업 | - | 600": the "-" right after the label is the first figure cell
    return first


def _split_tabbed(number: int, raw: str) -> LineParts:
    cell_lines: tuple[int, ...] = ()
    if CELL_LINE in raw:
        marked = [cell.partition(CELL_LINE) for cell in raw.split("\t")]
        cell_lines = tuple(int(line) if line.isdigit() else number for _, _, line in marked)
        raw = "\t".join(text for text, _, _ in marked)
    cells = raw.split("\t")
    while cells and not cells[-1].strip():
        cells.pop()
    first = first_figure_cell(cells)
    label_cells = cells[:first]
    texts = [c.strip() for c in label_cells]
    filled = [i for i, t in enumerate(texts) if t and t != "-"]  # a bare "-" before the figures is an empty amount, not the label
    indent = filled[-1] if filled else 0
    # two label columns (부서 | 회계, 구분 | 세부사업): the row is named by both, outer first.
    # Not parts of a name: a lone syllable (a word printed down the column, 세/출, one per row)
    # and a dash standing for an empty figure before the first figure
    named = [texts[i] for i in filled if not _HANGUL.match(texts[i]) and texts[i] not in ("-", "−", "–")]
    label = LABEL_PATH.join(tidy_label(t) for t in named) if named else tidy_label(texts[filled[-1]]) if filled else ""
    figures = tuple((c.strip(), tab_cell_figure(c) if c.strip() else None) for c in cells[first:])
    return LineParts(number, raw, indent, label, figures, True, cell_lines=cell_lines)


def is_numbered(text: str) -> bool:
    """The text starts with a numbering prefix (1), 1-1), (1), ①, 가., Ⅰ.), which a row label may carry."""
    return bool(NUMBERING.match(text.strip().lstrip("\u3000 ")))


_NUMBERED_BULLET = re.compile(r"^([①-⑳]|\d+\)|\(\d+\)|[가-하]\.)")


@lru_cache(maxsize=1 << 16)  # asked of the same line by several of the table finder's tests
def is_bullet(text: str) -> bool:
    stripped = text.strip().lstrip("\u3000 ")
    private_use = bool(stripped) and "\ue000" <= stripped[0] <= "\uf8ff"  # HWP symbol-font bullets
    return bool(stripped) and (private_use or stripped.startswith(BULLETS) or bool(_NUMBERED_BULLET.match(stripped)))


@lru_cache(maxsize=1 << 16)
def unit_of(text: str) -> str | None:
    """The amount unit named in a "(단위 : 천원, %)" line, '%' alone if only rates."""
    match = UNIT_LINE.search(text)
    if not match:
        return None
    units = match.group("units")
    for unit in ("백만원", "천원", "억원", "원"):
        if unit in units:
            return unit
    for unit in ("명", "건", "개", "%"):
        if unit in units:
            return unit
    return None
