"""Column headers: names and roles from header text, not from position.

Headers come spread over several lines with merged group headers ("증 감" over
"증감액 증감률"). We collect the header words in reading order, merge year
prefixes into the word they qualify ("2020" + "예산현액"), then give the last
line's words to the group words above them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from toolkit.model import RATE_ROLES, Column
from toolkit.reader.lines import tidy_label

from toolkit.vocabulary import LABEL_HEADERS, QUALIFIERS, RATE_ENDINGS, ROLE_WORDS, TEXT_HEADERS  # noqa: F401 (re-exported)
_YEAR = re.compile(r"^[’'‘´`]?(?P<year>(19|20)?\d{2})(년|년도|년말)?$")
_YEAR_IN = re.compile(r"(?:^|[^\d])[’'‘´`]?(?P<year>(?:19|20)\d{2}|\d{2})(?:년|\s|$|예산)")



@lru_cache(maxsize=1 << 14)
def role_of(name: str) -> str:
    key = name.replace(" ", "")
    leaf = key.split(".")[-1]
    group = key.split(".")[0] if "." in key else ""
    for role, words in ROLE_WORDS:  # "집행률(%)" over "원인행위": the group makes it a rate
        if role in RATE_ROLES and any(word in group for word in words):
            return role
    if leaf.rstrip("*").endswith(RATE_ENDINGS):
        # a header ending in 률/율/% names a rate whatever amount word it also holds ("예산 반영률")
        return next((role for role, words in ROLE_WORDS if role in RATE_ROLES and any(w in leaf for w in words)), "rate")
    for probe in (leaf, key):
        for role, words in ROLE_WORDS:
            if any(word in probe for word in words):
                return role
    return "amount"


def year_of(name: str) -> int | None:
    match = _YEAR_IN.search(name.replace(" ", " "))
    if not match:
        return None
    year = int(match.group("year"))
    return year + 2000 if year < 100 else year


def header_words(lines: list[str]) -> list[list[str]]:
    """Header words per line, spaced-out Hangul joined, year prefixes merged forward.

    A narrow header cell wraps its word over lines ("세부" / "사업"): consecutive lines
    that each hold one short fragment naming nothing by itself are one word.
    """
    per_line: list[list[str]] = []
    carry = ""
    for text in _join_fragments(lines):
        text = re.sub(r"\([^)]*\s[^)]*\)", " ", text)  # "(집행률 70% 미만)": a note, not a column
        words = tidy_label(text).split()
        merged: list[str] = []
        for word in words:
            if carry:
                if year_of(word) is None:  # "2024" / "예산안"; but "2023년" never qualifies "2024예산"
                    word = f"{carry} {word}"
                else:
                    merged.append(carry)
                carry = ""
            if _YEAR.match(word) or word in QUALIFIERS:
                carry = word
                continue
            merged.append(word)
        if merged:
            per_line.append(merged)
    if carry and per_line:
        per_line[-1].append(carry)
    return per_line


_FRAGMENT = re.compile(r"^[\uac00-\ud7a3]{1,2}$")


def _fragment(text: str) -> bool:
    word = tidy_label(text)
    return bool(_FRAGMENT.match(word)) and not is_label_header(word) and not any(
        w in word for _, words in ROLE_WORDS for w in words)


def _join_fragments(lines: list[str]) -> list[str]:
    out: list[str] = []
    previous_fragment = False
    for text in lines:
        fragment = _fragment(text)
        if fragment and previous_fragment:
            out[-1] = tidy_label(out[-1]) + tidy_label(text)
        else:
            out.append(text)
        previous_fragment = fragment
    return out


@lru_cache(maxsize=1 << 16)  # asked of every word of every candidate header line
def is_label_header(word: str) -> bool:
    bare = word.replace(" ", "")
    return bare in LABEL_HEADERS or ("(" in bare and re.sub(r"\(.*?\)", "", bare) in LABEL_HEADERS)


def _rate_or_amount(name: str) -> str:
    return "other" if role_of(name.split(".")[-1]) in RATE_ROLES else "amount"


def _plausible(columns: tuple[Column, ...]) -> bool:
    """A table has one current amount, one change and one change rate, at most two earlier
    amounts (본예산, 최종예산): more means the header words were given to the wrong columns;
    so does a bare year named as a column beside budget amounts."""
    roles = [c.role for c in columns]
    bare_years = sum(1 for c in columns if _YEAR.match(c.name.replace(" ", "")))
    if bare_years and any(r in ("current", "previous") for r in roles):
        return False  # a year heads the budget columns under it; standing alone it was misplaced
    return all(roles.count(r) <= 1 for r in ("current", "change", "change_rate")) and roles.count("previous") <= 2


def columns_from_header(lines: list[str], count: int) -> tuple[Column, ...]:
    """Build `count` columns from the header lines above a table (plain text)."""
    per_line = header_words(lines)
    words = [w for line in per_line for w in line if not is_label_header(w)]
    if len(words) > count:  # text columns (증감사유, 비고) hold no figures
        per_line = [[w for w in line if w.replace(" ", "") not in TEXT_HEADERS] for line in per_line]
        words = [w for w in words if w.replace(" ", "") not in TEXT_HEADERS]
    names: list[str]
    if len(words) == count:
        names = words
    elif len(words) > count and len(per_line) >= 2:
        last = [w for w in per_line[-1] if not is_label_header(w)]
        upper = words[: len(words) - len(last)]
        groups = len(words) - count
        leaves = len(upper) - groups
        if 0 <= leaves and groups > 0 and len(last) >= groups:
            names = upper[:leaves]
            per_group, extra = divmod(len(last), groups)
            position = 0
            for g, group in enumerate(upper[leaves:]):
                take = per_group + (1 if g >= groups - extra else 0)
                names += [f"{group}.{child}" for child in last[position : position + take]]
                position += take
        else:
            names = words[-count:]
    elif len(words) > count:
        names = words[-count:]
    else:
        names = words + [f"열{i + 1}" for i in range(len(words), count)]
    return assign_roles(names)


def columns_from_cells(header_rows: list[list[str]], first_data: int, count: int) -> tuple[Column, ...]:
    """Build columns from tab-separated header rows, where positions are known."""
    names: list[str] = []
    for position in range(first_data, first_data + count):
        parts: list[str] = []
        for row in header_rows:
            text = tidy_label(row[position]) if position < len(row) else ""
            if not text:
                # a merged group header stands over the empty cells to its right
                for left in range(position - 1, first_data - 1, -1):
                    if left < len(row) and row[left].strip():
                        below = [r for r in header_rows[header_rows.index(row) + 1 :] if position < len(r) and r[position].strip()]
                        # a year heads only its own column ("2023" over "예산액", not over 증감액)
                        text = tidy_label(row[left]) if below and not _YEAR.match(tidy_label(row[left]).replace(" ", "")) else ""
                        break
            if text and text not in parts:
                parts.append(text)
        names.append(_join_parts(parts) or f"열{position - first_data + 1}")
    return assign_roles(names)


def _join_parts(parts: list[str]) -> str:
    """Header parts from the top down, "." between a group and its columns; a year or a
    qualifier over a word qualifies it ("2024" over "예산안" is "2024 예산안"), as in plain
    headers, unless the word names a year of its own."""
    out: list[str] = []
    for part in parts:
        if out and (_YEAR.match(out[-1].replace(" ", "")) or out[-1] in QUALIFIERS) and year_of(part) is None:
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return ".".join(out)


def assign_roles(names: list[str]) -> tuple[Column, ...]:
    roles = [role_of(name) for name in names]
    years = [year_of(name) for name in names]
    # Two budget amounts: the later year (or, with no years, the first printed) is current.
    budget = [i for i, r in enumerate(roles) if r in ("current", "previous")]
    if len(budget) >= 2 and all(roles[i] == "current" for i in budget):
        dated = [i for i in budget if years[i]]
        if len(dated) >= 2:
            latest = max(dated, key=lambda i: years[i])
            for i in budget:
                roles[i] = "current" if i == latest else "previous"
        else:
            for i in budget[1:]:
                roles[i] = "previous"
    elif len(budget) >= 2 and all(roles[i] == "previous" for i in budget):
        roles[budget[0]] = "current"
    pairs = _pair_rates(names, roles)
    columns = tuple(Column(i, name, roles[i], years[i], pairs.get(i)) for i, name in enumerate(names))
    if not _plausible(columns):
        # which word stands over which column is unknown: keep the names to show, and judge
        # only what holds for any amount column (parts add up to totals); a rate is never summed
        columns = tuple(Column(c.index, c.name, _rate_or_amount(c.name), c.year) for c in columns)
    return columns


def _stem(name: str) -> str:
    leaf = name.split(".")[-1]
    return re.sub(r"(액|률|율|\(%\))$", "", leaf.replace(" ", ""))


def _pair_rates(names: list[str], roles: list[str]) -> dict[int, str]:
    """Name, for each execution-rate column, the executed column it is the rate of."""
    executed = [i for i, r in enumerate(roles) if r == "executed"]
    pairs: dict[int, str] = {}
    unpaired = list(executed)
    for i, role in enumerate(roles):
        if role != "execution_rate" or not executed:
            continue
        group = names[i].split(".")[0] if "." in names[i] else None
        by_stem = [j for j in unpaired if _stem(names[j]) == _stem(names[i]) or _stem(names[j]).startswith(_stem(names[i]))]
        by_group = [j for j in unpaired if group and names[j].startswith(group + ".")]
        choice = (by_group or by_stem or unpaired or executed)[0]
        if choice in unpaired:
            unpaired.remove(choice)
        pairs[i] = names[choice]
    return pairs
