# recon — make setup reconcile  ·  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RECON := $(BIN)/recon
REPORTS := $(wildcard reports/*.txt reports/*.hwpx reports/*.pdf)

# ruff and mypy (configured in pyproject.toml); CI runs it before the tests
lint: setup
	$(BIN)/ruff check toolkit tests bench
	$(BIN)/mypy

.PHONY: lint setup reconcile test fuzz bench workbooks button-workbook ledgers schema docs browser clean

setup: $(BIN)/.installed $(BIN)/.compiled

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,excel]"
	touch $@

# bytecode once, and again whenever a module changes: a run need not compile ~70 modules where
# PYTHONDONTWRITEBYTECODE is set; the HTML report's template compiled the same way (html_out.BuiltTemplates:
# a stale one is never used, only slower)
$(BIN)/.compiled: $(BIN)/.installed $(shell find toolkit -name '*.py' -o -name '*.j2')
	$(BIN)/python -m compileall -q toolkit
	$(BIN)/python -m toolkit.writers.html_out
	touch $@

# Exit 1 (ERROR findings) is the expected outcome of a check, not a failure of make; exit 2 (bad input) is.
reconcile: setup
	@$(RECON) reconcile $(REPORTS) --out out; status=$$?; if [ $$status -ge 2 ]; then exit $$status; fi

# one pytest worker per core (pytest-xdist); a module's tests stay on one worker, so its module-scoped
# fixtures (a sample read once, a run's outputs) are built once. Every example is derandomized (tests/
# conftest.py), so how the tests are spread over the workers changes no result.
test: setup
	$(BIN)/python -m pytest -n auto --dist loadscope

# the synthetic ledger shipped for sample 000's 세출예산 집행현황 (deterministic: seed 1, nothing injected)
ledgers: setup
	$(RECON) synth-ledger reports/000_34b154b19dabe5db.txt --table "세출예산 집행현황" --rows 2000 --seed 1 -o ledgers/000_34b154b19dabe5db.csv

# ledgers of 10k/100k/1M rows (CSV, xlsx) and 10M (CSV), cached in bench/data: recon against a polars floor and a
# csv/openpyxl baseline; `make bench BENCH_ARGS=--big` adds 30M rows
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# the fuzz tests with a long budget (CI runs them with a bounded one), and the fault suite ten times larger
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py tests/test_reader.py -q
	RECON_FAULT_SCALE=10 $(BIN)/python -m pytest tests/test_faults.py -q

workbooks: setup
	@for report in $(REPORTS); do \
	  $(RECON) extract $$report -o workbooks/$$(basename $${report%.*}).xlsx || exit $$?; \
	done

# recon_<stem>.xlsm with a Reconcile button (xlwings) for every sample report
button-workbook: setup
	@for report in $(REPORTS); do \
	  $(RECON) excel make-button $$report -o workbooks || exit $$?; \
	done

schema: setup
	$(RECON) rules schema -o rules/schema.json

docs: setup
	$(BIN)/python -m toolkit.docs > docs/rules.md

# Debian's chromium, for the HTML report's browser tests and for printing the PDF fixtures, with a Korean
# font (NanumGothic) so the printed PDFs carry Hangul (needs root; CI runs it)
browser:
	(command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi nanum) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null)

clean:
	rm -rf out .pytest_cache .hypothesis
