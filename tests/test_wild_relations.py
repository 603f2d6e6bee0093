"""The 21 wild tables rendered as reports and reconciled zero-config, measured against their audit
(tests/wild_relations.py): no ERROR where the audit says the relations hold, an ERROR through every
`error` relation's target, an ERROR for slips planted in figures of `exact` relations.

Measured on main after the reader's tab-separated fixes (default rulebook with the discovered relations;
without them 15/26 and 17/31): holds 283/285, found 16/26, slips 18/31 (19 while header words alone made
3–4 supporting rows enough for an ERROR; now 5 rows are needed, so a slip in a table that short is a
question, AMBIGUOUS). The floors below are those figures: a change that loses any of them fails here. What is still missed is listed by `python tests/wild_relations.py`.
"""

from __future__ import annotations

from wild_relations import measure


def test_wild_tables_against_their_audit(tmp_path):
    tally = measure(slips_per_table=2, folder=tmp_path)
    print(f"holds {tally.holds}/{tally.holds_total} · found {tally.found}/{tally.found_total} · slips {tally.slips}/{tally.slips_total}")
    assert tally.holds_total - tally.holds <= 2, "\n".join(n for n in tally.notes if "false ERROR" in n)
    assert tally.found >= 16, "\n".join(tally.notes)
    assert tally.slips >= 18, "\n".join(tally.notes)
