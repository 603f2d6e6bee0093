"""Rename a macro in a VBA project (vbaProject.bin), leaving Office only its source to run.

The project is a compound file whose VBA storage holds ([MS-OVBA] 2.3.4):
- `dir` (2.3.4.2), compressed (2.4.1): records `Id (2 bytes) Size (4 bytes) data`, among them the
  code page (PROJECTCODEPAGE 0x0003) and, per module, its stream name (MODULESTREAMNAME 0x001A) and
  MODULEOFFSET (0x0031, 2.3.4.2.3.2.5): where the module's source starts in its stream;
- one stream per module (2.3.4.3): a PerformanceCache of MODULEOFFSET bytes (compiled p-code,
  "MUST be ignored on read") and then the compressed source;
- `_VBA_PROJECT` (2.3.4.1): 7 bytes whose Version "MUST be 0xFFFF on write" and a PerformanceCache
  that "MUST NOT be present on write"; and SRP streams `__SRP_<digits>` (2.2.6), caches that "MUST
  NOT be present on write".
Section 1.6: the caches are used only when that Version matches the running Office; 0xFFFF makes
Office ignore them and compile the source. Renaming a procedure in the source alone would leave a
cache naming the old procedure, so every module is written as its source only with MODULEOFFSET 0,
`_VBA_PROJECT` as the bare 7-byte header and no SRP stream — the form in which xlwings itself ships
the `xlwings` module of this very project (MODULEOFFSET 0, Version 0xFFFF). Every other stream is
copied as it is; the compound file is laid out anew (`toolkit.excel.cfb`), as the streams change size.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
from dataclasses import dataclass

from toolkit.excel.cfb import write_compound
from toolkit.excel.ovba import compress, decompress

PROJECTVERSION, CODEPAGE, STREAMNAME, MODULEOFFSET = 0x0009, 0x0003, 0x001A, 0x0031
SRP = re.compile(r"__SRP_\d+", re.I)


class VbaError(ValueError):
    """A VBA project this module cannot read or rename in."""


@dataclass
class Module:
    stream: str  # the module's stream name in the VBA storage
    offset: int  # its MODULEOFFSET: bytes of PerformanceCache before the compressed source
    source: str


def parse_dir(data: bytes) -> list[tuple[int, bytes]]:
    """The decompressed `dir` stream as (Id, data) records. PROJECTVERSION is the one record whose
    second field is not the size of its data (Reserved = 4, then 6 bytes of version, 2.3.4.2.1.11)."""
    records = []
    pos = 0
    while pos < len(data):
        if pos + 6 > len(data):
            raise VbaError(f"dir stream: record cut off at byte {pos}")
        rid, size = struct.unpack_from("<HI", data, pos)
        size = 6 if rid == PROJECTVERSION else size
        if pos + 6 + size > len(data):
            raise VbaError(f"dir stream: record 0x{rid:04X} at byte {pos} runs past the end")
        records.append((rid, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return records


def build_dir(records: list[tuple[int, bytes]]) -> bytes:
    return b"".join(struct.pack("<HI", rid, 4 if rid == PROJECTVERSION else len(body)) + body for rid, body in records)


def _storage(ole) -> list[str]:
    """The path of the VBA storage: the storage holding `dir` and `_VBA_PROJECT`."""
    for path in ole.listdir():
        if path[-1].lower() == "dir" and ole.exists("/".join(path[:-1] + ["_VBA_PROJECT"])):
            return path[:-1]
    raise VbaError("not a VBA project: no storage holds both dir and _VBA_PROJECT")


def _encoding(records: list[tuple[int, bytes]]) -> str:
    page = next((struct.unpack("<H", body)[0] for rid, body in records if rid == CODEPAGE), 1252)
    name = "utf-8" if page == 65001 else f"cp{page}"
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise VbaError(f"the project's code page {page} is not known to Python") from None


def read_modules(project: bytes) -> dict[str, Module]:
    """Every module of the project, by stream name, with its MODULEOFFSET and decoded source."""
    import olefile

    ole = olefile.OleFileIO(io.BytesIO(project))
    storage = _storage(ole)
    records = parse_dir(decompress(ole.openstream(storage + ["dir"]).read()))
    encoding = _encoding(records)
    modules: dict[str, Module] = {}
    stream = None
    for rid, body in records:
        if rid == STREAMNAME:
            stream = body.decode(encoding, "surrogateescape")
        elif rid == MODULEOFFSET and stream is not None:
            (offset,) = struct.unpack("<I", body)
            data = ole.openstream(storage + [stream]).read()
            modules[stream] = Module(stream, offset, decompress(data[offset:]).decode(encoding, "surrogateescape"))
            stream = None
    return modules


def rename_macro(project: bytes, old: str, new: str) -> bytes:
    """The project with the procedure `old` renamed `new` in the one module that defines it (every
    use of the name there, as VBA names ignore case), and every compiled cache purged (see above).
    Refused when no module or more than one defines `old`, when another module uses it, or when
    `new` is already a name in the project."""
    import olefile

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,254}", new):
        raise VbaError(f"{new!r} is not a VBA procedure name")
    ole = olefile.OleFileIO(io.BytesIO(project))
    storage = _storage(ole)
    records = parse_dir(decompress(ole.openstream(storage + ["dir"]).read()))
    encoding = _encoding(records)
    modules = read_modules(project)
    defines = re.compile(rf"^[ \t]*(?:(?:Public|Private|Friend)[ \t]+)?(?:Static[ \t]+)?Sub[ \t]+{re.escape(old)}\b", re.I | re.M)
    word = lambda name: re.compile(rf"\b{re.escape(name)}\b", re.I)  # noqa: E731
    owners = [m for m in modules.values() if defines.search(m.source)]
    if len(owners) != 1:
        raise VbaError(f"{len(owners)} modules define Sub {old} (one expected)")
    owner = owners[0]
    users = [m.stream for m in modules.values() if m is not owner and word(old).search(m.source)]
    if users:
        raise VbaError(f"Sub {old} is also used in {', '.join(users)}: renaming it would break them")
    taken = [m.stream for m in modules.values() if word(new).search(m.source) or m.stream.lower() == new.lower()]
    if taken:
        raise VbaError(f"{new} is already a name in module {', '.join(taken)}")

    streams: dict[tuple[str, ...], bytes] = {}
    for path in ole.listdir():
        key = tuple(path)
        if path[:-1] == storage and SRP.fullmatch(path[-1]):
            continue
        streams[key] = ole.openstream(path).read()
    named = {key[-1].lower(): key for key in streams if list(key[:-1]) == storage}  # names compare without case (MS-CFB 2.6.4)
    for module in modules.values():
        key = named[module.stream.lower()]
        if module is owner:
            source = word(old).sub(new, module.source).encode(encoding, "surrogateescape")
            streams[key] = _compressed(source, module.stream)
        else:
            streams[key] = streams[key][module.offset:]
    header = streams[named["_vba_project"]]
    streams[named["_vba_project"]] = struct.pack("<HHB", 0x61CC, 0xFFFF, 0x00) + header[5:7].ljust(2, b"\0")
    purged = [(rid, struct.pack("<I", 0) if rid == MODULEOFFSET else body) for rid, body in records]
    streams[named["dir"]] = _compressed(build_dir(purged), "dir")
    return write_compound(streams)


def _compressed(data: bytes, name: str) -> bytes:
    container = compress(data)
    if decompress(container) != data:  # only a raw last chunk (0x00-padded, 2.4.1.3.10) could differ
        raise VbaError(f"{name}: its compressed form does not read back as written")
    return container
