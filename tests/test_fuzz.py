"""Fuzzing: random and mutated inputs give a result or the project's own error, never anything else."""

import zipfile
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.errors import ReconError
from toolkit.reader import read_report_text
from toolkit.rules.loader import load_rule_file
from toolkit.workbook import read_workbook

TOKENS = ["계", "소계", "구 분", "예산현액", "최종예산", "증감액", "증감률", "집행률", "(단위 : 천원)", "(단위: 백만원, %)", "△",
          "▵", "순증", "-", "1,234", "56,712,399", "21.0%", "0.0%", "88.300", "\t", "\u3000", " ", "\n", "\n\n", "○ ", "※ ",
          "172억 1천4백만원", "(21.0%)", "으로 전년도", "대비", "증액", "감액", "일반회계", "특별회계", "<", ">", "(", ")"]


@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)), max_size=300).map("".join))
def test_report_text_never_crashes(text):
    report = read_report_text(text)
    from toolkit.engine import evaluate
    from toolkit.rules.loader import rules_for

    evaluate(report, rules_for("fuzz.txt"))  # and every rule runs on whatever was read


YAML_TOKENS = ["rules:", "\n", "  - ", "id: ", "kind: ", "sum", "rate", "cross_table", "narrative", "left: ", "{table: T01, row: 계, column: current}",
               "claim: {line: 3}", "tolerance: ", "-1", "1e9", "identity: ", "maybe", "[", "]", "{", "}", ":", "'", '"', "!!python/object:os.system",
               "&a", "*a", "<<: *a", "include: [", "x.yaml", "\t", "#", "why: 왜", "report: ", "tables: ", "(", "*"]


@given(st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=4)), max_size=60).map("".join))
def test_rule_files_load_or_fail_cleanly(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("rules") / "r.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_rule_file(path)
    except ReconError as error:
        assert "r.yaml" in str(error)


@pytest.fixture(scope="module")
def workbook_bytes(tmp_path_factory, samples):
    from toolkit.cli import main

    path = tmp_path_factory.mktemp("wb") / "b.xlsx"
    main(["extract", str(samples[2]), "-o", str(path)])
    return path.read_bytes()


@given(st.data())
def test_mutated_workbooks_read_or_fail_cleanly(tmp_path_factory, workbook_bytes, data):
    mode = data.draw(st.sampled_from(["flip", "truncate", "member"]))
    blob = bytearray(workbook_bytes)
    if mode == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            blob[data.draw(st.integers(0, len(blob) - 1))] ^= data.draw(st.integers(1, 255))
    elif mode == "truncate":
        blob = blob[: data.draw(st.integers(0, len(blob) - 1))]
    else:  # a member of the archive replaced by junk
        source = zipfile.ZipFile(BytesIO(bytes(blob)))
        victim = data.draw(st.sampled_from(source.namelist()))
        out = BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                target.writestr(name, data.draw(st.binary(max_size=64)) if name == victim else source.read(name))
        blob = bytearray(out.getvalue())
    path = tmp_path_factory.mktemp("m") / "m.xlsx"
    path.write_bytes(bytes(blob))
    try:
        read_workbook(path)
    except ReconError as error:
        assert "m.xlsx" in str(error)
