"""Imports run one way: the CLI and Dagster definitions on top, thin assets, plain domain modules, the warehouse."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
TOP = ("pipelines", "bench", "assets", "dashboards", "demo", "warehouse")
# a package may import only packages of a lower rank (and itself); the stages of assets/ in the order data flows
RANKS = {
    "pipelines": 9, "bench": 8, "assets.report": 7, "dashboards": 6, "assets.evaluate": 5, "assets.warehouse": 4,
    "assets.normalise": 3, "assets.ingest": 2, "assets.shared": 1, "assets.resources": 1, "demo": 1,
    "warehouse": 0,
}
DAGSTER_MODULES = ("assets.py", "resources.py")  # where assets may meet Dagster; every other module is plain


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "assets" else parts[0]


def _imports() -> list[tuple[str, str, Path, int]]:
    """(importing module, imported module, file, line) for every import of the project's own code."""
    found = []
    for top in TOP:
        for path in sorted((ROOT / top).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level
                         else [])
                found += [(module, name, path, node.lineno) for name in names if name.split(".")[0] in TOP + (
                    "dagster", "dagster_duckdb")]
    return found


IMPORTS = _imports()


def test_every_package_has_a_rank():
    packages = {_package(m) for m, _, _, _ in IMPORTS}
    packages |= {_package(n) for _, n, _, _ in IMPORTS if n.split('.')[0] in TOP}
    assert packages <= RANKS.keys(), packages - RANKS.keys()


def upward(imports: list[tuple[str, str, Path, int]]) -> list[str]:
    """Imports of a package of a higher rank than the importer's."""
    return [f"{path}:{line} {module} imports {name}" for module, name, path, line in imports
            if name.split(".")[0] in TOP and RANKS[_package(name)] > RANKS[_package(module)]]


def cycles(imports: list[tuple[str, str, Path, int]]) -> list[str]:
    """Pairs of packages that import each other."""
    edges = defaultdict(set)
    for module, name, _, _ in imports:
        if name.split(".")[0] in TOP and _package(name) != _package(module):
            edges[_package(module)].add(_package(name))
    return sorted(f"{a} <-> {b}" for a in edges for b in edges[a] if a in edges.get(b, ()) and a < b)


def test_no_import_reaches_up_a_layer():
    assert not upward(IMPORTS), "\n".join(upward(IMPORTS))


def test_packages_import_each_other_in_one_direction_only():
    assert not cycles(IMPORTS), cycles(IMPORTS)


def test_the_checks_catch_an_upward_import_and_a_cycle():
    here = Path("x.py")
    assert upward([("warehouse.access", "pipelines.home", here, 1)]) == [
        "x.py:1 warehouse.access imports pipelines.home"]
    assert upward([("assets.ingest.records", "assets.normalise.quantities", here, 1)])
    assert not upward([("assets.normalise.seizures", "assets.ingest.corrections", here, 1)])
    assert cycles([("bench.run", "pipelines.home", here, 1), ("pipelines.cli", "bench.run", here, 2)]) == [
        "bench <-> pipelines"]


@pytest.mark.parametrize("top", ["assets", "dashboards", "demo", "warehouse"])
def test_domain_modules_do_not_know_dagster(top):
    knowing = [f"{path.relative_to(ROOT)}:{line}" for module, name, path, line in IMPORTS
               if module.startswith(top) and name.split(".")[0] in ("dagster", "dagster_duckdb")
               and path.name not in DAGSTER_MODULES]
    assert not knowing, knowing


def test_only_the_code_location_imports_the_assets():
    reaching = [f"{path.relative_to(ROOT)}:{line} {module}" for module, name, path, line in IMPORTS
                if name.endswith(".assets") and name.startswith("assets.") and not module.startswith("pipelines")]
    assert not reaching, reaching
