"""Rule files: YAML read safely with line numbers, validated by each kind's pydantic model.

A rule file is::

    report: 001_e13f250020adb4c2     # optional: the report file stem this file is for
    include: [default.yaml]          # optional: other rule files, relative to this one
    rules:
      - {id: ..., kind: ..., why: ...}

Every error names the file and line of the offending rule or field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import ReconError
from toolkit.rules.bounded_yaml import load_document

if TYPE_CHECKING:
    from toolkit.rules.base import RuleBase

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
FILE_KEYS = {"report", "include", "rules", "description"}


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[RuleBase, ...]
    files: tuple[str, ...]


def _line_of(node, key=None) -> int:
    try:
        if key is None:
            return node.lc.line + 1
        return node.lc.data[key][0] + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return 1


def load_rule_file(path: str | Path, _seen: tuple[Path, ...] = ()) -> RuleSet:
    # the rule models (pydantic, ~0.08 s to import and build) only once a rule is validated: a run's
    # first look at its rule files (rules/ledger_reads) imports this module before them
    from pydantic import ValidationError

    from toolkit.rules.registry import KINDS

    path = Path(path).resolve()
    if path in _seen:
        chain = " → ".join(p.name for p in _seen + (path,))
        raise ReconError(f"include cycle: {chain}", path=str(path))
    data = load_document(path)
    for key in data:
        if key not in FILE_KEYS:
            raise ReconError(f"unknown key {key!r} (expected one of {', '.join(sorted(FILE_KEYS))})", path=str(path), line=_line_of(data, key))
    rules: list[RuleBase] = []
    files = [str(path)]
    for include in data.get("include") or []:
        included = load_rule_file(path.parent / str(include), _seen + (path,))
        rules.extend(included.rules)
        files.extend(included.files)
    entries = data.get("rules") or []
    if not isinstance(entries, list):
        raise ReconError("'rules' must be a list", path=str(path), line=_line_of(data, "rules"))
    for position, entry in enumerate(entries):
        line = _line_of(entries, position) if hasattr(entries, "lc") else 1
        if not isinstance(entry, dict):
            raise ReconError("each rule is a mapping with at least id and kind", path=str(path), line=line)
        kind = entry.get("kind")
        if kind not in KINDS:
            known = ", ".join(KINDS)
            raise ReconError(f"unknown rule kind {kind!r} (known: {known})", path=str(path), line=_line_of(entry, "kind") if "kind" in entry else line)
        model = KINDS[str(kind)][0]  # a known kind (checked above): a str
        plain = json.loads(json.dumps(entry, default=str))
        try:
            rule = model.model_validate({**plain, "at": f"{path.name}:{line}"})
        except ValidationError as error:
            # a misspelt field also leaves the right one missing: name the misspelling first
            first = next((e for e in error.errors() if e["type"] == "extra_forbidden"), error.errors()[0])
            field = first["loc"][0] if first["loc"] else None
            where = _line_of(entry, field) if field in entry else line
            location = ".".join(str(p) for p in first["loc"])
            raise ReconError(f"rule {entry.get('id', '?')!r}: {location}: {_explain(first, model)}", path=str(path), line=where) from None
        bad = _bad_pattern(rule)
        if bad:
            location, pattern, problem = bad
            field = location.split(".")[0]
            raise ReconError(f"rule {rule.id!r}: {location}: bad regular expression {pattern!r}: {problem}",
                             path=str(path), line=_line_of(entry, field) if field in entry else line)
        rules.append(rule)
    # a later rule with the same id replaces the earlier one (a report's file overrides the defaults)
    by_id: dict[str, RuleBase] = {}
    for rule in rules:
        if rule.id in by_id and rule.at.split(":")[0] == by_id[rule.id].at.split(":")[0]:
            raise ReconError(f"duplicate rule id {rule.id!r} (also at {by_id[rule.id].at})", path=str(path), line=int(rule.at.split(":")[1]))
        by_id.pop(rule.id, None)
        by_id[rule.id] = rule
    return RuleSet(tuple(by_id.values()), tuple(files))


def _explain(error: Any, model) -> str:
    """pydantic's message, with the fields allowed where an unknown one stands (and the nearest: did you mean)."""
    if error["type"] != "extra_forbidden":
        return error["msg"]
    from difflib import get_close_matches

    owner = model
    for part in error["loc"][:-1]:  # a field of a nested reference (cell.row, claim.text)
        annotation = owner.model_fields[part].annotation if part in getattr(owner, "model_fields", {}) else None
        owner = next((a for a in getattr(annotation, "__args__", (annotation,)) if hasattr(a, "model_fields")), owner)
    allowed = sorted(name for name in owner.model_fields if name != "at")
    unknown = str(error["loc"][-1])
    near = get_close_matches(unknown, allowed, n=1, cutoff=0.5)
    return f"unknown field {unknown!r}" + (f" (did you mean {near[0]!r}?)" if near else "") + f"; allowed: {', '.join(allowed)}"


def _bad_pattern(rule: RuleBase) -> tuple[str, str, str] | None:
    """The first field documented as a regular expression whose value does not compile: (where, pattern, why)."""
    import re

    from pydantic import BaseModel

    def walk(model: BaseModel, prefix: str):
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            if isinstance(value, BaseModel):
                yield from walk(value, f"{prefix}{name}.")
            elif isinstance(value, str) and "regular expression" in (info.description or ""):
                try:
                    re.compile(value)
                except re.error as error:
                    yield f"{prefix}{name}", value, str(error)

    return next(walk(rule, ""), None)


def rule_paths(report_source: str, extra: list[str] | None = None, replace: bool = False) -> list[Path]:
    """The rule files a report is checked with, in order: the default rulebook, the report's own file
    (rules/<stem>.yaml), the given files; only the given ones with `replace`."""
    paths: list[Path] = []
    if not replace:
        paths.append(RULES_DIR / "default.yaml")
        own = RULES_DIR / f"{Path(report_source).stem}.yaml"
        if own.exists():
            paths.append(own)
    paths.extend(Path(p) for p in extra or [])
    return paths


def rules_for(report_source: str, extra: list[str] | None = None, replace: bool = False) -> RuleSet:
    """The default rulebook plus the report's own file (rules/<stem>.yaml) plus any given files."""
    rules: dict[str, RuleBase] = {}
    files: list[str] = []
    for path in rule_paths(report_source, extra, replace):
        loaded = load_rule_file(path)
        files.extend(loaded.files)
        for rule in loaded.rules:
            rules.pop(rule.id, None)
            rules[rule.id] = rule
    return RuleSet(tuple(rules.values()), tuple(dict.fromkeys(files)))


def json_schema() -> dict:
    """JSON Schema of a rule file, for editors' completion."""
    from toolkit.rules.registry import KINDS

    variants = [model.model_json_schema() for model, _ in KINDS.values()]
    for variant in variants:
        variant.get("properties", {}).pop("at", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "recon rule file",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "report": {"type": "string", "description": "file stem of the report this file is for"},
            "description": {"type": "string"},
            "include": {"type": "array", "items": {"type": "string"}},
            "rules": {"type": "array", "items": {"oneOf": variants}},
        },
    }
