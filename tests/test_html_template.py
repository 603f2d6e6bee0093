"""The HTML report's template compiled at build time (html_out.BuiltTemplates) renders what the
template compiled on the spot renders, is used only for the text it was compiled from, and a run
never writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader

from toolkit.cli import main
from toolkit.writers import html_out
from toolkit.writers.html_out import TEMPLATE, BuiltTemplates

REPORT = ("세출 총괄 (단위 : 천원)\n구 분 예산현액 최종예산\n계 300 250\n"
          "<script>x</script> 100 50\n일반 210 200\n")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(BuiltTemplates, "folder", tmp_path / "built")
    return tmp_path / "built"


def _page(tmp_path: Path, name: str) -> str:
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    main(["reconcile", str(report), "--out", str(tmp_path / name), "--quiet", "--format", "html"])
    return (tmp_path / name / "report.html").read_text(encoding="utf-8")


def _fresh(monkeypatch, environment) -> None:
    monkeypatch.setattr(html_out, "ENVIRONMENT", environment)  # no template compiled yet in this process


def test_the_built_template_renders_what_the_template_compiled_now_renders(tmp_path, folder, monkeypatch):
    _fresh(monkeypatch, html_out.ENVIRONMENT.overlay(bytecode_cache=None, cache_size=50))
    compiled_now = _page(tmp_path, "now")
    assert not folder.exists()  # a run writes nothing into the package
    html_out.build()
    assert [p.suffix for p in folder.iterdir()] == [".jinja2"]
    loaded = []
    original = BuiltTemplates.load_bytecode

    def load(self, bucket):
        original(self, bucket)
        loaded.append(bucket.code is not None)

    monkeypatch.setattr(BuiltTemplates, "load_bytecode", load)
    _fresh(monkeypatch, html_out.ENVIRONMENT.overlay(bytecode_cache=BuiltTemplates(), cache_size=50))
    assert _page(tmp_path, "built") == compiled_now
    assert loaded == [True]


def test_code_built_from_another_text_is_not_used(folder, monkeypatch):
    cache = BuiltTemplates()
    cache.writing = True
    html_out.ENVIRONMENT.overlay(loader=DictLoader({TEMPLATE: "old {{ x }}"}), bytecode_cache=cache, cache_size=50).get_template(TEMPLATE)
    assert len(list(folder.iterdir())) == 1
    edited = html_out.ENVIRONMENT.overlay(loader=DictLoader({TEMPLATE: "new {{ x }}"}), bytecode_cache=BuiltTemplates(), cache_size=50)
    assert edited.get_template(TEMPLATE).render(x=1) == "new 1"
    assert len(list(folder.iterdir())) == 1  # and nothing written at run time
