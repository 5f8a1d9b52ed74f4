"""The server process's guard against CPython 3.11's thread-unsafe ast.parse (gh-106905)."""

from __future__ import annotations

import ast
import gc
import threading
import time

from reglab_ui import serve

SOURCE = "\n".join(
    f"def f{i}(a, b):\n    return [a + b * {i} for _ in range(3)]" for i in range(800)
)


def _parse_in_two_threads(rounds: int = 10) -> list[str]:
    """What a page's script parse and torch's import did at once in `reglab app`: two threads
    parse, and frequent collections (each handing the GIL over, as a finalizer that runs
    Python code may) switch threads in the middle of a parse."""
    errors: list[str] = []

    def parse() -> None:
        for _ in range(rounds):
            try:
                ast.parse(SOURCE)
            except SystemError as e:  # "AST constructor recursion depth mismatch"
                errors.append(str(e))

    def hand_over(phase, info) -> None:
        time.sleep(0)

    threshold = gc.get_threshold()
    gc.callbacks.append(hand_over)
    gc.set_threshold(50)
    try:
        threads = [threading.Thread(target=parse) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        gc.callbacks.remove(hand_over)
        gc.set_threshold(*threshold)
    return errors


def test_parses_in_two_threads_never_fail_once_serialized(monkeypatch):
    monkeypatch.setattr(ast, "parse", ast.parse)  # put back after the test
    serve.serialize_ast_parse()
    assert getattr(ast.parse, "serialized", False)
    assert _parse_in_two_threads() == []
    assert ast.parse("x = 1").body[0].targets[0].id == "x"  # still ast.parse


def test_the_repl_check_is_skipped_where_streamlit_still_has_it():
    """The first page's first element would otherwise run inspect.stack() over torch's modules;
    a Streamlit that renames the flag fails here, so the skip is not lost silently."""
    from streamlit import delta_generator

    assert hasattr(delta_generator, "_use_warning_has_been_displayed")
    calls = []
    real = delta_generator.env_util.is_repl
    delta_generator.env_util.is_repl = lambda: calls.append(1) or False
    try:
        delta_generator._use_warning_has_been_displayed = False
        serve.skip_repl_check()
        delta_generator._maybe_print_use_warning()
    finally:
        delta_generator.env_util.is_repl = real
    assert calls == []
