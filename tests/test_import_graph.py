"""GD Studio's modules import without cycles: a cycle (such as model.py building the mlp while
mlp.py builds on model.py) only works by importing late, inside functions, and breaks on the
first import at the top. Read from the source, so lazy imports inside functions count too."""

import ast
from pathlib import Path

import gdstudio

PACKAGE_ROOT = Path(gdstudio.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.AST) -> bool:
    """`if TYPE_CHECKING:`: imports for the type checker only, never run."""
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST) -> set[str]:
    """Every absolute module name an import anywhere in `tree` may load at run time (a
    `from a import b` may load the module a.b); imports for the type checker are not run."""
    names: set[str] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        children = node.orelse if _type_checking(node) else ast.iter_child_nodes(node)
        pending.extend(children)
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
    typing_only = "if TYPE_CHECKING:\n    import a\nelse:\n    import b\n"
    assert _imported(ast.parse(typing_only)) == {"b"}


def test_no_module_of_the_package_is_in_an_import_cycle() -> None:
    graph = import_graph("gdstudio")
    assert {"gdstudio.core.nn.model", "gdstudio.ui.window.main_window", "gdstudio.cli"} <= set(
        graph
    )
    assert find_cycle(graph) is None
