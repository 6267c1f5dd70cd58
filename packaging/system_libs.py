"""Which shared libraries a Debian/Ubuntu system provides through the .deb's `Depends:`.

The PySide6 wheels, like any pip-installed Qt, expect the system to provide X11/xcb,
fontconfig, D-Bus, PulseAudio and OpenGL (TOOLCHAIN.md lists the packages). PyInstaller copies
the build machine's versions of those libraries into the bundle anyway. The `.deb` declares
those packages in `Depends:` (`packaging/linux/depends.txt`), so the bundle can leave to the
system every library that these packages and their dependencies provide: smaller, and the
system's copies get the distribution's security updates.

`closure()` follows `apt-cache depends` from the `Depends:` list (the first choice of each
alternative only: that is what apt installs), `owners()` asks `dpkg -S` which package owns a
file, and `audit()` checks a built bundle: every library a bundled ELF file needs is either in
the bundle or owned by a package of the closure. Linux with dpkg/apt only; elsewhere `closure()`
is empty and nothing is left to the system.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEPENDS_FILE = HERE / "linux" / "depends.txt"
_APT_OPTIONS = (
    "--no-recommends",
    "--no-suggests",
    "--no-conflicts",
    "--no-breaks",
    "--no-replaces",
    "--no-enhances",
)


def depends() -> list[str]:
    """The packages of the .deb's `Depends:` line, in order."""
    lines = DEPENDS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def available() -> bool:
    return sys.platform.startswith("linux") and all(
        shutil.which(tool) for tool in ("dpkg", "apt-cache")
    )


def _direct_dependencies(packages: list[str]) -> dict[str, list[str]]:
    output = subprocess.run(
        ["apt-cache", "depends", *_APT_OPTIONS, *packages],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found: dict[str, list[str]] = {}
    current: list[str] = []
    alternative = False  # the previous line was "|Depends: A": this line is A's alternative
    for line in output.splitlines():
        if not line.startswith(" "):
            current = found.setdefault(line.strip(), [])
            alternative = False
            continue
        if line.startswith("    "):  # a package providing the virtual one above
            continue
        text = line.strip()
        kind, _, name = text.lstrip("|").partition(": ")
        if kind in ("Depends", "PreDepends") and not alternative and not name.startswith("<"):
            current.append(name.split(":")[0])
        alternative = text.startswith("|")
    return found


def closure(packages: list[str] | None = None) -> set[str]:
    """`packages` (default: the `Depends:` list) and everything apt installs with them."""
    if not available():
        return set()
    seen: set[str] = set()
    pending = list(depends() if packages is None else packages)
    while pending:
        batch = sorted({name for name in pending if name not in seen})
        pending = []
        seen.update(batch)
        for names in _direct_dependencies(batch).values():
            pending.extend(name for name in names if name not in seen)
    return seen


def owners(paths: list[str]) -> dict[str, str]:
    """The Debian package owning each file (by real path; /lib and /usr/lib both tried)."""
    candidates: dict[str, str] = {}
    for path in paths:
        real = os.path.realpath(path)
        candidates[real] = path
        if real.startswith("/usr/lib/"):
            candidates[real[len("/usr") :]] = path
        elif real.startswith("/lib/"):
            candidates["/usr" + real] = path
    output = subprocess.run(
        ["dpkg", "-S", *candidates], capture_output=True, text=True, check=False
    ).stdout
    found: dict[str, str] = {}
    for line in output.splitlines():
        package, _, file = line.partition(": ")
        if file in candidates and ", " not in package:
            found[candidates[file]] = package.split(":")[0]
    return found


def provided(sources: list[str], packages: set[str]) -> set[str]:
    """The files among `sources` that a package of `packages` installs."""
    system = [src for src in sources if src.startswith(("/lib/", "/usr/lib/", "/lib64/"))]
    if not system or not packages:
        return set()
    return {src for src, package in owners(system).items() if package in packages}


def _system_libraries() -> dict[str, str]:
    """Library name -> path, from the dynamic linker's cache (this machine's architecture)."""
    output = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    arch = os.uname().machine.replace("_", "-")  # x86-64 as ldconfig spells it
    found: dict[str, str] = {}
    for line in output.splitlines()[1:]:
        head, _, path = line.strip().partition(" => ")
        name, _, flags = head.partition(" (")
        if arch in flags or "x86-64" not in flags:
            found.setdefault(name, path)
    return found


def audit(bundle: Path) -> list[str]:
    """Problems: libraries a bundled ELF file needs that neither the bundle nor a package of
    the `Depends:` closure provides (an empty list means the .deb's dependencies suffice)."""
    from elf import elf_needed  # packaging/, next to this module

    files = [path for path in bundle.rglob("*") if path.is_file() and not path.is_symlink()]
    bundled = {path.name for path in bundle.rglob("*")}
    needed: dict[str, str] = {}
    for path in files:
        for name in elf_needed(path) or []:
            if name not in bundled:
                needed.setdefault(name, str(path.relative_to(bundle)))
    packages = closure()
    system = _system_libraries()
    locations = {name: system.get(name) for name in needed}
    owned = owners([location for location in locations.values() if location])
    problems = []
    for name, user in sorted(needed.items()):
        location = locations[name]
        if location is None:
            problems.append(f"{name} (needed by {user}) is not installed here")
        elif owned.get(location) not in packages:
            package = owned.get(location, "no package")
            problems.append(f"{name} (needed by {user}) comes from {package}, not from Depends")
    return problems


if __name__ == "__main__":  # python packaging/system_libs.py dist/hailuo-desktop
    sys.path.insert(0, str(HERE))
    issues = audit(Path(sys.argv[1]))
    for issue in issues:
        print(f"missing dependency: {issue}")
    print(f"dependency audit: {len(issues)} problem(s)")
    sys.exit(1 if issues else 0)
