"""Enforces ARCHITECTURE.md's table of which layer may import which, by reading the imports of
every module (including imports inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "hailuo_desktop"

QT = ("PySide6", "qasync")
# layer -> prefixes it must never import. "hailuo_desktop.X" means a sibling layer.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": (
        *QT,
        "httpx",
        "keyring",
        "starlette",
        "sqlite3",
        "hailuo_desktop.api",
        "hailuo_desktop.store",
        "hailuo_desktop.engine",
        "hailuo_desktop.simulator",
        "hailuo_desktop.ui",
        "hailuo_desktop.cli",
        "hailuo_desktop.app",
        "hailuo_desktop.imaging",
        "hailuo_desktop.paths",
    ),
    "api": (
        *QT,
        "keyring",
        "starlette",
        "hailuo_desktop.store",
        "hailuo_desktop.engine",
        "hailuo_desktop.simulator",
        "hailuo_desktop.ui",
        "hailuo_desktop.cli",
        "hailuo_desktop.app",
        "hailuo_desktop.imaging",
    ),
    "store": (
        "httpx",
        "qasync",
        "PySide6.QtWidgets",
        "PySide6.QtGui",
        "hailuo_desktop.api",
        "hailuo_desktop.engine",
        "hailuo_desktop.simulator",
        "hailuo_desktop.ui",
        "hailuo_desktop.cli",
        "hailuo_desktop.app",
    ),
    "engine": (
        *QT,
        "hailuo_desktop.ui",
        "hailuo_desktop.simulator",
        "hailuo_desktop.cli",
        "hailuo_desktop.app",
        "hailuo_desktop.imaging",
    ),
    "media": (
        "httpx",
        "keyring",
        "qasync",
        "PySide6.QtWidgets",
        "hailuo_desktop.api",
        "hailuo_desktop.engine",
        "hailuo_desktop.store",
        "hailuo_desktop.simulator",
        "hailuo_desktop.ui",
        "hailuo_desktop.cli",
        "hailuo_desktop.app",
    ),
    "simulator": (
        "httpx",
        "keyring",
        "hailuo_desktop.api",
        "hailuo_desktop.engine",
        "hailuo_desktop.store",
        "hailuo_desktop.ui",
        "hailuo_desktop.cli",
        "hailuo_desktop.app",
        "PySide6.QtWidgets",
    ),
    "ui": (
        "httpx",
        "keyring",
        "hailuo_desktop.api",
        "hailuo_desktop.store.history",
        "hailuo_desktop.store.credentials",
        "hailuo_desktop.cli",
        "hailuo_desktop.app",
    ),
    "cli": (
        "PySide6.QtWidgets",
        "hailuo_desktop.ui",
        "hailuo_desktop.app",
        "hailuo_desktop.startup",
    ),
    "cli_story": (
        "PySide6.QtWidgets",
        "hailuo_desktop.ui",
        "hailuo_desktop.app",
        "hailuo_desktop.startup",
    ),
    "cli_batches": (
        "PySide6.QtWidgets",
        "hailuo_desktop.ui",
        "hailuo_desktop.app",
        "hailuo_desktop.startup",
    ),
    "session": (
        *QT,
        "hailuo_desktop.ui",
        "hailuo_desktop.cli",
        "hailuo_desktop.app",
        "hailuo_desktop.startup",
    ),
    "startup": ("httpx", "hailuo_desktop.api", "hailuo_desktop.cli", "hailuo_desktop.app"),
    "imaging": (
        "PySide6.QtWidgets",
        "httpx",
        "keyring",
        "hailuo_desktop.api",
        "hailuo_desktop.store",
        "hailuo_desktop.engine",
        "hailuo_desktop.ui",
        "hailuo_desktop.app",
    ),
}
# Only the clip renderer (and the launcher) of the simulator may use Qt; the rest stays pure.
SIMULATOR_QT_PARTS = ("render", "__main__.py")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def violates(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_respects_the_layer_table(path):
    layer = layer_of(path)
    forbidden = list(FORBIDDEN.get(layer, ()))
    if layer == "simulator" and path.relative_to(PACKAGE).parts[1] not in SIMULATOR_QT_PARTS:
        forbidden += list(QT)
    bad = sorted(
        name for name in imports_of(path) for prefix in forbidden if violates(name, prefix)
    )
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) must not import {bad}"


def test_only_launchers_import_the_composition_root():
    importers = [
        path.name
        for path in modules()
        if any(violates(name, "hailuo_desktop.app") for name in imports_of(path))
    ]
    assert set(importers) <= {"__main__.py"}


def test_the_checker_sees_function_level_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtGui import QImage\n    import httpx\n")
    assert {"PySide6.QtGui", "httpx"} <= imports_of(sample)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (at any level, type-checking ones too)."""
    known = {module_name(path): path for path in modules()}
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        targets = set()
        for imported in imports_of(path):
            while imported and imported not in known:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = targets
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others():
    assert circles(import_graph()) == []


def test_the_circle_finder_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
