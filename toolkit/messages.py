"""Finding messages in the reports' language (Korean) or English (--lang en).

Rule kinds describe what they compared in Korean ("하위 3개 행의 합"); the English
phrasing of those fixed parts is a table here, so a kind's wording lives in one place.
"""

from __future__ import annotations

import re

ROW_MARK, TABLE_MARK = "(행)", "(표)"  # printed by a finding about a whole row or table on one side only
VERDICT = {
    "ko": {"ERROR": "오류", "ROUNDING": "반올림 차이", "AMBIGUOUS": "확인 필요"},
    "en": {"ERROR": "error", "ROUNDING": "rounding difference", "AMBIGUOUS": "needs review"},
}
KIND_WORDS = {
    "ko": {"sum": "합계", "difference": "증감액", "rate": "증감률", "execution_rate": "집행률", "share": "구성비",
           "cross_table": "표 간 대조", "narrative": "본문 수치", "other": "기타"},
    "en": {"sum": "sum", "difference": "difference", "rate": "change rate", "execution_rate": "execution rate", "share": "share",
           "cross_table": "across tables", "narrative": "sentence", "other": "other"},
}
NOTES = {
    "ko": {"truncation": "절사로 설명됨", "half_up": "반올림으로 설명됨", "doubtful": "빈 칸이 있어 열 위치가 불확실함", "not_identity": "규칙상 항등식이 아님"},
    "en": {"truncation": "explained by truncation", "half_up": "explained by rounding", "doubtful": "blank cells leave the column uncertain", "not_identity": "the rule is not an identity"},
}
RELATIONS_EN = (
    (re.compile(r"^하위 (\d+)개 행의 합$"), r"the sum of its \1 child rows"),
    (re.compile(r"^행 금액 / 합계 × 100$"), "row amount / table total × 100"),
    (re.compile(r"^하위 (\d+)개 행 비율의 합$"), r"the sum of its \1 child rows' shares"),
    (re.compile(r"^(.*) 이하여야 할 값 \((.*)\)$"), r"at most \1 (\2)"),
    (re.compile(r"^0~(\d+)% 범위여야 할 집행률$"), r"a rate between 0 and \1%"),
    (re.compile(r"^아래 목록의 항목 수$"), "the number of items listed below"),
    (re.compile(r"^원장 (.*) 합계 \((\d+)행, (.*)\)$"), r"the ledger's \1 total (\2 lines, \3)"),
    (re.compile(r"^원장 (.*) / (.*) × 100 \((.*)\)$"), r"the ledger's \1 / \2 × 100 (\3)"),
    (re.compile(r"^(.*)에 없는 행 — 보고서에 새로 생긴 행$"), r"a row \1 does not have — new in the report"),
    (re.compile(r"^보고서에서 빠진 행 — (.*)의 (.*) '(.*)' 행에는 있음$"), r"a row the report no longer has — \1 has it at \2 '\3'"),
    (re.compile(r"^행 이름이 바뀐 것으로 보임 — (.*)에서는 '(.*)' \(수치는 같음\)$"), r"the row seems renamed — \1 calls it '\2' (same figures)"),
    (re.compile(r"^(.*)에 없는 표$"), r"a table \1 does not have"),
    (re.compile(r"^보고서에 없는 표 — (.*)의 (.*)$"), r"a table the report no longer has — \1 \2"),
    (re.compile(r"^(.*)에 없는 행$"), r"a row \1 does not have"),
    (re.compile(r"^표에 없는 원장 항목$"), "a ledger group the table does not have"),
    (re.compile(r"^원장 항목 (.*)에 맞는 행이 (\d+)개 — key에 상위 열을 더할 것$"),
     r"the ledger group \1 fits \2 rows — add a coarser column to key"),
    (re.compile(r"^증감액 / (.*) × 100$"), r"change / \1 × 100"),
    (re.compile(r"^같은 열의 다른 숫자\(정수\) — 천 단위 구분기호 대신 마침표로 보임$"), "the column's other figures are whole numbers — a period typed for the thousands separator"),
)


def particle(text: str) -> str:
    """로 or 으로, as Korean needs after `text` (으로 after a final consonant, 로 after a vowel or ㄹ)."""
    last = text.rstrip()[-1:] if text.strip() else ""
    if last.isdigit():
        # read aloud: 일 이 사 오 칠 팔 구 take 로; 삼 육 and 영/십/백/천 (a final 0) take 으로
        return "로" if last in "1245789" else "으로"
    if "\uac00" <= last <= "\ud7a3":
        final = (ord(last) - 0xAC00) % 28
        return "로" if final in (0, 8) else "으로"
    return "로"


def message(row: dict, expected: str, lang: str = "ko") -> str:
    printed = row["printed"] or ("(빈칸)" if lang == "ko" else "(blank)")
    relation = row["relation"] or ""
    if lang == "en":
        for pattern, english in RELATIONS_EN:
            relation = pattern.sub(english, relation)
    in_text = row["table"] == "(본문)"
    table = row["table"] + (f" 「{row['table_title']}」" if row.get("table_title") else "")
    row_name = row.get("row_path") or row["row_label"]
    whole = row["kind"] == "other" and printed in (ROW_MARK, TABLE_MARK)  # a row or table on one side only
    column_name = "" if whole else row.get("column_path") or row["column_label"]
    if lang == "ko":
        parts = [table, f"'{row_name}' 행" if row_name else "", f"'{column_name}' 열" if column_name else ""]
        where = f"본문 {row['line']}행" if in_text else " ".join(p for p in parts if p)
    else:
        parts = [table, f"row '{row_name}'" if row_name else "", f"column '{column_name}'" if column_name else ""]
        where = f"text line {row['line']}" if in_text else ", ".join(p for p in parts if p)
    verdict = VERDICT[lang][row["class"]]
    if whole:  # the relation says it all
        text = f"{where}: {relation} ({verdict})" if where else f"{relation} ({verdict})"
    elif row["kind"] == "other":
        text = f"{where}: {printed} — {relation} ({expected}?) ({verdict})"
    elif lang == "ko":
        text = f"{where}: {printed}{particle(printed)} 표기되었으나 {relation}에 따르면 {expected} ({verdict})"
    else:
        text = f"{where}: printed {printed}, but {relation} gives {expected} ({verdict})"
    notes = NOTES[lang]
    if row["class"] == "ROUNDING":
        text += ", " + notes["truncation" if row["rounding"] == "truncation" else "half_up"]
    elif row["class"] == "AMBIGUOUS" and row["doubtful"]:
        text += ", " + notes["doubtful"]
    elif row["class"] == "AMBIGUOUS" and row["kind"] != "other":
        text += ", " + notes["not_identity"]
    return text
