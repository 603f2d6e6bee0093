"""How much of a report's figures the reader captured (recon extract --stats).

Table side: every numeric token on a line inside a table (header, unit and title lines
aside, and numbers that are part of a row's label) should be a cell printed on that line.
Sentence side: every amount in 원 and every percentage outside tables should be a claim.
The lines whose tokens ended up nowhere are listed, so a person can see what was missed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from toolkit.model import Report
from toolkit.reader.claims import AMOUNT, PERCENT
from toolkit.reader.lines import split_line, unit_of
from toolkit.reader.tables import is_header_line

NUMBER = re.compile(r"[△▵\-−]?\d[\d,]*(?:\.\d+)?%?")


@dataclass
class Coverage:
    table_tokens: int = 0
    table_captured: int = 0
    sentence_tokens: int = 0
    sentence_captured: int = 0
    missed: dict[int, list[str]] = field(default_factory=dict)

    @staticmethod
    def ratio(part: int, whole: int) -> float:
        return part / whole if whole else 1.0


def measure(report: Report, text: str) -> Coverage:
    lines = text.splitlines()
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
    for claim in report.claims:
        claimed.setdefault(claim.line, Counter())[re.sub(r"\s", "", claim.printed)] += 1
    for number, raw in enumerate(lines, start=1):
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
                if token in cells:
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
