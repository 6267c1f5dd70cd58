"""Trims the PyInstaller bundle of what Hailuo Desktop never uses; imported by `pyinstaller.spec`.

PyInstaller collects every Qt plugin of every Qt module the app imports, Qt's translations for
~40 languages, and the build machine's copies of the system libraries those plugins link (the
GTK 3 theme alone brings GTK, GDK, Cairo, Pango and ATK). Each filter below removes one group,
together with the libraries that only the removed files needed; each is named, so
`HAILUO_BUNDLE_FILTERS` can pick them (`all`, the default; `none`; or a comma list) and
`packaging/measure_size.sh` can measure what each saves (bench/README.md, "Bundle size"):

* `gtk-theme`, `embedded`, `wayland`, `unused-plugins`: Qt plugins (see PLUGIN_PATTERNS);
* `translations`: Qt's .qm files except those of the app's languages;
* `system-libs`: libraries the .deb's `Depends:` packages install (packaging/system_libs.py);
* `python-debug-info`: DWARF sections of CPython's own files (libpython, lib-dynload), removed
  on copies with `objcopy --strip-debug`. Qt and FFmpeg files are never touched: `strip=True`
  breaks the bundled FFmpeg libraries ("ELF load command address/offset not page-aligned").

What stays on purpose: QtQuick/Qml (the FFmpeg multimedia plugin links them), every image
format plugin (the app converts TIFF, BMP, ICO… first frames to PNG), the xcb, offscreen and
minimal platforms, the portal theme, the compose and ibus input methods.

A TOC entry is PyInstaller's `(dest_name, src_name, typecode)`.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from elf import elf_needed  # packaging/, next to this module

Entry = tuple[str, str, str]

APP_LOCALES = ("zh_CN",)  # the app's languages besides English (store.settings.Language)
QT_CATALOGUES = ("qt", "qtbase", "qtmultimedia")  # what ui/common/translators.py loads

PLUGIN_PATTERNS: dict[str, tuple[str, ...]] = {
    # GTK 3 look-alike theme; pulls GTK/GDK/Cairo/Pango/ATK. The Fusion style is used instead.
    "gtk-theme": ("platformthemes/*gtk3*",),
    # Embedded-device platforms and raw input drivers (no desktop session uses them).
    "embedded": (
        "platforms/*eglfs*",
        "platforms/*linuxfb*",
        "platforms/*minimalegl*",
        "platforms/*vnc*",
        "platforms/*vkkhrdisplay*",
        "egldeviceintegrations/*",
        "generic/*",
    ),
    # Native Wayland; without it Qt uses xcb through XWayland, present on Wayland desktops.
    "wayland": ("platforms/*wayland*", "wayland-*/*"),
    # Qt's on-screen keyboard, Qt's own TLS and network-status plugins (httpx does the HTTP).
    "unused-plugins": (
        "platforminputcontexts/*virtualkeyboard*",
        "tls/*",
        "networkinformation/*",
    ),
}
ALL_FILTERS = (*PLUGIN_PATTERNS, "translations", "system-libs", "python-debug-info")


def enabled_filters(value: str | None = None) -> tuple[str, ...]:
    """The filters named by `HAILUO_BUNDLE_FILTERS` (or `value`): all, none or a comma list."""
    text = (os.environ.get("HAILUO_BUNDLE_FILTERS", "all") if value is None else value).strip()
    if text in ("", "all"):
        return ALL_FILTERS
    if text == "none":
        return ()
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in ALL_FILTERS]
    if unknown:
        raise SystemExit(f"unknown bundle filter(s) {unknown}; known: {', '.join(ALL_FILTERS)}")
    return names


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def _is_plugin(dest: str, patterns: Iterable[str]) -> bool:
    path = _posix(dest)
    if "/plugins/" not in path:
        return False
    relative = path.split("/plugins/", 1)[1]
    return any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)


def _unused_translation(dest: str) -> bool:
    path = _posix(dest)
    if "/translations/" not in path or not path.endswith(".qm") or "PySide6" not in path:
        return False
    stem = path.rsplit("/", 1)[1][: -len(".qm")]
    keep = {f"{catalogue}_{locale}" for catalogue in QT_CATALOGUES for locale in APP_LOCALES}
    return stem not in keep


def _reachable(binaries: list[Entry]) -> set[str]:
    """Basenames of the libraries that the roots (Python extensions, Qt plugins, libpython)
    need, directly or through each other."""
    by_name = {os.path.basename(dest): src for dest, src, _ in binaries}
    roots = [
        os.path.basename(dest)
        for dest, _, kind in binaries
        if kind == "EXTENSION" or "/plugins/" in _posix(dest) or "libpython" in dest
    ]
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen or name not in by_name:
            continue
        seen.add(name)
        pending.extend(elf_needed(by_name[name]) or [])
    return seen


def _unused_libraries(before: list[Entry], after: list[Entry]) -> set[str]:
    """Libraries only the removed binaries needed (a library nothing links to, which
    something may dlopen, is kept)."""
    gone = _reachable(before) - _reachable(after)
    return {dest for dest, _, kind in after if kind == "BINARY" and os.path.basename(dest) in gone}


# --- CPython debug info -------------------------------------------------------------------------


def _has_debug_info(path: str) -> bool:
    try:
        output = subprocess.run(
            ["readelf", "-S", "-W", path], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return False
    return ".debug_info" in output


def _without_debug_info(binaries: list[Entry], workdir: Path) -> tuple[list[Entry], int]:
    """CPython's runtime files with DWARF sections removed from copies; bytes saved."""
    if not sys.platform.startswith("linux") or not shutil.which("objcopy"):
        return binaries, 0
    stdlib = Path(sys.base_prefix).resolve()
    result, saved = [], 0
    for dest, src, kind in binaries:
        python_own = Path(src).resolve().is_relative_to(stdlib) and (
            "libpython" in dest or "lib-dynload" in _posix(dest)
        )
        if python_own and _has_debug_info(src):
            copy = workdir / "no-debug-info" / _posix(dest)
            copy.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["objcopy", "--strip-debug", src, str(copy)], check=True)
            saved += os.path.getsize(src) - copy.stat().st_size
            src = str(copy)
        result.append((dest, src, kind))
    return result, saved


# --- the whole ----------------------------------------------------------------------------------


def apply_filters(
    binaries: list[Entry], datas: list[Entry], names: Iterable[str], workdir: str
) -> tuple[list[Entry], list[Entry], list[str]]:
    """The filtered TOCs and one report line per filter. A filter of binaries also drops the
    libraries that only the dropped binaries needed, so each filter's figure is what it saves
    alone (when run alone)."""
    names = tuple(names)
    report: list[str] = []

    def drop(label: str, doomed: set[str]) -> None:
        nonlocal binaries, datas
        if label != "translations":
            remaining = [entry for entry in binaries if entry[0] not in doomed]
            doomed |= _unused_libraries(binaries, remaining)
        size = sum(os.path.getsize(src) for dest, src, _ in binaries + datas if dest in doomed)
        binaries = [entry for entry in binaries if entry[0] not in doomed]
        # a symlink (typecode SYMLINK, src = the relative target) to a dropped file goes too
        datas = [
            entry
            for entry in datas
            if entry[0] not in doomed and not (entry[2] == "SYMLINK" and entry[1] in doomed)
        ]
        report.append(f"{label}: {len(doomed)} files, {size / 1e6:.1f} MB")

    for name, patterns in PLUGIN_PATTERNS.items():
        if name in names:
            drop(name, {dest for dest, _, _ in binaries if _is_plugin(dest, patterns)})
    if "translations" in names:
        drop("translations", {dest for dest, _, _ in datas if _unused_translation(dest)})
    if "system-libs" in names:
        import system_libs  # packaging/, next to this module

        sources = {src: dest for dest, src, kind in binaries if kind == "BINARY"}
        packages = system_libs.closure()
        drop("system-libs", {sources[src] for src in system_libs.provided(list(sources), packages)})
    if "python-debug-info" in names:
        binaries, saved = _without_debug_info(binaries, Path(workdir))
        report.append(f"python-debug-info: {saved / 1e6:.1f} MB")
    return binaries, datas, report
