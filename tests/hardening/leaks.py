"""Looking for a secret where it must not be: files, process command lines, listening sockets;
and a self-signed certificate for a TLS server on 127.0.0.1 (made with the openssl command)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
from pathlib import Path


def files_holding(secret: str, *folders: Path) -> list[Path]:
    """Files under `folders` whose bytes hold `secret` (UTF-8 or UTF-16, as QSettings may)."""
    needles = (secret.encode(), secret.encode("utf-16-le"))
    found = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(path)
    return found


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (Linux /proc)."""
    tree, index = [pid], 0
    while index < len(tree):
        for task in Path(f"/proc/{tree[index]}/task").glob("*"):
            with contextlib.suppress(OSError):
                tree += [int(child) for child in (task / "children").read_text().split()]
        index += 1
    return tree


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def listening_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                inodes.add(fields[9])
    return inodes


def listens(pid: int) -> bool:
    """True when process `pid` holds a listening TCP socket."""
    listening = listening_inodes()
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return any(link[8:-1] in listening for link in links if link.startswith("socket:["))


class Watcher:
    """Samples the command lines and listening sockets of a process tree until stopped."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.command_lines: set[str] = set()
        self.listening: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            for pid in process_tree(self.pid):
                self.command_lines.add(command_line(pid))
                if listens(pid):
                    self.listening.add(pid)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def self_signed_certificate(folder: Path) -> tuple[Path, Path] | None:
    """(certificate, key) for 127.0.0.1, or None when the openssl command is missing."""
    if shutil.which("openssl") is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key
