"""What a user would otherwise write: openpyxl read-only (or the csv module) and a dict aggregation
by 실국/부서/회계/세부사업, rolled up to every level and compared with the table's printed figures."""

import csv
import json
import sys
from collections import defaultdict

from openpyxl import load_workbook

ledger, printed_json = sys.argv[1], sys.argv[2]
if ledger.endswith(".xlsx"):
    rows = load_workbook(ledger, read_only=True).active.iter_rows(values_only=True)
else:
    rows = csv.reader(open(ledger, encoding="utf-8"))
header = list(next(rows))
keys = [header.index(name) for name in ("실국", "부서", "회계", "세부사업")]
amounts = [header.index(name) for name in ("예산현액", "원인행위액", "지출액")]
items = defaultdict(lambda: [0, 0, 0])
for row in rows:
    total = items[tuple(row[k] for k in keys)]
    for i, column in enumerate(amounts):
        total[i] += int(row[column])
totals = defaultdict(lambda: [0, 0, 0])
for path, sums in items.items():
    for depth in range(1, len(path) + 1):
        total = totals["/".join(path[:depth])]
        for i in range(3):
            total[i] += sums[i]
printed = json.load(open(printed_json, encoding="utf-8"))
differences = 0
for path, (budget, committed, spent, rate) in printed.items():
    if path in totals:
        sums = totals[path]
        differences += sum(p is not None and abs(t / 1000 - p) > 1 for t, p in zip(sums, (budget, committed, spent)))
        differences += rate is not None and sums[0] != 0 and abs(100 * sums[2] / sums[0] - rate) > 0.05
print(differences)
