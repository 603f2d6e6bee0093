"""HTML: <table> rows become tab-separated lines on the line each <tr> starts on.

colspan and rowspan are expanded the way merged cells export to text: the text stands
in the first cell it covers and the others are empty, so group headers stand over their
columns. A row label merged over several rows (a department name over its 소계 / 일반회계 /
특별회계 rows) is carried down to every row it covers, since it names each of them; a
merged figure is not (it is printed once). Paragraphs and list items keep their text on
their own lines for the claims reader.
"""

from __future__ import annotations

from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "caption"}
BLOCKS = {"p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "br", "td", "th", "tr"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[tuple[str, int, int]]]] = []  # (line, [(text, colspan, rowspan)])
        self.text: dict[int, str] = {}
        self.depth = 0  # inside <table>
        self.row: list | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.skip = 0  # inside <script>/<style>
        self.heading = False  # inside <h1>…<h6> or <caption>: a table's title, not its header

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in HEADINGS:
            self.heading = True
        elif tag == "table":
            self.depth += 1
        elif tag == "tr" and self.depth:
            self.row = []
            self.rows.append((self.getpos()[0], self.row))
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.span = (_int(attrs.get("colspan")), _int(attrs.get("rowspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in HEADINGS:
            self.heading = False
        elif tag == "table":
            self.depth = max(0, self.depth - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append((" ".join("".join(self.cell).split()), *self.span))
            self.cell = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif (not self.depth or self.heading) and data.strip():
            line = self.getpos()[0]
            for offset, piece in enumerate(data.split("\n")):
                if piece.strip():
                    # a heading is written as a □ title line, the way text exports print table titles
                    mark = "□ " if self.heading and line + offset not in self.text else ""
                    self.text[line + offset] = (self.text.get(line + offset, "") + " " + mark + piece.strip()).strip()


def _int(value) -> int:
    try:
        return max(1, min(int(value), 200))
    except (TypeError, ValueError):
        return 1


def _grid(rows: list[tuple[int, list[tuple[str, int, int]]]]) -> list[tuple[int, list[str]]]:
    """Expand colspan/rowspan: text in the first covered cell, the rest empty; a rowspan
    label (text, not a figure) is repeated in the rows below it."""
    from toolkit.figures import is_figure

    pending: dict[tuple[int, int], str] = {}  # (row, column) taken by a rowspan from above: text carried down
    out = []
    for r, (line, cells) in enumerate(rows):
        grid: list[str] = []
        column = 0
        for text, colspan, rowspan in cells:
            while (r, column) in pending:
                grid.append(pending.pop((r, column)))
                column += 1
            carried = text if text and not is_figure(text) else ""
            for k in range(colspan):
                grid.append(text if k == 0 else "")
                for down in range(1, rowspan):
                    pending[(r + down, column + k)] = carried if k == 0 else ""
            column += colspan
        while (r, column) in pending:
            grid.append(pending.pop((r, column)))
            column += 1
        out.append((line, grid))
    return out


def to_lines(text: str) -> list[str]:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    count = text.count("\n") + 1
    lines = [""] * count
    for number, body in reader.text.items():
        if 0 < number <= count:
            lines[number - 1] = body
    for line, grid in _grid(reader.rows):
        index = line - 1
        while 0 <= index < count and lines[index] and "\t" in lines[index]:
            index += 1  # several rows on one source line: the next free line (minified HTML)
        if 0 <= index < count:
            lines[index] = "\t".join(grid) + ("\t" if len(grid) == 1 else "")
    return lines
