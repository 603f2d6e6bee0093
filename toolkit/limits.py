"""The bounds recon keeps on its inputs, each overridable by an environment variable (see README).

A bound is what keeps a hostile or mistaken input (a zip bomb, a YAML alias bomb, an include that
names a device) from taking the machine; every refusal names the file, the limit and the variable.
"""

from __future__ import annotations

import os

from toolkit.errors import ReconError

DEFAULTS = {
    # bytes a workbook may unpack to, counted while it is read (not as its zip directory declares)
    "RECON_MAX_XLSX_BYTES": 500 * 1024 * 1024,
    # bytes of one report text
    "RECON_MAX_REPORT_BYTES": 100 * 1024 * 1024,
    # bytes of one rule file (includes too)
    "RECON_MAX_RULE_BYTES": 1024 * 1024,
    # values a rule file may hold once its YAML aliases are expanded
    "RECON_MAX_RULE_NODES": 200_000,
    # cells of a user's workbook the annotated copy may hold (it is loaded whole to be copied)
    "RECON_MAX_ANNOTATE_CELLS": 1_000_000,
}


def limit(name: str) -> int:
    """The bound `name`, from the environment when set there."""
    value = os.environ.get(name)
    if value is None:
        return DEFAULTS[name]
    try:
        return int(value)
    except ValueError:
        raise ReconError(f"{name}={value!r} is not a whole number") from None


def refuse(what: str, name: str, path: str, unit: str = "bytes") -> ReconError:
    """The error for an input over a bound: what is too large, the bound, and how to raise it."""
    return ReconError(f"refused: {what} is over the limit of {limit(name):,} {unit} (set {name} to raise it)", path=path)
