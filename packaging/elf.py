"""The shared libraries an ELF file asks for (its DT_NEEDED entries), read with `struct`: the
bundle filters follow them to find unused libraries, and the system-library audit checks that
every one is bundled or installed."""

from __future__ import annotations

import os
import struct
from pathlib import Path


def elf_needed(path: str | os.PathLike[str]) -> list[str] | None:
    """The DT_NEEDED names of an ELF file; None when it is not ELF (or unreadable)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if data[:4] != b"\x7fELF":
        return None
    wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
    if wide:
        shoff, shentsize, shnum = (
            struct.unpack_from(order + "Q", data, 0x28)[0],
            *struct.unpack_from(order + "HH", data, 0x3A),
        )
        header, dyn = order + "IIQQQQIIQQ", order + "qQ"
    else:
        shoff, shentsize, shnum = (
            struct.unpack_from(order + "I", data, 0x20)[0],
            *struct.unpack_from(order + "HH", data, 0x2E),
        )
        header, dyn = order + "IIIIIIIIII", order + "iI"
    sections = [struct.unpack_from(header, data, shoff + i * shentsize) for i in range(shnum)]
    needed: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, *_ in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings = sections[link][4]
        for position in range(offset, offset + size, struct.calcsize(dyn)):
            tag, value = struct.unpack_from(dyn, data, position)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strings + value)
                needed.append(data[strings + value : end].decode())
    return needed
