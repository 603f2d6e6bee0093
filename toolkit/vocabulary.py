"""The words of Korean public-finance reports the reader recognises: one data place.

Header words name columns and give them roles; label words give rows their structure.
Each entry is a convention of these documents (see ../shared/CONVENTIONS.md), never a
word one sample needs. Code imports these; it does not spell the words itself.

Change words are printed in a figure's place (CONVENTIONS.md, "Printing"):

- new        순증 / 皆增 / 신규 — no previous amount; the change is +current; a rate of change is undefined;
- abolished  순감 / 皆減 / 폐지 — no current amount; the change is −previous;
- moved      회계 변경 / 회계간 이동 — the line moved between accounts; its change is stated elsewhere;
- whole      전액 — the whole amount (of whichever side is printed): +current or −previous.
"""

from __future__ import annotations

import re

# Words that mark a line as a column-header line (any of them inside a word).
HEADER_VOCAB = (
    "구분", "사항별", "부서명", "사업명", "예산과목", "예산", "증감", "집행", "징수", "원인행위", "지출액",
    "비율", "구성비", "정원", "현원", "과부족", "사유", "요구액", "예상액", "비고", "세부사업명", "직종별", "이월액",
)

# Header words over the label column(s), not over a figure column.
LABEL_HEADERS = (
    "연번", "순번", "번호", "구분", "사항별", "부서명", "부서", "사업명", "예산과목", "과목", "분야", "전략목표명",
    "부서(기관)별", "세부사업명", "단위사업", "정책사업", "편성목", "통계목", "실국", "회계",
)

# Header words over a column of text (reasons, notes): it holds no figures.
TEXT_HEADERS = ("증감사유", "비고", "사유", "부진사유", "주요내용", "산출근거", "내용", "사업내용")

# Words that qualify the header word after them ("전년도" + "예산액").
QUALIFIERS = ("전년도", "전년", "금년", "당해", "당해연도", "누계")

# (role, words) in the order they are tried; the first word found in the header text wins.
ROLE_WORDS = (
    ("amount", ("이월액", "이월", "예비비")),
    # 증감률 is also headed as its formula ("(B-A)/A", "(B-A)*100/A") or "증감(%)"
    ("change_rate", ("증감률", "증감율", "*100", "×100", "/A", "/(A)", "증감(%)", "증감%")),
    ("execution_rate", ("집행률", "징수율", "원인행위율", "지출률")),
    ("share", ("비율", "구성비", "비중")),
    # any other rate: a growth rate over several years (연평균 증가율) is no 증감률 of two columns
    ("rate", ("증가율", "증가률", "감소율", "감소률", "신장률", "신장율", "성장률", "성장율", "상승률", "하락률")),
    ("change", ("증감액", "증감", "(B-A)", "(B－A)", "B-A")),
    ("executed", ("원인행위액", "원인행위", "지출액", "집행액", "징수액", "예상액", "결산액", "집행")),
    ("previous", ("최종예산", "본예산", "당초예산", "전년", "(A)")),
    ("current", ("예산현액", "예산안", "예산액", "요구액", "예산", "(B)", "계획")),
    # a figure column headed by what it counts (세부사업 over "12"): a count of items
    ("count", ("정원", "현원", "과부족", "개소", "건수", "인원", "명", "소계", "합계", "세부사업", "사업수", "개수")),
)

# A header that ends in one of these (after a footnote mark "*" or a unit "(%)") names a rate or
# a ratio the words above did not name (환율, 세율, 부채비율 …): role "rate", never summed.
RATE_ENDINGS = ("률", "율", "%", "(%)", "％")

# Numbering prefixes of row labels, outermost first: Ⅰ. / 1. / 1) 1-1) 1-1-2) / (1) / ① / 가. / (가)
NUMBERING_PATTERNS = (
    r"[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+\.",
    r"\d{1,2}\.(?!\d)",
    r"\d{1,2}(?:-\d{1,2})*\)",
    r"\(\d{1,2}\)",
    r"[①-⑳]",
    r"[가-하]\.",
    r"\([가-하]\)",
)
NUMBERING = re.compile(r"^(?:" + "|".join(NUMBERING_PATTERNS) + r")\s*")

CHANGE_WORDS: dict[str, str] = {
    "순증": "new",
    "皆增": "new",
    "皆増": "new",  # the Japanese form of 增, as some HWP fonts export it
    "신규": "new",
    "순감": "abolished",
    "皆減": "abolished",
    "皆减": "abolished",
    "폐지": "abolished",
    "회계변경": "moved",
    "회계간이동": "moved",
    "회계이동": "moved",
    "전액": "whole",
}

# the word a reader would expect for each meaning, to name in a finding
WORD_FOR = {"new": "순증", "abolished": "순감"}


def change_meaning(word: str | None) -> str | None:
    """new / abolished / moved / whole for a change word (spaces ignored), None otherwise."""
    if not word:
        return None
    return CHANGE_WORDS.get(word.replace(" ", ""))

# header words naming a relation a table's columns keep (rules/discovery.py): they confirm a
# relation the figures prove, and break ties between candidates; they are never required
RELATION_WORDS: dict[str, tuple[str, ...]] = {
    "diff": ("증감", "차이", "잔액", "과부족", "차감", "B-A", "B－A"),
    "sum": ("계", "합계", "소계", "총계"),
    "ratio": ("률", "율", "비율", "구성비", "비중", "%"),
    "ratio_diff": ("증감률", "증감율", "증가율", "감소율", "신장률", "증감(%)"),
}

# Unit words printed after a count in a cell ("3,809식", "209개", "17회"): the figure counts items of
# that kind; it is no amount in 원. Counts of different units are never added together. Longer words
# first, so "개소" is not read as "개" + "소".
COUNT_UNITS = ("개소", "개월", "개", "식", "회", "명", "건", "대", "곳", "권", "필지", "세대", "가구")
