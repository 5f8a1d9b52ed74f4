"""The dashboard end to end in Chromium: sliders, ablation, live charts, stop, export."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from engine.runs.store import Store
from tests.waiting import wait_until

pytestmark = pytest.mark.browser
SMALL = "n_train=100&depth=2&width=32"


def open_lab(browser, console, url, query, height=3400):
    page = console.watch(
        browser.new_page(viewport={"width": 1500, "height": height}, accept_downloads=True)
    )
    page.goto(f"{url}/?{query}")
    page.get_by_role("heading", name="Reglab — see what regularization does").wait_for(
        timeout=60_000
    )
    return page


def wait_for_address(page, *parts: str, timeout: float = 20) -> str:
    """The page's address (spaces as +) once it holds every part: the script sets it after the
    elements drawn before it (the variants table among them), in a later message, and page.url
    only follows it while Playwright's loop runs."""

    def address() -> str:
        return page.evaluate("location.href").replace("%20", "+")

    wait_until(lambda: all(p in address() for p in parts), timeout, what=f"the address: {parts}")
    return address()


def settled(page, timeout: float = 60) -> None:
    """Wait until the script's run has ended: nothing greyed stale, no running indicator."""
    page.wait_for_function(
        "!document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')",
        timeout=timeout * 1000,
    )


def loss_points(page) -> int:
    """How many epochs the Loss chart shows (0 before it is drawn)."""
    return page.evaluate(
        """() => {
        for (const el of document.querySelectorAll('.js-plotly-plot')) {
            const title = el.layout && el.layout.title ? String(el.layout.title.text) : '';
            if (title.replace(/<[^>]+>/g, '').startsWith('Loss') && el._fullData) {
                return Math.max(0, ...el._fullData.map(t => (t.x || []).length));
            }
        }
        return 0;
    }"""
    )


def loss_traces(page) -> list[str]:
    """The names of the Loss chart's traces, as drawn ([] before it is drawn)."""
    return page.evaluate(
        """() => {
        for (const el of document.querySelectorAll('.js-plotly-plot')) {
            const title = el.layout && el.layout.title ? String(el.layout.title.text) : '';
            if (title.replace(/<[^>]+>/g, '').startsWith('Loss') && el._fullData) {
                return el._fullData.map(t => String(t.name || ''));
            }
        }
        return [];
    }"""
    )


def press(page, label: str, key: str, times: int, widget: str = "stSlider") -> None:
    """Move a slider's thumb with the keyboard, a rerun's time between presses; a slider that
    a rerun will enable (init std once the init is normal) is waited for."""
    thumb = page.locator(f'[data-testid="{widget}"]').filter(has_text=label).get_by_role("slider")
    wait_until(thumb.first.is_enabled, 30, what=f"the {label!r} slider to be enabled")
    thumb.first.focus()
    for _ in range(times):
        thumb.first.press(key)
        page.wait_for_timeout(400)


def test_lab_end_to_end(server, browser, console, output_dir, capsys):
    url, home = server
    page = open_lab(browser, console, url, f"{SMALL}&epochs=12")
    thumb = (
        page.locator('[data-testid="stSlider"]').filter(has_text="Dropout p").get_by_role("slider")
    )
    thumb.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    assert thumb.input_value() == "0.15"
    page.screenshot(path=output_dir / "lab-empty.png")  # rendered, before any training

    # your setting, set as a user sets it: keyboard on the sliders, a click on the switches
    page.get_by_text("Baseline vs yours").click()
    page.wait_for_timeout(800)
    press(page, "Dropout p", "ArrowRight", 7)  # 0.15 -> 0.5
    wait_until(lambda: thumb.input_value() == "0.5", timeout=20)
    press(page, "Weight decay λ", "ArrowRight", 4)  # off -> 1e-05 -> 1e-04 -> 1e-03 -> 3e-03
    page.get_by_role("switch", name="BatchNorm").click(force=True)  # on -> off
    page.wait_for_timeout(800)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Weight init").click()
    page.get_by_role("option", name="normal").click()
    page.wait_for_timeout(800)
    press(page, "Init std (normal)", "ArrowRight", 4)  # 0.01 -> 0.1

    wait_for_address(page, "init_std=0.1", "weight_decay=0.003")
    # the table shows what will train before Train is pressed
    page.get_by_text("dropout 0.5 + λ 0.003").first.wait_for(state="attached", timeout=20_000)
    page.screenshot(path=output_dir / "lab-mode-yours.png")
    store = Store(home / "runs.db")
    wait_until(lambda: store.get_meta("worker_ready") is not None, timeout=60)  # a warm worker
    page.wait_for_timeout(500)

    page.get_by_role("button", name="▶ Train").click()
    t0 = time.monotonic()
    wait_until(lambda: loss_points(page) >= 2, timeout=60)
    first_epoch = time.monotonic() - t0

    page.get_by_text("status finished").first.wait_for(timeout=120_000)
    # the run that says so draws the charts afresh, below: the live chart may still be on screen
    wait_until(lambda: loss_points(page) >= 10, 30, what="the finished job's Loss chart")
    page.screenshot(path=output_dir / "lab-trained.png")

    job_id = store.jobs()[0]["id"]
    assert store.job(job_id)["status"] == "finished"
    trained = store.variants(job_id)
    assert list(trained) == ["baseline", "dropout 0.5 + λ 0.003"]
    mine, base = trained["dropout 0.5 + λ 0.003"], trained["baseline"]
    assert (mine["dropout"], mine["weight_decay"], mine["batchnorm"]) == (0.5, 0.003, False)
    assert (mine["init"], mine["init_std"]) == ("normal", 0.1)
    assert (base["dropout"], base["weight_decay"], base["batchnorm"]) == (0.0, 0.0, False)
    assert (base["init"], base["init_std"]) == ("normal", 0.1)  # one init for every row

    # the finished job's calibration, measured after training (#18)
    page.get_by_test_id("stButtonGroup").get_by_text("Calibration", exact=True).click()
    page.locator(".js-plotly-plot").filter(has_text="Reliability diagram").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    assert "ECE" in page.locator(".js-plotly-plot").first.inner_text()
    page.screenshot(path=output_dir / "lab-calibration.png")
    page.get_by_test_id("stButtonGroup").get_by_text("Curves", exact=True).click()
    page.locator(".js-plotly-plot").filter(has_text="Loss").first.wait_for(timeout=30_000)

    # export: the Loss chart as PNG, and the whole comparison as ZIP. Until the switch's rerun
    # ends, the Calibration view's export button is still on the page (stale) beside the new one
    download = page.get_by_role("button", name="Download chart")
    wait_until(
        lambda: download.count() == 1 and page.locator('[data-stale="true"]').count() == 0,
        timeout=30,
        what="the Curves view's export alone, the rerun over",
    )
    with page.expect_download(timeout=120_000) as dl:
        download.click()
    png = dl.value.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert dl.value.suggested_filename.endswith("-loss.png")
    (output_dir / "export-loss.png").write_bytes(png)
    with page.expect_download(timeout=180_000) as dl:
        page.get_by_role("button", name="All (ZIP)").click()
    names = zipfile.ZipFile(io.BytesIO(dl.value.path().read_bytes())).namelist()
    assert any(n.endswith("-loss.png") for n in names)
    assert any(n.endswith("metrics.csv") for n in names)
    assert any(n.endswith("config.json") for n in names) and any(
        n.endswith("summary.json") for n in names
    )

    # a second job, in a second tab, stopped midway: 1,000 images, so that 400 epochs last
    # (100 images evaluate 6x faster since the first layer's outputs are tracked, and the job
    # had finished before the progress bar was read)
    other = open_lab(browser, console, url, "n_train=1000&depth=2&width=32&epochs=400", height=1200)
    other.get_by_role("button", name="▶ Train").click()
    wait_until(lambda: loss_points(other) >= 4, timeout=60)
    # refresh interval: how often the progress text changes while training
    changes, last = [], other.locator('[data-testid="stProgress"]').inner_text()
    end = time.monotonic() + 5
    while time.monotonic() < end:
        text = (
            other.locator('[data-testid="stProgress"]').first.inner_text()
            if other.locator('[data-testid="stProgress"]').count()
            else last
        )
        if text != last:
            changes.append(time.monotonic())
            last = text
        time.sleep(0.02)
    intervals = [b - a for a, b in zip(changes, changes[1:], strict=False)]

    other.get_by_role("button", name="■ Stop").click()
    other.get_by_text("was stopped").first.wait_for(timeout=30_000)
    second = store.jobs()[0]
    assert second["status"] == "cancelled" and second["done"] < second["total"]
    other.screenshot(path=output_dir / "lab-stopped.png")

    # the first tab still shows its own job, finished
    assert page.get_by_text(f"Job {job_id}:").count() >= 1

    page.get_by_role("link", name="Runs").click()
    runs = page
    runs.get_by_role("heading", name="Runs").wait_for(timeout=60_000)
    runs.wait_for_timeout(2000)
    runs.screenshot(path=output_dir / "runs.png")

    with capsys.disabled():
        mean = sum(intervals) / len(intervals) if intervals else float("nan")
        print(
            f"\n[dashboard] click Train -> first plotted epoch: {first_epoch:.2f} s;"
            f" refresh interval while training: mean {mean:.2f} s over {len(intervals)} refreshes"
        )
    assert not console.errors, console.errors


def test_first_epoch_latency_on_the_overfit_book_setup(server, browser, console, capsys):
    """overfit-book's setup (300 images, 6x100, SGD 0.01, batch 100, its three variants) opened
    from a link; prints click -> first plotted epoch (a figure, not a pass/fail threshold)."""
    from urllib.parse import quote

    from engine.experiments.lab import LabSettings, to_query
    from engine.experiments.presets import get

    preset = get("overfit-book")
    rows = [{"name": n, **ov} for n, ov in preset.variants.items()]
    query = to_query(LabSettings(epochs=preset.base.epochs, mode="custom", variants=tuple(rows)))
    page = open_lab(
        browser, console, server.url, "&".join(f"{k}={quote(v)}" for k, v in query.items())
    )
    store = Store(server.home / "runs.db")
    wait_until(lambda: store.get_meta("worker_ready") is not None, timeout=60)
    page.wait_for_timeout(500)
    page.get_by_role("button", name="▶ Train").click()
    t0 = time.monotonic()
    wait_until(lambda: loss_points(page) >= 2, timeout=60)
    latency = time.monotonic() - t0
    job = store.jobs()[0]
    assert store.job(job["id"])["job"].resolved() == preset.resolved()  # the same experiment
    page.get_by_role("button", name="■ Stop").click()
    page.get_by_text("was stopped").first.wait_for(timeout=30_000)
    with capsys.disabled():
        print(f"\n[dashboard] overfit-book: click Train -> first plotted epoch {latency:.2f} s")
    assert not console.errors, console.errors
