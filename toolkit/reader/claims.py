"""Narrative claims: amounts and rates stated in sentences, with the words around them.

PDF exports wrap sentences mid-word and put blank lines between the pieces, so a
paragraph runs from one bullet to the next across blank lines; offsets into the
joined text map back to report lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from toolkit.figures import MAX_DIGITS
from toolkit.korean_amounts import parse_amount
from toolkit.model import Breakdown, Calculation, CalculationTotal, Claim
from toolkit.reader.lines import LineParts, is_bullet

# Every pattern on sentence text is linear: a figure starts where no digit precedes it, and every run
# is bounded by what an amount can be (20 digits with separators, the six unit words, a few spaces),
# so a run of thousands of digits, unit words or spaces is tried once, not once per position.
_NUM = r"\d[\d,]{0,26}(?:\.\d{1,6})?"
_GAP = r"\s{0,3}"
_AMOUNT_BODY = rf"{_NUM}{_GAP}(?:[조억천백십만]{_GAP}(?:{_NUM}{_GAP})?){{0,8}}"
AMOUNT = re.compile(rf"(?P<sign>[△▵\-−](?={_GAP}\d))?(?<![\d,.])(?P<body>{_AMOUNT_BODY})원")
PERCENT = re.compile(rf"(?:(?P<sign>[△▵\-−]){_GAP})?(?<![\d,.])(?P<num>\d{{1,15}}(?:\.\d{{1,6}})?){_GAP}%")
# "65개 세부사업", "12개 단위사업": counts a sentence states about a list
COUNT = re.compile(rf"(?<!\d)(?P<num>\d{{1,9}}){_GAP}개{_GAP}(?=세부사업|단위사업|정책사업|사업|과제|항목|부서|팀)")
# "서울시민카드 플랫폼 운영 3억 3,933만원": a list item, a paragraph of its own
LIST_ITEM = re.compile(rf"^[\s▸◦·\-]{{0,8}}(?=[^○※]{{0,80}}[\uac00-\ud7a3])[^○※\s][^○※]{{1,60}}?\s[△▵]?{_AMOUNT_BODY}원\s*$")


def _paragraphs(lines: list[LineParts], skip: set[int]) -> list[list[LineParts]]:
    paragraphs: list[list[LineParts]] = []
    current: list[LineParts] = []
    for parts in lines:
        if parts.number in skip:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if parts.blank:
            continue
        stripped = parts.raw.strip()
        # a list item is short (a long line never is) and ends in 원 (LIST_ITEM's end, tested before the regex)
        item = len(stripped) <= 160 and stripped.endswith("원") and bool(LIST_ITEM.match(stripped))
        starts_new = is_bullet(parts.raw) or "\t" in parts.raw or item
        if starts_new and current:
            paragraphs.append(current)
            current = []
        current.append(parts)
        if "\t" in parts.raw or item:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def find_claims(lines: list[LineParts], table_lines: set[int]) -> list[Claim]:
    claims: list[Claim] = []
    for paragraph in _paragraphs(lines, table_lines):
        text = ""
        starts: list[tuple[int, int]] = []
        for parts in paragraph:
            if text:
                text += " "
            starts.append((len(text), parts.number))
            text += parts.raw.strip().replace("\t", " ")
        span = tuple(p.number for p in paragraph)

        offsets = [start for start, _ in starts]

        def line_at(offset: int) -> int:
            return starts[max(0, bisect_right(offsets, offset) - 1)][1]

        # each pattern ends in (or names) its unit: a paragraph without the unit is not scanned for it
        for match in AMOUNT.finditer(text) if "원" in text else ():
            printed = match.group(0).strip()
            if not re.search(r"[조억천백만]", printed) and len(match.group("body").replace(",", "").strip()) < 4:
                continue  # "5원" style fragments are not report amounts
            if sum(ch.isdigit() for ch in printed) > MAX_DIGITS:  # text, not an amount
                continue
            try:
                amount = parse_amount(printed)
            except (ValueError, OverflowError):  # one malformed figure costs its claim, not the report
                continue
            claims.append(Claim(line_at(match.start()), printed, float(amount.value), "원", float(amount.precision), text, match.start(), span))
        for match in COUNT.finditer(text) if "개" in text else ():
            claims.append(Claim(line_at(match.start()), match.group(0).strip(), float(match.group("num")), "개", 1.0, text, match.start(), span))
        for match in PERCENT.finditer(text) if "%" in text else ():
            number = match.group("num")
            decimals = len(number.split(".")[1]) if "." in number else 0
            value = float(number) * (-1 if match.group("sign") else 1)
            # the line the figure is printed on: where its sign or digits start, not the space before
            begin = match.start("sign") if match.group("sign") else match.start("num")
            claims.append(Claim(line_at(begin), match.group(0).strip(), value, "%", 10.0**-decimals, text, begin, span))
    claims.sort(key=lambda c: (c.line, c.start))
    return claims


MAX_CLAIM_LINE = 300  # calculation lines and breakdown sentences are short; longer lines are not tried

# 산출기초: "5,000원 × 300부 = 1,500", "15천원 × 10명 × 20회 3,000" — a money operand first, then
# counts with their counter words, then the amount (after `=` or alone at the end of the line)
_TIMES = r"(?:\s*[×＊*]\s*|\s+[xX]\s+)"
_MONEY = r"\d[\d,]*(?:\.\d+)?\s*(?:천원|백만원|억원|원)"
_COUNT = r"\d[\d,]*(?:\.\d+)?\s*(?:[가-힣]{1,3}|%)?"
CALCULATION = re.compile(
    rf"^(?P<head>.*?)(?P<expr>{_MONEY}(?:{_TIMES}{_COUNT})+)\s*(?:=\s*)?(?P<result>[△▵\-−]?\d[\d,.]*)\s*(?:천원|백만원|원)?\s*$"
)
_OPERAND = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[가-힣%]*)")
# "o 일반수용비 20,200": an item with its amount and no calculation, heading the lines below it
_ITEM = re.compile(r"^\s*[o○ㅇ◦•·]\s*(?P<label>[^×＊*=]*?[가-힣)][^×＊*=]*?)\s+(?P<amount>\d[\d,]*)\s*$")
_SUB = re.compile(r"^\s*[-–]\s")


def _operand(text: str) -> tuple[float, str, int] | None:
    match = _OPERAND.match(text.strip())
    if not match:
        return None
    number = match.group("num").replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return float(number), match.group("unit"), decimals


def find_calculations(raw_lines: list[str]) -> tuple[list[Calculation], list[CalculationTotal]]:
    """Every calculation line, and every item line whose `-` lines below it are all calculations."""
    from toolkit.figures import parse_figure

    calculations: list[Calculation] = []
    by_line: dict[int, Calculation] = {}
    for number, raw in enumerate(raw_lines, start=1):
        # a calculation line is short and has a times sign: longer lines are never tried (bounded cost)
        if len(raw) > MAX_CLAIM_LINE or not ("×" in raw or "＊" in raw or "*" in raw or " x " in raw or " X " in raw):
            continue
        match = CALCULATION.match(raw.replace("\t", " ").strip())
        if not match:
            continue
        operands = [_operand(part) for part in re.split(_TIMES, match.group("expr"))]
        figure = parse_figure(match.group("result"))
        if any(o is None for o in operands) or figure is None or figure.value is None:
            continue
        calc = Calculation(number, raw.strip(), tuple(o for o in operands if o is not None), figure.printed, figure.value, figure.decimals)
        calculations.append(calc)
        by_line[number] = calc
    totals: list[CalculationTotal] = []
    for number, raw in enumerate(raw_lines, start=1):
        end = raw.rstrip()[-1:]  # _ITEM ends in an amount (a decimal digit or its comma): tested before the regex
        item = _ITEM.match(raw) if len(raw) <= MAX_CLAIM_LINE and (end == "," or end.isdecimal()) else None
        if not item:
            continue
        parts: list[int] = []
        for below in range(number + 1, len(raw_lines) + 1):
            text = raw_lines[below - 1]
            if not text.strip():
                continue
            if not _SUB.match(text):
                break
            if below not in by_line:
                parts = []
                break  # a `-` line that is no calculation: the layout does not show what adds up
            parts.append(below)
        if parts:
            totals.append(CalculationTotal(number, item.group("label").strip(), item.group("amount"), float(item.group("amount").replace(",", "")), 0, tuple(parts)))
    heading = {part: total.line for total in totals for part in total.parts}
    calculations = [Calculation(**{**c.__dict__, "heading": heading.get(c.line)}) for c in calculations]
    return calculations, totals


# "총 1,240백만원: 구축 830, 운영 410", "합계 3억원(인건비 1억원, 운영비 2억원)": a total and its parts;
# parts printed without a unit are in the total's unit
_MONEY_UNIT = r"(?:조|억|천만|백만|천|만)?원"
BREAKDOWN = re.compile(
    r"(?:총|합계|총액|총사업비)\s*(?P<total>\d[\d,]*(?:\.\d+)?\s*(?:[조억천백만]\s*(?:\d[\d,]*\s*)?)*원)\s*[:：(]\s*(?P<parts>[^)\n]+)"
)
_PART = re.compile(r"^\s*(?P<label>[^\d△▵,]*[가-힣A-Za-z)][^\d△▵,]*?)\s*(?P<amount>\d[\d,]*(?:\.\d+)?\s*(?:(?:[조억천백만]\s*(?:\d[\d,]*\s*)?)*원)?)\s*$")
_UNIT_WORD = re.compile(rf"(?P<unit>{_MONEY_UNIT})$")


def find_breakdowns(raw_lines: list[str]) -> list[Breakdown]:
    out: list[Breakdown] = []
    for number, raw in enumerate(raw_lines, start=1):
        if len(raw) > MAX_CLAIM_LINE or not any(word in raw for word in ("총", "합계")):
            continue  # bounded cost: a breakdown sentence is one short line naming its total
        for match in BREAKDOWN.finditer(raw):
            try:
                total = parse_amount(match.group("total"))
            except ValueError:
                continue
            unit = _UNIT_WORD.search(match.group("total").replace(" ", ""))
            unit_factor = parse_amount("1" + unit.group("unit")).value if unit else 1
            parts: list[tuple[str, str, float, float]] = []
            for piece in re.split(r"[，·]|,(?!\d{3}(?:\D|$))", match.group("parts")):  # not the comma in 1,000
                part = _PART.match(piece)
                if not part:
                    parts = []
                    break
                text = part.group("amount").strip()
                if text.endswith("원"):
                    amount = parse_amount(text)
                    parts.append((part.group("label").strip(), text, float(amount.value), float(amount.precision)))
                else:  # in the total's unit: "830" after "총 1,240백만원"
                    digits = text.replace(",", "")
                    decimals = len(digits.split(".")[1]) if "." in digits else 0
                    parts.append((part.group("label").strip(), text, float(digits) * unit_factor, unit_factor * 10.0**-decimals))
            if len(parts) >= 2:
                out.append(Breakdown(number, raw.strip(), match.group("total").strip(), float(total.value), float(total.precision), tuple(parts)))
    return out
