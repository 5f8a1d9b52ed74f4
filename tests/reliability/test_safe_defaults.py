"""Safe defaults: localhost only, XSRF on, no pickle, exported names stay in their folder."""

from __future__ import annotations

import ast
from pathlib import Path

from engine.cli_parser import build_parser

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_binds_to_localhost_with_xsrf_protection_unless_asked():
    args = build_parser().parse_args(["app"])
    assert args.host == "127.0.0.1"
    assert build_parser().parse_args(["app", "--host", "0.0.0.0"]).host == "0.0.0.0"
    source = (ROOT / "engine" / "cli_app.py").read_text()  # what `reglab app` starts
    assert '"--server.enableXsrfProtection", "true"' in source


def test_nothing_unpickles_and_any_torch_load_is_weights_only():
    for path in [*(ROOT / "engine").rglob("*.py"), *(ROOT / "reglab_ui").rglob("*.py")]:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n.split(".")[0] in ("pickle", "dill", "joblib") for n in names), path
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "load"
            ):
                base = node.func.value
                if isinstance(base, ast.Name) and base.id == "torch":
                    kw = {k.arg: k.value for k in node.keywords}
                    assert (
                        isinstance(kw.get("weights_only"), ast.Constant)
                        and kw["weights_only"].value is True
                    ), path
