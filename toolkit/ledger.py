"""Ledgers: the budget system's line items (one row each, amounts in 원), read lazily with polars.

CSV in UTF-8 or CP949 (as Korean open-data portals publish), an xlsx sheet, or Parquet. CP949 is
transcoded once to a UTF-8 file beside the system's temp folder, so the CSV itself is
scanned lazily (no Python loop over rows anywhere).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl

from toolkit.errors import ReconError
from toolkit.figures import NEGATIVE_MARKS


def _encoding(path: Path) -> str:
    with path.open("rb") as file:
        head = file.read(65536)  # only the head: a ledger can be gigabytes
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp949"):
        try:
            # incremental, not final: a character cut by the 64 KiB window is no decoding error
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ReconError("cannot decode the ledger as UTF-8 or CP949", path=str(path))


def _utf8_copy(path: Path, encoding: str) -> Path:
    key = hashlib.sha1(f"{path.resolve()}:{path.stat().st_mtime_ns}".encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"recon-ledger-{key}.csv"
    if not target.exists():
        import os

        # written under a name of this process and renamed into place: two runs at once (a pool, two
        # users) never read a copy the other is still writing
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as source, open(partial, "w", encoding="utf-8") as out:
                while chunk := source.read(1 << 22):
                    out.write(decoder.decode(chunk))
                out.write(decoder.decode(b"", final=True))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def scan_ledger(path: str | Path, columns: list[str], text: list[str] | tuple[str, ...] = ()) -> pl.LazyFrame:
    """The ledger's named columns, lazily; in a CSV the `text` columns are read as written, not typed
    from the first 10,000 lines."""
    path = Path(path)
    if not path.exists():
        raise ReconError("ledger not found", path=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame = pl.read_excel(path, engine="calamine").lazy()  # calamine parses the whole sheet whatever is asked
    elif suffix == ".parquet":
        frame = pl.scan_parquet(path)  # columnar: only the key and amount columns are read
    else:
        encoding = _encoding(path)
        source = _utf8_copy(path, encoding) if encoding == "cp949" else path
        frame = pl.scan_csv(source, infer_schema_length=10000, encoding="utf8", schema_overrides=dict.fromkeys(text, pl.String))
    try:
        names = frame.collect_schema().names()
    except pl.exceptions.PolarsError as error:  # an empty file, a header polars cannot split
        raise _unreadable(error, path) from None
    missing = [c for c in columns if c not in names]
    if missing:
        raise ReconError(f"ledger has no column {', '.join(map(repr, missing))} (it has {', '.join(names[:12])})", path=str(path))
    return frame.select(columns)


def _unreadable(error: Exception, path: str | Path) -> ReconError:
    """A ledger polars cannot parse as CSV (a quote never closed, no header), in its own first words."""
    return ReconError(f"cannot read the ledger: {str(error).strip().splitlines()[0]}", path=str(path))


def _amount(name: str, dtype: pl.DataType) -> pl.Expr:
    """An amount column as numbers: portals print "1,234,000" (quoted) or "△500" as often as 1234000."""
    if dtype.is_numeric():
        return pl.col(name)
    text = pl.col(name).cast(pl.String).str.replace_all(r"[,\s원]", "").str.replace(f"^[{re.escape(NEGATIVE_MARKS)}]", "-")
    return text.cast(pl.Float64, strict=False)


def _not_an_amount(name: str, dtype: pl.DataType) -> pl.Expr:
    """A value written in the column that is no amount at all (an empty cell is not one)."""
    if dtype.is_numeric():
        return pl.lit(False)
    return _amount(name, dtype).is_null() & (pl.col(name).cast(pl.String).str.strip_chars().fill_null("") != "")


def group_sums(path: str | Path, keys: list[str], amounts: list[str], text: list[str] | tuple[str, ...] = ()) -> pl.LazyFrame:
    """One row per distinct key path: the amounts summed (exactly, before any float), the line count and
    `unreadable_<amount>`. The keys are labels and read as written (a code 0101 stays 0101); `text` names
    amounts read as text too."""
    frame = scan_ledger(path, [*keys, *amounts], [*keys, *text])
    schema = frame.collect_schema()
    return frame.group_by(keys).agg(
        [_amount(c, schema[c]).sum() for c in amounts]
        + [_not_an_amount(c, schema[c]).sum().cast(pl.UInt32).alias(f"unreadable_{c}") for c in amounts]  # counted in the same pass
        + [pl.len().alias("ledger_rows")])


def _with_matching_keys(sums: pl.DataFrame, keys: list[str], amounts: list[str]) -> pl.DataFrame:
    """The sums as floats, and each key's matching form (`key_0`, `key_1`, …: label_key's spelling). Done on
    the summed groups once the read is over: the reader (0.02 s of imports) is not imported by the
    thread that starts the read while the report's own reading imports them."""
    from toolkit.reader.lines import LABEL_NOISE

    return sums.with_columns([pl.col(c).cast(pl.Float64) for c in amounts]
                             + [pl.col(k).cast(pl.String).fill_null("").str.replace_all(LABEL_NOISE, "").alias(f"key_{i}") for i, k in enumerate(keys)])


def _checked(sums: pl.DataFrame, path: str | Path, amounts: list[str]) -> pl.DataFrame:
    """The sums, or a ReconError naming the first line whose amount is not a number."""
    for name in amounts:
        if sums[f"unreadable_{name}"].sum():
            frame = scan_ledger(path, [name], [name])  # as written: the value is named as the ledger has it
            schema = frame.collect_schema()
            first = frame.with_row_index("line", offset=2).filter(_not_an_amount(name, schema[name])).head(1).collect()
            count = int(sums[f"unreadable_{name}"].sum())
            raise ReconError(f"{name} {first[name][0]!r} is not an amount ({count} such value(s) in the column)",
                             path=str(path), line=int(first["line"][0]))
    return sums


_started: dict[tuple, Future] = {}


def _request(path: str | Path, keys: list[str], amounts: list[str]) -> tuple:
    """What a read is known by: the file as it is now (a ledger rewritten since is read again), the columns."""
    try:
        status = Path(path).stat()
        version: tuple = (status.st_size, status.st_mtime_ns, status.st_ino)
    except OSError:
        version = ()  # a missing ledger: its read raises its own message
    return str(path), version, tuple(keys), tuple(amounts)


def start(path: str | Path, keys: list[str], amounts: list[str]) -> None:
    """Begin summing a ledger in a background thread. polars releases the GIL while it reads,
    so the ledger is read on the other cores while the report is parsed in Python."""
    request = _request(path, keys, amounts)
    if request not in _started:
        _started[request] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger").submit(_read, path, keys, amounts)


def _read(path: str | Path, keys: list[str], amounts: list[str]) -> pl.DataFrame:
    try:
        sums = group_sums(path, keys, amounts).collect(engine="streaming")
    except pl.exceptions.ComputeError:
        # a value past the first 10,000 lines that is no number of the type they made the column ("12x4", or
        # "1,234" among plain integers): the amounts read again as text, so that value is read or named by its line
        try:
            sums = group_sums(path, keys, amounts, text=amounts).collect(engine="streaming")
        except pl.exceptions.PolarsError as error:
            raise _unreadable(error, path) from None
    return _with_matching_keys(_checked(sums, path, amounts), keys, amounts)


def summed(path: str | Path, keys: list[str], amounts: list[str]) -> pl.DataFrame:
    """The ledger's sums per key path: the started read's result, or read now.
    A started read serves the whole run: the re-check of suggested corrections runs the rule
    again and must not read a million lines a second time. Streaming: the ledger is never held whole in memory."""
    future = _started.get(_request(path, keys, amounts))
    return future.result() if future else _read(path, keys, amounts)


def release() -> None:
    """The run is done: forget its reads (the next run reads its ledgers again)."""
    _started.clear()
