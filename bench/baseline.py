"""What a user would otherwise write: openpyxl read-only (or the csv module) and a dict aggregation,
compared with the report table's printed figures."""

import csv
import json
import sys
from collections import defaultdict

from openpyxl import load_workbook

ledger, printed_json = sys.argv[1], sys.argv[2]
totals = defaultdict(lambda: [0, 0, 0])
if ledger.endswith(".xlsx"):
    rows = load_workbook(ledger, read_only=True).active.iter_rows(min_row=2, values_only=True)
else:
    handle = open(ledger, encoding="utf-8")
    rows = csv.reader(handle)
    next(rows)
for name, budget, committed, spent in rows:
    total = totals[name]
    total[0] += int(budget)
    total[1] += int(committed)
    total[2] += int(spent)
printed = json.load(open(printed_json, encoding="utf-8"))
differences = 0
for name, figures in printed.items():
    if name in totals:
        differences += sum(abs(int(t / 1000 + 0.5) - p) > 1 for t, p in zip(totals[name], figures))
print(differences)
