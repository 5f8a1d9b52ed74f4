"""The engine's shape: no import cycles, no Streamlit, and the size of its largest modules."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import engine

ROOT = Path(engine.__file__).parent


def modules() -> dict[str, Path]:
    """Every engine module, found with pkgutil (subpackages included)."""
    found = {}
    for info in pkgutil.walk_packages([str(ROOT)], prefix="engine."):
        path = ROOT.joinpath(*info.name.split(".")[1:])
        found[info.name] = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
    return found


def imports(path: Path) -> set[str]:
    """Top-level names a module imports anywhere in it (function-level imports too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {
        name: {m for m in imports(path) if m in mods and m != name} for name, path in mods.items()
    }


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_cycles_finds_a_known_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


MAX_LINES = 320  # "no module over about 300 lines": small modules with one job each


def test_the_engine_has_no_import_cycles_and_prints_its_largest_modules(capsys):
    g = graph()
    found = cycles(g)
    sizes = sorted(
        ((len(p.read_text().splitlines()), n) for n, p in modules().items()), reverse=True
    )
    with capsys.disabled():
        print(f"\n[layout] {len(g)} engine modules; import cycles: {found or 'none'}")
        print("[layout] largest: " + ", ".join(f"{n} {lines}" for lines, n in sizes[:8]))
    assert not found
    too_long = [(n, lines) for lines, n in sizes if lines > MAX_LINES]
    assert not too_long, f"over about 300 lines (at most {MAX_LINES}): split them: {too_long}"


def test_no_engine_module_imports_streamlit():
    offenders = {
        name: sorted(m for m in imports(path) if m.split(".")[0] == "streamlit")
        for name, path in modules().items()
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_the_store_never_imports_a_trainer():
    """The runs layer records events; it must not pull the training code (and torch) in."""
    trainers = {"engine.training.train", "engine.training.units", "engine.training.reference",
                "engine.training.population"}  # fmt: skip
    assert not imports(modules()["engine.runs.store"]) & trainers


def test_one_module_writes_errors_log():
    writers = [n for n, p in modules().items() if '"errors.log"' in p.read_text()]
    assert writers == ["engine.runs.errors"]
    for ui in (ROOT.parent / "reglab_ui").rglob("*.py"):
        assert '"errors.log"' not in ui.read_text(), ui


LAYERS = {"i18n": 0, "core": 0, "training": 1, "runs": 2, "console": 2, "figures": 3, "experiments": 4,
          "cli": 5, "cli_parser": 5, "cli_app": 5, "cli_train": 5}  # fmt: skip
ENTRY_POINTS = {"engine.runs.worker"}  # a process's main module: it runs jobs of every kind


def layer(module: str) -> int:
    return LAYERS[module.split(".")[1]]  # engine.<layer>[.module]


def test_each_layer_imports_only_the_layers_below_it():
    """core < training < runs < figures < experiments < cli, as the README's picture shows."""
    upward = sorted(
        f"{a} -> {b}"
        for a, targets in graph().items()
        if a not in ENTRY_POINTS
        and "." in a[len("engine.") :]
        or a
        in (
            "engine.cli",
            "engine.cli_parser",
            "engine.cli_app",
            "engine.cli_train",
            "engine.console",
        )
        for b in targets
        if layer(b) > layer(a)
    )
    assert not upward, upward
