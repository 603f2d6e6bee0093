"""Rule files read within bounds: a regular file of bounded size, and YAML whose aliases expand to a
bounded number of values.

YAML aliases let a 1 KB file stand for 9**9 strings (the "billion laughs"); the loader keeps them
shared, but anything that walks the data (validation, `json.dumps`) expands them. The expanded size
is counted once per distinct node, so the count itself stays linear in the file.

No rule model is built here (no pydantic): a run's first look at its rule files (rules/ledger_reads)
reads their documents before the rules are validated, and the loader then gets the same parse.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from toolkit.errors import ReconError
from toolkit.limits import limit, refuse


def read_rule_text(path: Path) -> str:
    """The text of a rule file: refused when missing, not a regular file (/dev/zero, a fifo), too large or not UTF-8."""
    if not path.exists():
        raise ReconError("rule file not found", path=str(path))
    if not path.is_file():
        raise ReconError("not a regular file (a rule file or include must be a YAML file)", path=str(path))
    bound = limit("RECON_MAX_RULE_BYTES")
    with path.open("rb") as handle:
        data = handle.read(bound + 1)
    if len(data) > bound:
        raise refuse("the rule file", "RECON_MAX_RULE_BYTES", str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReconError("rule file is not UTF-8 text", path=str(path), line=data[: error.start].count(b"\n") + 1) from None


def check_expanded_size(data: object, where: str) -> None:
    """Refuse a document that, aliases expanded, holds more values than RECON_MAX_RULE_NODES."""
    bound = limit("RECON_MAX_RULE_NODES")
    sizes: dict[int, int] = {}
    # iterative post-order over distinct nodes: a shared (aliased) node is counted once and reused
    stack: list[tuple[object, bool]] = [(data, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = list(node.values()) if isinstance(node, dict) else list(node) if isinstance(node, list | tuple) else []
        if not done:
            if id(node) in open_nodes:
                raise ReconError("a YAML alias refers to the node that holds it (a recursive structure)", path=where)
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(child), 1) for child in children)
        if isinstance(node, dict):
            total += len(node)  # the keys
        sizes[id(node)] = total
        open_nodes.discard(id(node))
        if total > bound:
            raise refuse("the rule file, its YAML aliases expanded,", "RECON_MAX_RULE_NODES", where, unit="values")


@lru_cache(maxsize=16)  # a run reads a few rule files (the defaults, its own, includes, --rules)
def _parsed(text: str):
    """A rule file's text as YAML. By text, so a run's first look and its loader parse a file once, and a
    file that changed is parsed anew (no stale entry). The result is shared: its readers never change it."""
    return YAML(typ="rt").load(text)  # round-trip loader: safe (no object construction) and keeps line numbers


def load_document(path: Path):
    """A rule file's YAML document (a mapping, {} when empty); malformed YAML, a document of more than
    RECON_MAX_RULE_NODES values or one that is no mapping is a ReconError naming the file and line."""
    text = read_rule_text(path)
    try:
        data = _parsed(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark
        raise ReconError(f"malformed YAML: {error.problem}", path=str(path), line=mark.line + 1, column=mark.column + 1) from None
    except YAMLError as error:  # e.g. a control character the YAML reader refuses
        position = getattr(error, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else 1
        raise ReconError(f"malformed YAML: {str(error).splitlines()[0]}", path=str(path), line=line) from None
    check_expanded_size(data, str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReconError("a rule file is a mapping with a 'rules' list", path=str(path), line=1)
    return data
