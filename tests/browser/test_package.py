"""The built wheel, installed (not editable) into a fresh venv, serves the Lab from anywhere."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import free_port, wait_healthy

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def run(*cmd, cwd=None) -> None:
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]


def test_the_wheel_installed_in_a_fresh_venv_serves_the_lab(tmp_path, browser, capsys):
    t0 = time.monotonic()
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
        str(tmp_path / "dist"), str(ROOT))  # fmt: skip
    wheel = next((tmp_path / "dist").glob("reglab-*.whl"))
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    run(str(venv / "bin" / "pip"), "install", "-q", "--no-deps", str(wheel))
    # the dependencies (torch, Streamlit, ...) come from this environment's site-packages
    # through a .pth line, rather than a two-minute reinstall; the editable install's own
    # .pth is not read from there, so `engine` and `reglab_ui` can only come from the wheel
    site = next((venv / "lib").glob("python3*/site-packages"))
    deps = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (site / "reglab-test-deps.pth").write_text("\n".join(deps) + "\n")
    installed = time.monotonic() - t0
    elsewhere = tmp_path / "elsewhere"  # not the checkout: nothing of it is on the path
    elsewhere.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["REGLAB_HOME"] = str(tmp_path / "home")
    log = open(tmp_path / "server.log", "w")
    proc = subprocess.Popen(
        [str(venv / "bin" / "reglab"), "app", "--port", str(port)],
        cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        url = f"http://localhost:{port}"
        assert wait_healthy(url, 90), (tmp_path / "server.log").read_text()[-2000:]
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.get_by_role("heading", name="Reglab — see what regularization does").wait_for(
            timeout=90_000
        )
        page.get_by_role("button", name="▶ Train").wait_for(timeout=30_000)
        where = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import engine, reglab_ui; print(engine.__file__,"
             " reglab_ui.__file__)"], cwd=elsewhere, capture_output=True, text=True, env=env,
        ).stdout  # fmt: skip
        assert str(ROOT) not in where and "site-packages" in where
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()
    with capsys.disabled():
        print(f"\n[package] wheel built and installed in a fresh venv in {installed:.0f} s;"
              f" the Lab loaded from {elsewhere.name}/ through `reglab app`")  # fmt: skip
