"""`reglab app` serves with Streamlit's magic off: no page may rely on it. Magic writes a bare
expression statement that is not a call, a docstring, a yield or an await; none may exist in a
page script (imported modules are never rewritten)."""

from __future__ import annotations

import ast
from pathlib import Path

import reglab_ui

UI = Path(reglab_ui.__file__).parent


def _magic_writes(tree: ast.AST) -> list[int]:
    lines = []
    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(parent, field, None)
            if not isinstance(body, list):
                continue
            for i, node in enumerate(body):
                if not isinstance(node, ast.Expr) or type(node.value) is ast.Call:
                    continue
                value = node.value
                docstring = (
                    i == 0 and isinstance(value, ast.Constant) and isinstance(value.value, str)
                )
                if not docstring and not isinstance(value, ast.Yield | ast.YieldFrom | ast.Await):
                    lines.append(node.lineno)
    return lines


def test_no_page_relies_on_magic():
    pages = [UI / "app.py", *sorted((UI / "views").glob("*.py"))]
    assert len(pages) > 10
    found = {p.name: _magic_writes(ast.parse(p.read_text(encoding="utf-8"))) for p in pages}
    assert not {name: lines for name, lines in found.items() if lines}


def test_the_scan_finds_what_magic_would_write():
    source = (
        'def f():\n    """doc"""\n    x = 1\n    x\n    "shown"\n    g()\nif True:\n    3 + 4\n'
    )
    assert _magic_writes(ast.parse(source)) == [4, 5, 8]


def test_reglab_app_turns_magic_off():
    from engine import cli_app

    text = Path(cli_app.__file__).read_text(encoding="utf-8")
    assert '"--runner.magicEnabled", "false"' in text
