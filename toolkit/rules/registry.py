"""The rule kinds, by the name rule files use. A literal table: adding a kind is one line here."""

from __future__ import annotations

from typing import Callable

import polars as pl

from toolkit.rules.base import RuleBase
from toolkit.rules.kinds import against, calculation, cross_table, difference, discovered, execution_rate, ledger, narrative, order, printed_format, rate, sentence_total, share
from toolkit.rules.kinds import sum as sum_kind

# a kind's rule model and the function that compiles a rule of it into relations (a polars frame)
KINDS: dict[str, tuple[type[RuleBase], Callable[..., pl.DataFrame]]] = {
    "sum": (sum_kind.Sum, sum_kind.relations),
    "difference": (difference.Difference, difference.relations),
    "rate": (rate.Rate, rate.relations),
    "execution_rate": (execution_rate.ExecutionRate, execution_rate.relations),
    "share": (share.Share, share.relations),
    "cross_table": (cross_table.CrossTable, cross_table.relations),
    "narrative": (narrative.Narrative, narrative.relations),
    "format": (printed_format.PrintedFormat, printed_format.relations),
    "order": (order.Order, order.relations),
    "ledger": (ledger.Ledger, ledger.relations),
    "against": (against.Against, against.relations),
    "discovered": (discovered.Discovered, discovered.relations),
    "calculation": (calculation.Calculation, calculation.relations),
    "sentence_total": (sentence_total.SentenceTotal, sentence_total.relations),
}

MODULES = {
    "sum": sum_kind,
    "difference": difference,
    "rate": rate,
    "execution_rate": execution_rate,
    "share": share,
    "cross_table": cross_table,
    "narrative": narrative,
    "format": printed_format,
    "order": order,
    "ledger": ledger,
    "against": against,
    "discovered": discovered,
    "calculation": calculation,
    "sentence_total": sentence_total,
}
