"""The command line: thin. `main(argv) -> int`; errors are caught once and mapped to exit codes.

0 no ERROR finding · 1 at least one ERROR · 2 bad input (the message names file and line).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import click

from toolkit.errors import ReconError
from toolkit.pool import map_reports
from toolkit.timings import stage, timed

EXIT_OK, EXIT_ERRORS, EXIT_BAD_INPUT = 0, 1, 2
STDOUT_FORMATS = ("json", "md", "html")


def load_any(path: str):
    """A report text or a workbook made by `recon extract`."""
    from toolkit.failure import working_on

    with working_on(path):
        if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
            from toolkit.workbook import read_workbook

            return read_workbook(path)
        from toolkit.reader import read_report

        return read_report(path)


class _Group(click.Group):
    """A command group whose command list shows each command's whole first paragraph, wrapped, never cut."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.short_help or " ".join((command.help or "").split("\n\n")[0].split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("recon")
    except PackageNotFoundError:  # run from a source tree without installing
        return "unknown"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # looked up only when asked: importlib.metadata and the package lookup cost ~30 ms of every run's start-up
    if value and not ctx.resilient_parsing:
        click.echo(f"recon {_version()}")
        ctx.exit()


@click.group(cls=_Group, epilog="Exit codes: 0 no ERROR found · 1 at least one ERROR finding · 2 bad input "
             "(the message names the file and line, or sheet and cell; nothing is written).")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version, help="Show the version and exit.")
def cli() -> None:
    """recon: reconcile the tables and sentences of public-finance reports."""


@cli.command()
@click.argument("report")
@click.option("-o", "--output", help="output file: a .xlsx workbook or a .json file (any other suffix is refused)")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "json"]), default=None, help="output format (default: from the file name)")
@click.option("--stats", is_flag=True, help="print the tables found and the coverage of the report's figures")
def extract(report: str, output: str | None, fmt: str | None, stats: bool) -> None:
    """Read REPORT into tables and claims; write a workbook or JSON."""
    from toolkit.extract_json import report_json
    from toolkit.workbook import write_workbook

    if output:
        suffix = Path(output).suffix.lower()
        known = {".json": "json", ".xlsx": "xlsx"}
        if suffix not in known or (fmt and known[suffix] != fmt):
            raise ReconError(f"-o {output}: write a .xlsx workbook or a .json file" + (f" (--format {fmt} writes {fmt})" if fmt else ""))
    data = load_any(report)
    if output:
        from toolkit.outputs import refuse_inputs

        refuse_inputs([Path(output)], [Path(report)])
        fmt = fmt or known[Path(output).suffix.lower()]
        if fmt == "json":
            from toolkit.safe_write import write_text

            write_text(Path(output), json.dumps(report_json(data), ensure_ascii=False, indent=1))
        else:
            write_workbook(data, output)
    if stats or not output:
        from rich.console import Console
        from rich.table import Table as RichTable

        console = Console()
        table = RichTable(title=f"{data.source}: {len(data.tables)} tables, {len(data.claims)} claims")
        from toolkit.coverage import table_stats

        for name in ("id", "title", "unit", "lines", "rows × cols", "complete rows", "roles"):
            table.add_column(name)
        for t in data.tables:
            counts = table_stats(t)
            table.add_row(t.id, t.title[:40], t.unit, f"{t.first_line}-{t.last_line}", f"{len(t.rows)} × {len(t.columns)}",
                          f"{counts.complete_rows}/{counts.rows}", f"{counts.roles}/{counts.columns}")
        console.print(table)
        if stats and Path(report).suffix.lower() not in (".xlsx", ".xlsm"):
            from toolkit.coverage import measure, measure_lines
            from toolkit.reader.decode import read_text

            text = read_text(Path(report))[0]
            found = measure(data, text)
            lines = measure_lines(data, text)

            def share(part: int, whole: int, nothing: str) -> str:
                return f"{part}/{whole} ({part / whole:.1%})" if whole else nothing

            console.print(
                f"coverage: {lines.shown()}, "
                f"table figures {share(found.table_captured, found.table_tokens, 'none in tables')}, "
                f"amounts and rates in sentences {share(found.sentence_captured, found.sentence_tokens, 'none')}",
                markup=False,
            )
            for line, why in sorted(lines.missed.items()):
                console.print(f"  line {line}: in no table ({why})", markup=False)
            for line, tokens in sorted(found.missed.items()):
                console.print(f"  line {line}: not captured: {' '.join(tokens)}", markup=False)
            removed = data.meta.get("format_characters") or {}
            if removed:  # zero-width spaces and the like, removed so the figures they sat in read as figures
                console.print(f"format characters removed: {sum(removed.values())} on lines {', '.join(map(str, sorted(removed)[:20]))}"
                              + (" …" if len(removed) > 20 else ""), markup=False)


@cli.command()
@click.argument("reports", nargs=-1, required=True)
@click.option("--rules", "rule_files", multiple=True, help="extra rule file (repeatable); rules with the same id replace earlier ones")
@click.option("--only-rules", is_flag=True, help="use only the --rules files, not rules/default.yaml and the report's own file")
@click.option("--out", "out_dir", default="out", show_default=True,
              help="output folder (with several reports: one subfolder per report); - with one --format json, md or html: standard output")
@click.option("--format", "formats", default="json,md,html,xlsx", show_default=True, help="outputs to write: json, md, html, xlsx")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True, help="language of the findings' messages")
@click.option("--against", "against_book", default=None, help="a kept workbook: every figure is compared with its table, row and column")
@click.option("--quiet", is_flag=True, help="print nothing but errors")
def reconcile(reports: tuple[str, ...], rule_files: tuple[str, ...], only_rules: bool, out_dir: str, formats: str, lang: str,
              against_book: str | None, quiet: bool) -> None:
    """Check REPORTS (report texts or workbooks from `recon extract`) against the rules.

    Exit code 0: no ERROR found; 1: at least one ERROR finding; 2: bad input (nothing written)."""
    from toolkit.writers import FORMATS

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    to_stdout = out_dir == "-"
    if to_stdout and (len(wanted) != 1 or wanted[0] not in STDOUT_FORMATS or len(reports) != 1):
        raise ReconError(f"--out - writes one report in one text format to standard output: --format {' or '.join(STDOUT_FORMATS)}")
    if [f for f in wanted if f not in FORMATS]:  # before any work, so a typo costs nothing
        raise ReconError(f"unknown output format {', '.join(f for f in wanted if f not in FORMATS)} (choose from {', '.join(FORMATS)})")
    options = _Options(tuple(rule_files), only_rules, against_book, lang, tuple(wanted), out_dir, len(reports) > 1)
    if len(reports) == 1 and not to_stdout and "xlsx" in wanted:
        from toolkit.writers import book_worker

        book_worker.start(reports[0])  # the workbooks built on the second core (stopped by main() however the run ends)
    # read and check every input first (one process per core when there are several): bad input
    # stops the run before anything is written
    with _progress(shown=not quiet and len(reports) > 1) as progress:
        task = progress.add_task("reconciling", total=len(reports))
        checked = map_reports(partial(_check, options), reports, done=lambda report: progress.advance(task))
    for report, result in zip(reports, checked):
        if result.tables == 0 and not quiet:
            click.echo(f"recon: warning: {report}: no tables found; only sentences are checked", err=True)
        for warning in result.data.meta.get("warnings", []) if not quiet else []:
            click.echo(f"recon: warning: {report}: {warning}", err=True)
    # written once every report is checked: a bad ledger for the last report leaves no outputs behind
    if to_stdout:
        from toolkit.writers import render_text

        click.echo(render_text(checked[0].result, checked[0].data, wanted[0]), nl=False)
        quiet = True
        outs = [Path(out_dir)]
    else:
        from dataclasses import replace

        from toolkit.outputs import Staging, folder_names

        # every output is built in a staging folder inside out_dir and moved into place together;
        # same-named reports from different folders get a folder each, never one over the other
        names = folder_names([(r, c.data.source) for r, c in zip(reports, checked)]) if len(reports) > 1 else [""] * len(reports)
        inputs = [*reports, *rule_files, *([against_book] if against_book else [])]
        with Staging(Path(out_dir), [Path(p) for p in inputs]) as staging:
            try:
                map_reports(partial(_write, replace(options, out_dir=str(staging.folder()))), list(zip(reports, checked, names)))
            except OSError as error:
                raise staging.write_error(error) from None
            staging.commit()
        outs = [Path(out_dir) / name for name in names]
    results = [(item.result, out) for item, out in zip(checked, outs)]
    if not quiet:
        for result, out in results:
            _summary(result, out)
    raise SystemExit(EXIT_ERRORS if any(f.cls == "ERROR" for result, _ in results for f in result.findings) else EXIT_OK)


@dataclass(frozen=True)
class _Options:
    """What every report of one `recon reconcile` is checked and written with (sent to workers)."""

    rule_files: tuple[str, ...]
    only_rules: bool
    against_book: str | None
    lang: str
    formats: tuple[str, ...]
    out_dir: str
    several: bool


@dataclass
class _Checked:
    result: Any
    data: Any
    tables: int


def _check(options: _Options, report: str) -> _Checked:
    """Read one report and evaluate its rules (in a worker when there are several reports)."""
    from toolkit.ledger import release

    try:
        data, result = _evaluated(options, report)
    finally:
        # evaluate forgets the reads it used; these are the ones started early for a run that stopped
        # before evaluating (a rule file's error after the first look had started a read)
        release()
    if data.meta.get("line_places"):  # an HWPX or PDF source: findings name the cell or page
        from dataclasses import replace

        from toolkit.findings import with_places

        result = replace(result, findings=with_places(result.findings, _places(data)))
    if (helper := _book_helper()) is not None:
        helper.offer_result(result)
    return _Checked(result, data, len(data.tables))


def _evaluated(options: _Options, report: str) -> tuple[Any, Any]:
    """The report read and its result."""
    from toolkit.rules.loader import rule_paths, rules_for

    ruleset = None
    if not report.lower().endswith((".xlsx", ".xlsm")):
        # a report's rules are known from its file name: a ledger is read while the rules are validated,
        # the engine imported and the report parsed (started from the rule files' YAML, then confirmed)
        from toolkit.rules.ledger_reads import start_early

        start_early(rule_paths(Path(report).name, list(options.rule_files), replace=options.only_rules))
        ruleset = rules_for(Path(report).name, list(options.rule_files), replace=options.only_rules)
        from toolkit.rules.registry import prefetch

        prefetch(ruleset.rules)
    from toolkit.engine import evaluate

    with stage("read"):
        data = load_any(report)
    if (helper := _book_helper()) is not None:
        helper.offer_report(data)
    if ruleset is None or Path(data.source).name != Path(report).name:
        ruleset = rules_for(data.source, list(options.rule_files), replace=options.only_rules)
    if options.against_book:
        from toolkit.rules.kinds.against import Against
        from toolkit.rules.loader import RuleSet
        from toolkit.workbook import read_workbook

        read_workbook(options.against_book)  # bad input stops here, with its own message
        ruleset = RuleSet(ruleset.rules + (Against(id="against", kind="against", workbook=options.against_book, at="--against"),), ruleset.files)
    from toolkit.failure import working_on

    with stage("evaluate"), working_on(report):
        return data, evaluate(data, ruleset, lang=options.lang)


def _book_helper():
    """The workbook helper process reconcile started for this run (writers/book_worker.py), if any."""
    module = sys.modules.get("toolkit.writers.book_worker")
    return module.current() if module is not None else None


def _write(options: _Options, item: tuple[str, _Checked, str]) -> Path:
    """Write one report's outputs into its subfolder `name` of the (staging) output folder."""
    from toolkit.failure import working_on
    from toolkit.writers import write_outputs

    report, checked, name = item
    out = Path(options.out_dir) / name
    for chosen in ([[f] for f in options.formats] if timed() else [list(options.formats)]):  # timed: one writer at a time
        with stage("write " + ",".join(chosen)), working_on(report):
            write_outputs(checked.result, checked.data, Path(report), out, chosen)
    return out


class _NoProgress:
    """What a run with one report or --quiet shows: nothing (and rich is not imported)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def add_task(self, *args, **kwargs) -> int:
        return 0

    def update(self, *args, **kwargs) -> None:
        return None

    def advance(self, *args, **kwargs) -> None:
        return None


def _places(data) -> dict[str, str]:
    """A document's places by the references findings use: "line N" and the cells' sheet!cell."""
    from toolkit.engine import cell_ref

    places = {f"line {n}": place for n, place in enumerate(data.meta.get("line_places", []), start=1)}
    places.update({cell_ref(*key): place for key, place in data.meta.get("cell_places", {}).items()})
    return places


def _progress(shown: bool):
    if not shown:
        return _NoProgress()
    from rich.progress import Progress

    return Progress(transient=True)


def _summary(result, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console()
    counts = Counter((f.table, f.cls) for f in result.findings)
    errors = sum(f.cls == "ERROR" for f in result.findings)
    suggested = sum(1 for c in result.causes if c.suggested)
    console.print(f"[bold]{result.source}[/bold]", soft_wrap=True)
    console.print(f"  {result.relations_checked} relations checked · {len(result.findings)} findings ({errors} ERROR) · "
                  f"{len(result.causes)} likely wrong figures, {suggested} with a correction", soft_wrap=True)
    table = RichTable()
    for name in ("table", "ERROR", "ROUNDING", "AMBIGUOUS"):
        table.add_column(name, justify="right" if name != "table" else "left")
    titles = {f.table: f"{f.table} {f.title}".strip() for f in result.findings}
    for name in sorted({t for t, _ in counts}):
        table.add_row(titles.get(name) or name, *(str(counts.get((name, c), 0)) for c in ("ERROR", "ROUNDING", "AMBIGUOUS")))
    console.print(table)
    console.print(f"findings written to {out}/")


@cli.command("synth-ledger")
@click.argument("source")
@click.option("--table", "table_ref", required=True, help="table id or title pattern")
@click.option("--rows", default=10_000, show_default=True)
@click.option("--inject", default=0, show_default=True, help="discrepancies to inject (listed in <out>.manifest.json)")
@click.option("--seed", default=0, show_default=True)
@click.option("-o", "--output", required=True, help="ledger file (.csv, .xlsx or .parquet)")
def synth_ledger(source: str, table_ref: str, rows: int, inject: int, seed: int, output: str) -> None:
    """Write a ledger in 원 whose group sums round to the table's printed figures."""
    import re

    from toolkit import synth_ledger as synth

    data = load_any(source)
    tables = [t for t in data.tables if t.id == table_ref or re.search(table_ref, t.title)]
    if not tables:
        raise ReconError(f"no table {table_ref!r} in {data.source}")
    path = synth.write(tables[0], Path(output), rows, inject, seed)
    click.echo(f"wrote {path} ({rows} rows, {inject} injected; manifest {path.with_suffix('.manifest.json')})")


@cli.group(cls=_Group)
def excel() -> None:
    """The Reconcile button in Excel (xlwings)."""


@excel.command("make-button")
@click.argument("source")
@click.option("-o", "--out", "out_dir", default="workbooks", show_default=True)
def excel_make_button(source: str, out_dir: str) -> None:
    """Write recon_<stem>.xlsm (tables + Reconcile button) and recon_<stem>.py for SOURCE (a report or workbook)."""
    from toolkit.excel.button import make_button_workbook

    path = make_button_workbook(load_any(source), out_dir)
    click.echo(f"wrote {path} and {path.with_suffix('.py')}")


@excel.command("install")
@click.argument("workbook")
def excel_install(workbook: str) -> None:
    """Run on the computer that opens WORKBOOK (a recon_<stem>.xlsm): its button will run this computer's Python."""
    from toolkit.excel.button import install

    path = install(workbook)
    click.echo(f"{path}: the button runs {sys.executable}")


@cli.group(cls=_Group)
def rules() -> None:
    """Rule files: validate, export the JSON Schema."""


@rules.command("check")
@click.argument("files", nargs=-1)
@click.option("--report", "report_path", default=None, help="also run each rule on this report: rules that match nothing or name missing cells are reported")
def rules_check(files: tuple[str, ...], report_path: str | None) -> None:
    """Validate rule files (default: every file in rules/) and lint them against a report."""
    from toolkit.rules.lint import lint
    from toolkit.rules.loader import RULES_DIR, load_rule_file

    paths = [Path(f) for f in files] or sorted(RULES_DIR.glob("*.yaml"))
    problems = 0
    for path in paths:
        loaded = load_rule_file(path)
        report = report_path or _report_of(path)
        notes = lint(loaded.rules, load_any(report)) if report else []
        problems += len(notes)
        click.echo(f"{path}: {len(loaded.rules)} rules ok" + (f", checked on {Path(report).name}" if report else ""))
        for note in notes:
            click.echo(f"  {note}")
    if problems:
        raise SystemExit(EXIT_ERRORS)


def _report_of(path: Path) -> str | None:
    """The sample report a rule file names with `report:`, when it is in reports/."""
    from toolkit.rules.loader import RULES_DIR

    candidate = RULES_DIR.parent / "reports" / f"{path.stem}.txt"
    return str(candidate) if candidate.exists() else None


@rules.command("explain")
@click.argument("rule_id")
@click.argument("report")
@click.option("--rules", "rule_files", multiple=True, help="extra rule file")
def rules_explain(rule_id: str, report: str, rule_files: tuple[str, ...]) -> None:
    """Show what RULE_ID compares on REPORT, relation by relation, and how each was judged."""
    from toolkit.rules.lint import explain
    from toolkit.rules.loader import rules_for

    data = load_any(report)
    ruleset = rules_for(data.source, list(rule_files))
    matches = [r for r in ruleset.rules if r.id == rule_id]
    if not matches:
        raise ReconError(f"no rule {rule_id!r} for {data.source} (rules: {', '.join(r.id for r in ruleset.rules)})")
    from rich.console import Console

    if matches[0].kind == "discovered":  # the relations proven per table, before relation by relation
        from toolkit.rules.suggest import explain_lines

        for line in explain_lines(matches[0], data):  # type: ignore[arg-type]
            click.echo(line)
    Console().print(explain(matches[0], data))


@rules.command("suggest")
@click.argument("report")
@click.option("-o", "--output", default=None, help="rule file to write (default: print)")
def rules_suggest(report: str, output: str | None) -> None:
    """Write the relations REPORT's figures prove as a rule file to edit and keep."""
    from toolkit.rules.suggest import rule_file

    data = load_any(report)
    text = rule_file(data, Path(data.source).stem)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@rules.command("schema")
@click.option("-o", "--output", default=None)
def rules_schema(output: str | None) -> None:
    """Write the JSON Schema of rule files (for editor completion)."""
    from toolkit.rules.loader import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


def main(argv: list[str] | None = None) -> int:
    from toolkit.failure import current_file, describe

    try:
        cli.main(args=argv, prog_name="recon", standalone_mode=False)
    except SystemExit as stop:
        return int(stop.code or 0)
    except ReconError as error:
        click.echo(f"recon: {error}", err=True)
        return EXIT_BAD_INPUT
    except click.ClickException as error:
        error.show()
        return EXIT_BAD_INPUT
    except click.exceptions.Abort:
        return EXIT_BAD_INPUT
    except OSError as error:  # a folder we cannot write, a disk that is full
        click.echo(f"recon: {error.filename or current_file(error) or ''}: {error.strerror or error}", err=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the staging folder is already gone
        click.echo("recon: interrupted; nothing was written", err=True)
        return EXIT_BAD_INPUT
    except BaseException as error:  # never a traceback for a user (Rust panics are BaseExceptions); RECON_DEBUG=1 shows it
        import os
        import traceback

        if os.environ.get("RECON_DEBUG"):
            traceback.print_exc()
        click.echo(f"recon: {describe(error)}", err=True)
        return EXIT_BAD_INPUT
    finally:
        if "toolkit.writers.book_worker" in sys.modules:  # a helper process ends with the command, however it ends
            sys.modules["toolkit.writers.book_worker"].stop()
    return EXIT_OK


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP unwind like Ctrl-C, so every temporary file is removed on the way out."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


def run() -> None:
    """The `recon` command. Every output is written and closed, every staging folder gone and every
    worker joined when main returns, so the process ends there: the interpreter's own teardown (a
    collection over every object of the run, each module's dict freed, polars' and numpy's
    finalizers) changes nothing on disk and cost a report run about a tenth of a second."""
    import gc
    import os

    # numpy (imported by the relation search and by HiGHS) loads OpenBLAS, which starts a thread per
    # core and sizes buffers for each: 0.07 s of a run that does no linear algebra. A setting the
    # user made is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # pydantic looks for plugins (an entry-point scan of every installed package, ~4 ms) when it builds
    # the first rule model; recon's rule models use none. A setting the user made is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # a run allocates millions of objects that live to its end (modules, tables, cells, findings) and
    # makes few cycles: the collector's default (a pass every 700 allocations) spent 0.08-0.15 s CPU
    # of a sample's run walking them; every 10,000 it spends about 0.03 s, peak memory unchanged
    gc.set_threshold(10_000, 50, 100)
    _stop_on_signals()
    code = main()
    if _observed():  # a profiler or coverage writes its data in the interpreter's own exit
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (recon … | head): the exit code is what is left to give
        pass
    import atexit

    # what the interpreter's exit runs first still runs: the handlers libraries register (a thread or
    # process pool joined, weakref finalizers, logging flushed); only the teardown after them is skipped
    atexit._run_exitfuncs()
    os._exit(code)


def _observed() -> bool:
    """Whether a tracer, profiler or monitoring tool (coverage, cProfile) is attached to this run."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: coverage may use sys.monitoring
    return monitoring is not None and any(monitoring.get_tool(tool) is not None for tool in range(6))


if __name__ == "__main__":
    run()
