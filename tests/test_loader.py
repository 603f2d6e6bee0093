import pytest

from toolkit.errors import ReconError
from toolkit.rules.loader import RULES_DIR, json_schema, load_rule_file, rules_for


def _write(tmp_path, text, name="r.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text,line,words", [
    ("rules:\n  - id: a\n    kind: summ\n", 3, "unknown rule kind 'summ'"),
    ("rules:\n  - id: a\n    kind: sum\n    colour: red\n", 4, "colour"),
    ("rules:\n  - kind: sum\n", 2, "id"),
    ("rules:\n  - id: a\n    kind: sum\n  - id: a\n    kind: rate\n", 4, "duplicate rule id 'a'"),
    ("rules:\n  - id: a\n    kind: sum\n   bad: [\n", 4, "malformed YAML"),
    ("rulez: []\n", 1, "unknown key 'rulez'"),
    ("rules:\n  - id: a\n    kind: sum\n    tolerance: -1\n", 4, "tolerance"),
    ("rules:\n  - id: a\n    kind: sum\n    tables: \"집행[현황\"\n", 4, "tables: bad regular expression '집행[현황'"),
    ("rules:\n  - id: a\n    kind: sum\n    tabels: x\n", 4, "unknown field 'tabels' (did you mean 'tables'?); allowed: id, identity, kind"),
    ("rules:\n  - id: a\n    kind: cross_table\n    left: {table: T01, rwo: 계, column: current}\n", 4,
     "left.rwo: unknown field 'rwo' (did you mean 'row'?); allowed: column, row, table"),
    ("rules:\n  - id: a\n    kind: cross_table\n    left: {table: T01, row: 계, column: current}\n"
     "    right: {table: \"T0[\", row: 계, column: current}\n", 5, "right.table: bad regular expression"),
])
def test_bad_rule_files_name_file_and_line(tmp_path, text, line, words):
    path = _write(tmp_path, text)
    with pytest.raises(ReconError) as raised:
        load_rule_file(path)
    message = str(raised.value)
    assert f"{path}:{line}" in message and words in message


def test_include_cycle(tmp_path):
    _write(tmp_path, "include: [b.yaml]\n", "a.yaml")
    _write(tmp_path, "include: [a.yaml]\n", "b.yaml")
    with pytest.raises(ReconError, match="include cycle"):
        load_rule_file(tmp_path / "a.yaml")


def test_rule_records_where_it_was_written(tmp_path):
    path = _write(tmp_path, "rules:\n  - id: a\n    kind: sum\n\n  - id: b\n    kind: rate\n")
    assert [r.at for r in load_rule_file(path).rules] == ["r.yaml:2", "r.yaml:5"]


def test_shipped_rule_files_load():
    for path in RULES_DIR.glob("*.yaml"):
        assert load_rule_file(path).rules


def test_report_file_overrides_defaults_by_id(tmp_path):
    extra = _write(tmp_path, "rules:\n  - id: same-figure-in-two-tables\n    kind: cross_table\n    identity: false\n")
    rules = {r.id: r for r in rules_for("x.txt", [str(extra)]).rules}
    assert rules["same-figure-in-two-tables"].identity is False and "sum" in {r.kind for r in rules.values()}


def test_json_schema_lists_every_kind():
    schema = json_schema()
    kinds = {v["properties"]["kind"]["const"] if "const" in v["properties"]["kind"] else v["properties"]["kind"].get("default") for v in schema["properties"]["rules"]["items"]["oneOf"]}
    assert {"sum", "difference", "rate", "execution_rate", "share", "cross_table", "narrative"} <= kinds


def test_control_character_is_a_clean_error(tmp_path):
    """Regression: found by fuzzing, a control character crashed the YAML reader."""
    path = _write(tmp_path, "rules:\n  - id: a\x1f\n")
    with pytest.raises(ReconError, match="malformed YAML") as raised:
        load_rule_file(path)
    assert f"{path}:2" in str(raised.value)


def test_bad_regular_expression_is_bad_input_in_check_and_reconcile(tmp_path, samples, capsys):
    from toolkit.cli import main

    path = _write(tmp_path, 'rules:\n  - id: a\n    kind: sum\n    tables: "집행[현황"\n')
    for argv in (["rules", "check", str(path)], ["rules", "check", str(path), "--report", str(samples[2])],
                 ["reconcile", str(samples[2]), "--rules", str(path), "--out", str(tmp_path / "o")]):
        assert main(argv) == 2
        assert f"{path}:4: rule 'a': tables: bad regular expression" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_docs_give_a_yaml_example_for_every_field_and_the_column_roles():
    from ruamel.yaml import YAML

    from toolkit.docs import render
    from toolkit.model import ROLES
    from toolkit.rules.registry import KINDS

    text = render()
    assert all(f"- `{role}` —" in text for role in ROLES)
    for name, (model, _) in KINDS.items():
        section = text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        for field in model.model_fields:
            if field in ("at", "kind") or field in ("id", "why", "tables", "identity", "tolerance") and f"    {field}:" not in section:
                continue
            assert f"      {field}: " in section, (name, field)
        block = section.split("Fields of this kind (each with an example value)::\n\n", 1)[1].split("\n\n", 1)[0]
        assert YAML(typ="safe").load(block)[0]["kind"] == name  # the example is YAML
