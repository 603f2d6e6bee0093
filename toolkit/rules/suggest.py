"""The relations a report's figures prove, as text (`recon rules explain`) or as an editable rule
file (`recon rules suggest`): a rule author keeps the file and edits it instead of starting blank."""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from toolkit.model import Report
from toolkit.rules.kinds.discovered import Discovered, describe, suggest


def _cells(report: Report):
    from toolkit.engine import cells_frame  # the cells the engine sees, change words resolved
    from toolkit.rules.change_words import resolve

    return resolve(cells_frame(report))


def explain_lines(rule: Discovered, report: Report) -> list[str]:
    return describe(rule, _cells(report))


def rule_file(report: Report, stem: str) -> str:
    """A rule file listing every relation the figures prove and no role-based rule checks."""
    entries = suggest(Discovered(id="discovered-relations", kind="discovered"), _cells(report))
    relations = CommentedSeq()
    for i, (entry, comment) in enumerate(entries):
        item = CommentedMap(entry)
        item.fa.set_flow_style()
        relations.append(item)
        relations.yaml_add_eol_comment(comment, i)
    rule = CommentedMap(
        id="discovered-relations", kind="discovered", discover=True,
        why="relations proven by this report's figures (recon rules suggest); edit, drop or add, and keep",
        relations=relations,
    )
    data = CommentedMap(report=stem, rules=CommentedSeq([rule]))
    out = io.StringIO()
    yaml = YAML()
    yaml.width = 200
    yaml.dump(data, out)
    return "# yaml-language-server: $schema=schema.json\n" + out.getvalue()
