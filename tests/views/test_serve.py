"""The server process (`reglab app`): its guard against CPython 3.11's thread-unsafe ast.parse
(gh-106905), its preload, and connections that send without Nagle's delay."""

from __future__ import annotations

import ast
import asyncio
import gc
import socket
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


def test_preload_leaves_the_first_run_no_full_collection_of_the_imports_to_pay():
    """Streamlit collects after every script run; in a fresh process (as `reglab app`'s), what
    the preload imported is frozen out of that, and the Lab's data question is answered."""
    import subprocess
    import sys

    code = (
        "import gc; from reglab_ui import serve; from engine.core import data; serve.preload(); "
        "from streamlit import config; "
        "print(config.get_option('runner.postScriptGC'), gc.get_freeze_count(), "
        "len(gc.get_objects()), data._csv_rows.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    post_script_gc, frozen, tracked, answered = out[0], int(out[1]), int(out[2]), int(out[3])
    assert post_script_gc == "True"  # if Streamlit stops collecting, the freeze is moot
    assert tracked < frozen / 50  # a collection after a run scans what came since, not the imports
    assert answered == 1


def _accepted_nodelay(bind) -> int:
    """TCP_NODELAY on the server's side of a connection that a real asyncio server accepted on
    a socket from `bind`, as uvicorn serves Streamlit's pages."""

    async def main() -> int:
        loop = asyncio.get_running_loop()
        accepted: asyncio.Future[int] = loop.create_future()

        class Server(asyncio.Protocol):
            def connection_made(self, transport) -> None:
                sock = transport.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

        listening = bind("127.0.0.1", 0, 8)
        server = await loop.create_server(Server, sock=listening)
        host, port = listening.getsockname()[:2]
        _, writer = await asyncio.open_connection(host, port)
        try:
            return await asyncio.wait_for(accepted, 10)
        finally:
            writer.close()
            server.close()
            await server.wait_closed()

    return asyncio.run(main())


def test_connections_send_small_writes_at_once(monkeypatch):
    """Streamlit binds its listening socket with proto 0, so asyncio leaves Nagle's algorithm on
    for what it accepts (each keep-alive request's body then waited 40 ms for an ACK); the server
    process hands it on as a TCP socket. If Streamlit's own socket gets it right one day, the
    first assertion says the correction can go."""
    from streamlit.web.server.starlette import starlette_server

    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    assert _accepted_nodelay(starlette_server._bind_socket) == 0, "Streamlit sets it now"
    serve.accept_without_nagle()
    serve.accept_without_nagle()  # twice: wrapped once
    assert not hasattr(starlette_server._bind_socket.__wrapped__, "nodelay")
    assert _accepted_nodelay(starlette_server._bind_socket) != 0
