"""Write a compound file ([MS-CFB] version 3) from its streams.

olefile reads compound files but cannot grow a stream, and a VBA project whose module streams change
size must be laid out anew. This writer is the small part of [MS-CFB] such a file needs:
- 2.2 header: 512-byte sectors (shift 9), 64-byte mini sectors (shift 6), mini stream cutoff 4096;
  every FAT sector listed in the header's DIFAT (up to 109 of them, ~7 MB; more is refused);
- 2.3/2.4 FAT: one chain per stream of 4096 bytes or more, FAT sectors marked FATSECT (0xFFFFFFFD),
  chain ends ENDOFCHAIN (0xFFFFFFFE), nothing free in between;
- 2.5/2.6.3 mini FAT and mini stream: smaller streams in 64-byte mini sectors, the mini stream held
  by the root entry's chain;
- 2.6 directory: 128-byte entries, siblings as a red-black tree (2.6.4) ordered by name length, then
  code point by code point in upper case; the tree is built balanced from the sorted names, its
  last level red when not full and every other node black, so the root is black, no red node has a
  red child and every path down has as many black nodes.
Times and CLSIDs are written zero (2.6.3: MAY be all zero).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1
SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def sort_key(name: str) -> tuple[int, str]:
    """Sibling order (2.6.4): a shorter name first, then by upper-cased code points."""
    return len(name), name.upper()


def write_compound(streams: dict[tuple[str, ...], bytes]) -> bytes:
    """The compound file holding each stream at its path (storage names then the stream name);
    storages are made for the paths."""
    root = _Entry("Root Entry", ROOT)
    for path, data in streams.items():
        node = root
        for part in path[:-1]:
            node = node.children.setdefault(part, _Entry(part, STORAGE))
            if node.kind != STORAGE:
                raise ValueError(f"{'/'.join(path)}: {part} is a stream, not a storage")
        if path[-1] in node.children or not 0 < len(path[-1]) < 32:
            raise ValueError(f"{'/'.join(path)}: duplicate or unwritable stream name")
        node.children[path[-1]] = _Entry(path[-1], STREAM, data=data, size=len(data))
    entries = _number(root)
    mini_stream, mini_fat = _mini(entries)
    root.size = len(mini_stream)

    sectors: list[bytes] = []  # file content after the header, one 512-byte sector each
    fat: list[int] = []

    def place(data: bytes, marker: int | None = None) -> int:
        """Append `data` as a chain of consecutive sectors; the first sector's number."""
        first = len(sectors)
        count = -(-len(data) // SECTOR)
        for i in range(count):
            sectors.append(data[i * SECTOR:(i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(marker if marker is not None else (first + i + 1 if i + 1 < count else ENDOFCHAIN))
        return first if count else ENDOFCHAIN

    for entry in entries:
        if entry.kind == STREAM and entry.size >= CUTOFF:
            entry.start = place(entry.data)
    root.start = place(mini_stream)
    mini_fat_start = place(b"".join(struct.pack("<I", n) for n in mini_fat))
    directory = b"".join(_pack(entry) for entry in entries)
    directory += _pack(None) * (-len(entries) % (SECTOR // 128))
    directory_start = place(directory)
    fat_count = 0
    while fat_count * (SECTOR // 4) < len(sectors) + fat_count:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("compound file too large for a header-only DIFAT (over 109 FAT sectors)")
    fat_start = len(sectors)
    fat_table = fat + [FATSECT] * fat_count
    fat_table += [FREESECT] * (fat_count * (SECTOR // 4) - len(fat_table))
    place(b"".join(struct.pack("<I", n) for n in fat_table), marker=FATSECT)
    difat = [fat_start + i for i in range(fat_count)] + [FREESECT] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", SIGNATURE, b"\0" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6, b"\0" * 6,
        0, fat_count, directory_start, 0, CUTOFF, mini_fat_start if mini_fat else ENDOFCHAIN,
        -(-len(mini_fat) * 4 // SECTOR), ENDOFCHAIN, 0) + struct.pack("<109I", *difat)
    return header + b"".join(sectors)


def _number(root: _Entry) -> list[_Entry]:
    """Directory order: the root first, then each storage's children; sibling trees linked."""
    entries = [root]
    pending = [root]
    while pending:
        parent = pending.pop(0)
        children = sorted(parent.children.values(), key=lambda e: sort_key(e.name))
        for entry in children:
            entry.sid = len(entries)
            entries.append(entry)
            if entry.kind == STORAGE:
                pending.append(entry)
        parent.child = _tree(children, depth=0, last=_height(len(children)) - 1,
                             full=len(children) + 1 == 1 << _height(len(children)))
    return entries


def _height(n: int) -> int:
    return n.bit_length()  # a tree built by halving n nodes has floor(log2 n) + 1 levels


def _tree(nodes: list[_Entry], depth: int, last: int, full: bool) -> int:
    if not nodes:
        return NOSTREAM
    middle = len(nodes) // 2
    node = nodes[middle]
    node.color = RED if depth == last and not full and depth > 0 else BLACK
    node.left = _tree(nodes[:middle], depth + 1, last, full)
    node.right = _tree(nodes[middle + 1:], depth + 1, last, full)
    return node.sid


def _mini(entries: list[_Entry]) -> tuple[bytes, list[int]]:
    """The mini stream and mini FAT for the streams under the cutoff."""
    stream = bytearray()
    table: list[int] = []
    for entry in entries:
        if entry.kind != STREAM or entry.size >= CUTOFF or not entry.size:
            continue
        first = len(table)
        count = -(-entry.size // MINI)
        table += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        stream += entry.data.ljust(count * MINI, b"\0")
        entry.start = first
    table += [FREESECT] * (-len(table) % (SECTOR // 4))
    return bytes(stream), table if any(n != FREESECT for n in table) else []


def _pack(entry: _Entry | None) -> bytes:
    if entry is None:  # an unused entry (2.6.3): empty name, siblings and child NOSTREAM
        return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0)
    name = entry.name.encode("utf-16-le")
    start = entry.start if entry.kind != STORAGE else 0
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name) + 2, entry.kind, entry.color, entry.left, entry.right,
                       entry.child, b"\0" * 16, 0, 0, 0, start, entry.size)
