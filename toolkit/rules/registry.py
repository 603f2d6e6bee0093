"""The rule kinds, by the name rule files use. A literal table: adding a kind is one line here.

A kind's module is imported the first time a rule of that kind is loaded or run, not when the
registry is: a run whose rules use only some kinds (a ledger check with --only-rules) does not pay
for the others' imports (discovered's numpy, say). Listing the kinds imports nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import import_module
from types import ModuleType
from typing import TypeVar

import polars as pl

from toolkit.rules.base import RuleBase

V = TypeVar("V")

# a kind's module (in toolkit.rules.kinds) and its rule model, whose `relations` function compiles
# a rule of it into relations (a polars frame)
PLACES: dict[str, tuple[str, str]] = {
    "sum": ("sum", "Sum"),
    "difference": ("difference", "Difference"),
    "rate": ("rate", "Rate"),
    "execution_rate": ("execution_rate", "ExecutionRate"),
    "share": ("share", "Share"),
    "cross_table": ("cross_table", "CrossTable"),
    "narrative": ("narrative", "Narrative"),
    "format": ("printed_format", "PrintedFormat"),
    "order": ("order", "Order"),
    "ledger": ("ledger", "Ledger"),
    "against": ("against", "Against"),
    "discovered": ("discovered", "Discovered"),
    "calculation": ("calculation", "Calculation"),
    "sentence_total": ("sentence_total", "SentenceTotal"),
}


def _module(kind: str) -> ModuleType:
    return import_module(f"toolkit.rules.kinds.{PLACES[kind][0]}")


class _OnFirstUse(Mapping[str, V]):
    """kind → what `get` makes of it, the kind's module imported on first use; iterating lists the kinds and imports nothing."""

    def __init__(self, get: Callable[[str], V]):
        self._get = get

    def __getitem__(self, kind: str) -> V:
        return self._get(kind)

    def __contains__(self, kind: object) -> bool:  # Mapping's own would look the kind up, importing its module
        return kind in PLACES

    def __iter__(self) -> Iterator[str]:
        return iter(PLACES)

    def __len__(self) -> int:
        return len(PLACES)


def _kind(kind: str) -> tuple[type[RuleBase], Callable[..., pl.DataFrame]]:
    """The kind's rule model and its relations function."""
    module = _module(kind)
    return getattr(module, PLACES[kind][1]), module.relations


KINDS: Mapping[str, tuple[type[RuleBase], Callable[..., pl.DataFrame]]] = _OnFirstUse(_kind)
MODULES: Mapping[str, ModuleType] = _OnFirstUse(_module)


def prefetch(rules: Iterable[RuleBase]) -> None:
    """Let rules that read other files (a ledger) start before the report is read. Never raises
    here: a file that cannot be read raises again when its rule runs in evaluate. Here, not in the
    engine: the run starts it as soon as its rules are loaded, before the engine is imported."""
    for rule in rules:
        start = getattr(MODULES[rule.kind], "prefetch", None)
        if start is not None:
            try:
                start(rule)
            except Exception:  # noqa: BLE001 - evaluate runs the rule again and reports the error
                pass
