"""The shape of `reflect/`, read from its source with `ast`: no import circles (not even hidden
inside functions), no module reaching into another's underscore names, and no file too long to
read.

Nothing is imported or run: each file is parsed, and every import in it (at module level or
inside a function, relative ones resolved) becomes an arrow from its module to the module of
`reflect` it names, and to each package that module is in (Python starts a package before any
module in it), except the importer's own packages.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reflect"
MAX_LINES = 600

# Underscore names another module may take: none.
KNOWN_PRIVATE_USES: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


MODULES = source_files()


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@dataclass
class ModuleImports:
    """What one module imports: the modules of `reflect` it reaches (arrows), and each use of
    another module's underscore name, as "<module>.<name>"."""

    arrows: set[str] = field(default_factory=set)
    private_uses: set[str] = field(default_factory=set)


def _nearest_module(dotted: str) -> str | None:
    """The module of `reflect` a dotted name lives in (itself, or the nearest enclosing one)."""
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def _resolve_from(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> ModuleImports:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = ModuleImports()
    bound: dict[str, str] = {}  # a local name -> the module of reflect it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _nearest_module(alias.name)
                if target is None:
                    continue
                found.arrows.add(target)
                if alias.asname:
                    bound[alias.asname] = target
                else:
                    top = alias.name.split(".")[0]
                    bound.setdefault(top, top if top in MODULES else target)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve_from(module, node)
            if _nearest_module(source) is None:
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:
                    found.arrows.add(submodule)
                    bound[alias.asname or alias.name] = submodule
                else:
                    target = _nearest_module(source)
                    found.arrows.add(target)
                    if alias.name == "*" or is_private(alias.name):
                        found.private_uses.add(f"{target}.{alias.name}")
                    continue
                if is_private(alias.name):
                    found.private_uses.add(submodule)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            chain = []
            inner: ast.expr = node
            while isinstance(inner, ast.Attribute):
                chain.append(inner.attr)
                inner = inner.value
            if not isinstance(inner, ast.Name) or inner.id not in bound:
                continue
            target = bound[inner.id]
            for attr in reversed(chain):
                if f"{target}.{attr}" in MODULES:
                    target = f"{target}.{attr}"
                    found.arrows.add(target)
                    continue
                if is_private(attr) and target != module:
                    found.private_uses.add(f"{target}.{attr}")
                break
    # Importing `a.b.c` runs the package `a.b` first (its `__init__`, and what that imports),
    # unless the importer is itself inside `a.b`, whose start is already under way.
    for target in list(found.arrows):
        parts = target.split(".")
        for depth in range(1, len(parts)):
            package = ".".join(parts[:depth])
            if not (module == package or module.startswith(package + ".")):
                found.arrows.add(package)
    found.arrows.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected set of two or more modules (Tarjan's algorithm), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_graph_reads_every_module_and_its_function_level_imports():
    # The reader itself: a few arrows known to be there, including ones made inside functions.
    assert len(MODULES) > 100
    assert "reflect.services.journeys.views" in GRAPH["reflect.services.journeys.entries"].arrows
    assert "reflect.services.register.blind_index" in GRAPH["reflect.services.register.searching"].arrows
    demo_functions = [n for n in ast.walk(ast.parse(MODULES["reflect.services.demo"].read_text())) if isinstance(n, ast.FunctionDef)]
    inside = {a.names[0].name for f in demo_functions for a in ast.walk(f) if isinstance(a, ast.ImportFrom) and a.module == "reflect.services"}
    assert "journeys" in inside and "reflect.services.journeys" in GRAPH["reflect.services.demo"].arrows


def test_the_circle_finder_finds_a_circle_and_the_private_reader_a_private_name(tmp_path):
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []
    assert is_private("_pair") and not is_private("__all__") and not is_private("pair")


def test_no_import_circles_in_reflect():
    assert circles({m: imports.arrows for m, imports in GRAPH.items()}) == []


def test_no_module_imports_another_modules_underscore_names():
    used = {(module, name) for module, imports in GRAPH.items() for name in imports.private_uses}
    assert sorted(used - KNOWN_PRIVATE_USES) == []


def test_the_known_private_uses_are_still_there():
    # When one is mended, it leaves the list too, so the list never hides a new one.
    used = {(module, name) for module, imports in GRAPH.items() for name in imports.private_uses}
    assert sorted(KNOWN_PRIVATE_USES - used) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_source_file_in_reflect_is_over_600_lines(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(ROOT)} has {lines} lines"


def test_only_the_streamlit_adapter_takes_streamlits_private_parts():
    # Streamlit's private functions, and its server's modules, are used through
    # reflect/streamlit_private.py alone, whose own test checks their shape.
    found = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit"):
                if any(is_private(a.name) for a in node.names) or ".web.server" in f".{node.module}":
                    found.add(module)
    assert found == {"reflect.streamlit_private"}
