"""No import cycles in ``src/letterkit``: every module can be imported on its own, in any order.

The graph is read from the source with :mod:`ast`, not by importing: an edge A → B for every
``import``/``from … import`` (also inside module-level ``try``/``if``/``with``), with relative
imports resolved. Imports under ``if TYPE_CHECKING:`` never run and are left out.

Two graphs are checked:

* what runs at import time (imports inside functions and methods left out): a cycle here is a
  module that cannot be imported first;
* every import, deferred ones too: a cycle here is one dodged by an import inside a function
  (``address.country_name`` imported ``i18n``, which imported ``model``, which imports
  ``address``). Deferred imports that load a heavy library late (reportlab in a writer) close no
  cycle, so this graph has none once the layers are right.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(body: list[ast.stmt], deferred: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports in ``body``; inside functions only when ``deferred``; never TYPE_CHECKING."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _imports(node.body, deferred)
            yield from _imports(node.orelse, deferred)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _imports(block, deferred)
        elif isinstance(node, ast.With | ast.For | ast.While):
            yield from _imports(node.body, deferred)
        elif isinstance(node, ast.ClassDef):
            yield from _imports(node.body, deferred)  # a class body runs at import time
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and deferred:
            yield from _imports(node.body, deferred)


def import_graph(package_dir: Path, *, deferred: bool = False) -> dict[str, set[str]]:
    """Module → the package's modules it imports at import time (with ``deferred``: anywhere).

    Packages count as modules: ``from .delivery import send`` depends on ``delivery`` (its
    ``__init__`` runs) and, as a submodule, on ``delivery.send``.
    """
    root = package_dir.parent
    files = {module_name(p, root): p for p in sorted(package_dir.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _imports(tree.body, deferred):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base_parts = package.split(".")
                    if node.level > 1:
                        base_parts = base_parts[: -(node.level - 1)]
                    base = ".".join(base_parts)
                    source = f"{base}.{node.module}" if node.module else base
                else:
                    source = node.module or ""
                targets = [source] + [f"{source}.{alias.name}" for alias in node.names]
            for target in targets:
                # importing a.b.c runs a, a.b and a.b.c
                parts = target.split(".")
                for i in range(1, len(parts) + 1):
                    candidate = ".".join(parts[:i])
                    if candidate in files and candidate != name:
                        graph[name].add(candidate)
    # a package's __init__ running is not a cycle with its own submodules' parent import
    return {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in graph.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as ``[a, b, …, a]``, or ``None`` (depth-first search, deterministic order)."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = GREY
        stack.append(node)
        for nxt in sorted(graph[node]):
            if colour[nxt] == GREY:
                return [*stack[stack.index(nxt) :], nxt]
            if colour[nxt] == WHITE and (found := visit(nxt)):
                return found
        stack.pop()
        colour[node] = BLACK
        return None

    for start in sorted(graph):
        if colour[start] == WHITE and (found := visit(start)):
            return found
    return None


def test_no_import_cycle_at_import_time() -> None:
    cycle = find_cycle(import_graph(SRC / "letterkit"))
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_no_import_cycle_hidden_by_a_deferred_import() -> None:
    cycle = find_cycle(import_graph(SRC / "letterkit", deferred=True))
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def _external_imports(path: Path) -> set[str]:
    """Top-level names of the non-relative imports anywhere in ``path`` (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


PDF_LIBRARIES = {"reportlab", "pypdf", "pypdfium2"}


def test_the_text_engine_and_page_composition_know_no_pdf() -> None:
    """``letterkit.text`` (the engine) and ``letterkit.pages`` (page composition, which the DOCX
    writer follows too) import nothing of ``letterkit.pdf`` and no PDF library, even deferred:
    PDF syntax lives in ``letterkit.pdf`` only."""
    graph = import_graph(SRC / "letterkit", deferred=True)
    for package in ("letterkit.text", "letterkit.pages"):
        modules = [m for m in graph if m == package or m.startswith(package + ".")]
        assert modules, package
        for module in modules:
            pdf = {
                t for t in graph[module] if t == "letterkit.pdf" or t.startswith("letterkit.pdf.")
            }
            assert not pdf, f"{module} imports {sorted(pdf)}"
            path = SRC / (module.replace(".", "/") + ".py")
            if not path.exists():
                path = SRC / module.replace(".", "/") / "__init__.py"
            assert not _external_imports(path) & PDF_LIBRARIES, module


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "pkg"
    for rel, text in files.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pkg


def test_a_made_cycle_is_found_and_named(tmp_path: Path) -> None:
    pkg = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from .sub import b\n",
            "sub/__init__.py": "",
            "sub/b.py": "from ..c import thing\n",
            "c.py": "import pkg.a\nthing = 1\n",
        },
    )
    assert find_cycle(import_graph(pkg)) == ["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]


def test_deferred_imports_are_not_cycles(tmp_path: Path) -> None:
    pkg = _package(
        tmp_path,
        {
            "__init__.py": "from .a import f\n",
            "a.py": "from . import b\n\ndef f():\n    return b\n",
            "b.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from .a import f\n"
                "def g():\n    from .a import f\n    return f\n"
                "class C:\n    def m(self):\n        from . import a\n"
            ),
        },
    )
    graph = import_graph(pkg)
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == set()
    assert find_cycle(graph) is None
    # counted with the deferred imports (not the TYPE_CHECKING one) it is a cycle
    deferred = import_graph(pkg, deferred=True)
    assert deferred["pkg.b"] == {"pkg.a"}
    assert find_cycle(deferred) == ["pkg.a", "pkg.b", "pkg.a"]
    # and the same import at module level is one
    (pkg / "b.py").write_text("from .a import f\n", encoding="utf-8")
    assert find_cycle(import_graph(pkg)) == ["pkg.a", "pkg.b", "pkg.a"]
