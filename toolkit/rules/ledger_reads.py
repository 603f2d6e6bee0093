"""Which ledger a ledger rule reads, and the reads a run starts from its rule files' YAML alone.

Reading a ledger is most of a ledger check (a million lines: about 0.3 s of polars on two cores), and
polars does it on the other cores while Python reads the report. Validating the rules first takes
pydantic and the rule models, about 0.08 s of serial Python before the read could start; the YAML
alone names the ledger, its key and its amount columns. So a run takes a first look at its rule files
and starts those reads at once (`start_early`). The validated rules confirm it: their prefetch asks
for the same read, found by its request (the file as it is, the columns), so nothing is read twice;
a first look that saw otherwise (a rule a later file replaces, a misspelt field) only starts a read
that nobody asks for. A rule file with an error still stops the run with its file:line message before
anything is written: the first look raises nothing, and the loader reports the error as before.

No pydantic here: the rule model (rules/kinds/ledger.py) and the first look share these helpers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def one_or_many(value: Any) -> Any:
    """`key: 부서` is `key: [부서]`."""
    return [value] if isinstance(value, str) else value


def ledger_columns(amounts: dict[str, str], rates: dict[str, list[str]]) -> list[str]:
    """The ledger columns a rule sums: its amounts, then the rates' numerators and denominators."""
    return list(dict.fromkeys([*amounts, *(c for pair in rates.values() for c in pair)]))


def resolve(ledger: str) -> Path:
    """Relative paths from the working folder, else from the project (where rules/ lives)."""
    path = Path(ledger)
    if path.is_absolute() or path.exists():
        return path
    from toolkit.rules.loader import RULES_DIR

    return RULES_DIR.parent / path


def _read_of(entry: Any) -> tuple[Path, list[str], list[str]] | None:
    """(file, key columns, amount columns) of a ledger rule as its YAML writes it; None when a field is
    not of its type (the model will say so)."""
    plain = json.loads(json.dumps(entry, default=str))  # as the loader hands it to the model
    ledger, key = plain.get("ledger"), one_or_many(plain.get("key"))
    amounts, rates = plain.get("amounts"), plain.get("rates", {})
    if not isinstance(ledger, str) or not isinstance(key, list) or not key or not all(isinstance(k, str) for k in key):
        return None
    if not isinstance(amounts, dict) or not amounts or not all(isinstance(v, str) for v in amounts.values()):
        return None
    if not isinstance(rates, dict) or not all(isinstance(p, list) and all(isinstance(c, str) for c in p) for p in rates.values()):
        return None
    return resolve(ledger), key, ledger_columns(amounts, rates)


def start_early(paths: list[Path]) -> None:
    """Start reading every ledger the rule files' own rules name (a later rule with the same id replaces an
    earlier one, as in the loader; an included file is left to the validated rules' prefetch)."""
    from toolkit import ledger
    from toolkit.rules.bounded_yaml import load_document

    entries: dict[object, Any] = {}
    try:
        for path in paths:
            rules = load_document(path).get("rules")
            for entry in rules if isinstance(rules, list) else []:
                if isinstance(entry, dict):
                    entries.pop(entry.get("id"), None)
                    entries[entry.get("id")] = entry
        reads = [_read_of(entry) for entry in entries.values() if entry.get("kind") == "ledger"]
        for read in reads:
            if read is not None:
                ledger.start(*read)
    except Exception:  # noqa: BLE001 - the loader reads the files again and names what is wrong
        return
