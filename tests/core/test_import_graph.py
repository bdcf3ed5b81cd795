"""The headless packages import without cycles: a cycle (such as model.py building the mlp while
mlp.py builds on model.py) only works by importing late, inside functions, and breaks on the
first import at the top. Read from the source, so lazy imports inside functions count too."""

import ast
from pathlib import Path

import pytest

import gdstudio

PACKAGE_ROOT = Path(gdstudio.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.AST) -> set[str]:
    """Every absolute module name an import anywhere in `tree` may load (a `from a import b`
    may load the module a.b)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def import_graph(package: str) -> dict[str, set[str]]:
    """Each module of `package` and the modules of the same package it imports."""
    folder = PACKAGE_ROOT.parent.joinpath(*package.split("."))
    sources = {_module_name(path): path for path in folder.rglob("*.py")}
    return {
        name: (_imported(ast.parse(path.read_text(encoding="utf-8"))) & sources.keys()) - {name}
        for name, path in sources.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as a path that ends where it starts, or None if it has none."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return path[path.index(name) :] + [name]
        if name in done:
            return None
        for imported in sorted(graph[name]):
            cycle = visit(imported, [*path, name])
            if cycle:
                return cycle
        done.add(name)
        return None

    for name in sorted(graph):
        cycle = visit(name, [])
        if cycle:
            return cycle
    return None


def test_find_cycle_finds_one_and_only_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph("gdstudio.core")
    assert "gdstudio.core.nn.layered_net" in graph["gdstudio.core.nn.mlp"]
    assert "gdstudio.core.nn.mlp" in graph["gdstudio.core.nn.model"]
    tree = ast.parse("def f():\n    from gdstudio.core.nn import mlp\n")
    assert "gdstudio.core.nn.mlp" in _imported(tree)


@pytest.mark.parametrize("package", ["gdstudio.core", "gdstudio.commands"])
def test_a_headless_package_has_no_import_cycle(package: str) -> None:
    graph = import_graph(package)
    assert len(graph) > 5
    assert find_cycle(graph) is None
