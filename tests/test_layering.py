"""The package's layering, read from the source (imports inside functions count;
``TYPE_CHECKING`` blocks do not):

- ``tilsyn.audit`` (the domain) imports no adapter, framework or the application layer;
- only ``tilsyn.store`` imports SQLAlchemy/Alembic, only ``tilsyn.workbook`` openpyxl,
  only ``tilsyn.report`` docxtpl/python-docx/jinja2, only ``tilsyn.cli`` typer/rich,
  only ``tilsyn.stats`` matplotlib;
- adapters (store, report, workbook, stats) never import the application layer or the CLI,
  and only the CLI imports the CLI;
- no two modules import each other in a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tilsyn"

# third-party top-level module -> the only tilsyn package allowed to import it
FRAMEWORKS = {
    "sqlalchemy": "tilsyn.store",
    "alembic": "tilsyn.store",
    "psycopg": "tilsyn.store",
    "openpyxl": "tilsyn.workbook",
    "docxtpl": "tilsyn.report",
    "docx": "tilsyn.report",
    "jinja2": "tilsyn.report",
    "typer": "tilsyn.cli",
    "click": "tilsyn.cli",
    "rich": "tilsyn.cli",
    "matplotlib": "tilsyn.stats",
}
ADAPTERS = ("tilsyn.store", "tilsyn.report", "tilsyn.workbook", "tilsyn.stats")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str) -> set[str]:
    """Every module imported anywhere in ``tree`` outside TYPE_CHECKING blocks."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.rsplit(".", node.level)[0]
                base = f"{package}.{base}" if base else package
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}
    graph = {}
    for name, path in modules.items():
        imported = _imports(ast.parse(path.read_text(encoding="utf-8")), name)
        graph[name] = imported
    return graph


GRAPH = _graph()
MODULES = set(GRAPH)


def _internal(imported: set[str]) -> set[str]:
    """The tilsyn modules among imported names (``from tilsyn.x import y`` may name a
    module ``tilsyn.x.y`` or an object in ``tilsyn.x``)."""
    return {name for name in imported if name in MODULES}


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_frameworks_only_in_their_adapter():
    problems = []
    for module, imported in sorted(GRAPH.items()):
        for name in imported:
            top = name.split(".")[0]
            owner = FRAMEWORKS.get(top)
            if owner and not _in(module, owner):
                problems.append(f"{module} imports {name} (only {owner} may)")
    assert problems == []


def test_domain_imports_no_adapter_and_no_use_case():
    allowed = (
        "tilsyn.audit",
        "tilsyn.checklist",
        "tilsyn.errors",
        "tilsyn.text",
        "tilsyn.idnumber",
        "tilsyn.reference",
        "tilsyn.resources",
    )
    problems = []
    for module, imported in sorted(GRAPH.items()):
        if not _in(module, "tilsyn.audit"):
            continue
        for name in _internal(imported):
            if not any(_in(name, a) for a in allowed):
                problems.append(f"{module} imports {name}")
        for name in imported:
            if name.split(".")[0] in FRAMEWORKS:
                problems.append(f"{module} imports {name}")
    assert problems == []


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_adapters_import_neither_use_cases_nor_cli(adapter):
    problems = [
        f"{module} imports {name}"
        for module, imported in sorted(GRAPH.items())
        if _in(module, adapter)
        for name in _internal(imported)
        if _in(name, "tilsyn.app") or _in(name, "tilsyn.cli")
    ]
    assert problems == []


def test_only_the_cli_imports_the_cli():
    problems = [
        f"{module} imports {name}"
        for module, imported in sorted(GRAPH.items())
        if not _in(module, "tilsyn.cli") and module != "tilsyn.__main__"
        for name in _internal(imported)
        if _in(name, "tilsyn.cli")
    ]
    assert problems == []


def test_the_cli_does_not_reach_into_the_store():
    problems = [
        f"{module} imports {name}"
        for module, imported in sorted(GRAPH.items())
        if _in(module, "tilsyn.cli")
        for name in _internal(imported)
        if _in(name, "tilsyn.store")
    ]
    assert problems == []


def test_no_import_cycles():
    edges = {m: {n for n in _internal(i) if n != m} for m, i in GRAPH.items()}
    # A package's __init__ importing its own submodules is not a cycle with them.
    for m in edges:
        edges[m] = {n for n in edges[m] if not (n.startswith(m + ".") and m in MODULES)}
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(edges.get(m, ())):
            if state.get(n) == 1:
                cycles.append(" -> ".join([*stack[stack.index(n) :], n]))
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)
    assert cycles == []
