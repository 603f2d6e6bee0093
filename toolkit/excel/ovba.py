"""MS-OVBA compression: the run-length/LZ77 format of a VBA project's `dir` stream and module source.

Written from [MS-OVBA] 2.4.1 (Compression and Decompression). A CompressedContainer is the signature
byte 0x01 and chunks; each chunk encodes up to 4096 bytes of the DecompressedBuffer and starts with a
two-byte header: CompressedChunkSize (12 bits, bytes in the chunk minus 3), signature 0b011 (3 bits) and
CompressedChunkFlag (1 bit: 1 = token sequences, 0 = 4096 raw bytes) (2.4.1.1.4-2.4.1.1.6).

`compress` follows the spec's algorithm step for step (2.4.1.3.6-2.4.1.3.10, and the Matching routine
2.4.1.3.19.4: the longest match within the chunk, the nearest of equally long ones). Office picks its
copy tokens otherwise (its output is a valid container, not the same bytes), so the tests check the
format, not Office's bytes: what Office wrote decompresses here, and what is compressed here
decompresses to the input. Text always compresses into token chunks; a raw chunk, which the spec pads
with 0x00 to 4096 bytes, comes only from data with too few repeats, and a module's source written as
one is reported to be dropped by Excel, so `toolkit.excel.vba` checks the round trip before writing.
"""

from __future__ import annotations

CHUNK = 4096
SIGNATURE = 0b011


class CompressionError(ValueError):
    """A container that is not MS-OVBA compressed data (bad signature, truncated, or an offset
    reaching before its chunk)."""


def _bit_count(difference: int) -> int:
    # CopyToken Help (2.4.1.3.19.1): bits for the offset grow with the position inside the chunk.
    return max((difference - 1).bit_length(), 4)


def decompress(data: bytes) -> bytes:
    """Decompressing a CompressedContainer (2.4.1.3.1)."""
    if not data or data[0] != 0x01:
        raise CompressionError("not an MS-OVBA compressed container (signature byte is not 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise CompressionError(f"chunk header cut off at byte {pos}")
        header = int.from_bytes(data[pos:pos + 2], "little")
        if (header >> 12) & 0b111 != SIGNATURE:
            raise CompressionError(f"bad chunk signature at byte {pos}")
        end = min(len(data), pos + (header & 0x0FFF) + 3)
        start = len(out)
        pos += 2
        if not header >> 15:  # a raw chunk always holds 4096 bytes (2.4.1.3.3)
            if end - pos != CHUNK:
                raise CompressionError(f"raw chunk at byte {pos - 2} holds {end - pos} bytes, not {CHUNK}")
            out += data[pos:end]
            pos = end
            continue
        while pos < end:  # token sequences (2.4.1.3.4)
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                if pos + 2 > end:
                    raise CompressionError(f"copy token cut off at byte {pos}")
                token = int.from_bytes(data[pos:pos + 2], "little")
                pos += 2
                bits = _bit_count(len(out) - start)
                offset = (token >> (16 - bits)) + 1
                length = (token & (0xFFFF >> bits)) + 3
                if offset > len(out) - start:
                    raise CompressionError(f"copy token at byte {pos - 2} reaches before its chunk")
                for _ in range(length):  # byte by byte: a copy may overlap what it writes
                    out.append(out[-offset])
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compressing a DecompressedBuffer (2.4.1.3.6). An empty buffer is the lone signature byte."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _chunk(data, start, min(start + CHUNK, len(data)))
    return bytes(out)


def _chunk(data: bytes, start: int, end: int) -> bytes:
    """Compressing a DecompressedChunk (2.4.1.3.7): token sequences while they fit in 4096 bytes,
    else the raw chunk (2.4.1.3.10), padded with 0x00 to 4096 bytes as the spec writes it."""
    body = bytearray()
    current = start
    room = True  # False once a copy token no longer fits: the spec then sets CompressedCurrent to the end
    while room and current < end and len(body) < CHUNK:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if current >= end or len(body) >= CHUNK:
                break
            offset, length = _match(data, start, current, end)
            if not offset:
                body.append(data[current])
                current += 1
            elif len(body) + 2 <= CHUNK:
                bits = _bit_count(current - start)
                body += ((offset - 1) << (16 - bits) | (length - 3)).to_bytes(2, "little")
                flags |= 1 << bit
                current += length
            else:
                room = False
                break
        body[flag_at] = flags
    if current < end:
        raw = data[start:end] + b"\x00" * (CHUNK - (end - start))
        return ((CHUNK - 1) | SIGNATURE << 12).to_bytes(2, "little") + raw
    return ((len(body) - 1) | SIGNATURE << 12 | 1 << 15).to_bytes(2, "little") + bytes(body)


def _match(data: bytes, start: int, current: int, end: int) -> tuple[int, int]:
    """Matching (2.4.1.3.19.4): the longest run at `current` that also starts earlier in the chunk
    (it may overlap `current`), the nearest of equally long ones; (0, 0) under three bytes. The spec
    scans every candidate; searching backwards for ever longer prefixes finds the same one."""
    best, candidate = 0, -1
    length = 3
    while current + length <= end:
        found = data.rfind(data[current:current + length], start, current + length - 1)
        if found < 0:
            break
        best, candidate = length, found
        length += 1
    if best < 3:
        return 0, 0
    maximum = (0xFFFF >> _bit_count(current - start)) + 3
    return current - candidate, min(best, maximum)
