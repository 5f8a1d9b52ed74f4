"""The Hyperparameter search page in Chromium: a tiny search, live scatter, narrowing, no errors."""

from __future__ import annotations

import pytest

from engine.runs.store import Store
from tests.waiting import wait_until

pytestmark = pytest.mark.browser
SCATTER = "Validation accuracy over the search space"


def scatter_points(page) -> int:
    """How many finished trials the scatter shows (0 before it is drawn)."""
    return page.evaluate(
        """(title) => {
        for (const el of document.querySelectorAll('.js-plotly-plot')) {
            const t = (el.layout && el.layout.title ? String(el.layout.title.text) : '').replace(/<[^>]+>/g, '');
            if (t.startsWith(title) && el._fullData && el._fullData.length) {
                return (el._fullData[0].x || []).length;
            }
        }
        return 0;
    }""",
        SCATTER,
    )


def slider(page, label):
    return page.locator('[data-testid="stSlider"]').filter(has_text=label).get_by_role("slider")


def test_search_page_runs_a_tiny_search_and_narrows(server, browser, console, output_dir):
    url, home = server
    page = console.watch(browser.new_page(viewport={"width": 1500, "height": 2600}))
    page.goto(url)
    page.get_by_role("heading", name="Reglab — see what regularization does").wait_for(
        timeout=60_000
    )
    page.get_by_role("link", name="Hyperparameter search").click()
    page.get_by_role("heading", name="Hyperparameter search").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)

    # a tiny budget: 8 trials, 3 epochs, 100 images; lr searched up to 1 so trials differ
    trials = page.get_by_label("Trials", exact=True)
    trials.fill("8")
    trials.press("Enter")
    page.wait_for_timeout(800)
    epochs = slider(page, "Epochs per trial")
    epochs.focus()
    epochs.press("Home")
    page.wait_for_timeout(600)
    for _ in range(2):
        epochs.press("ArrowRight")
        page.wait_for_timeout(400)
    images = slider(page, "Training + validation images")
    images.focus()
    images.press("Home")
    page.wait_for_timeout(800)
    high = page.get_by_label("lr high")
    high.fill("1")
    high.press("Enter")
    page.wait_for_timeout(800)
    wait_until(lambda: epochs.input_value() == "3" and images.input_value() == "0", timeout=20)

    store = Store(home / "runs.db")
    wait_until(lambda: store.get_meta("worker_ready") is not None, timeout=60)
    page.get_by_role("button", name="▶ Start search").click()

    def drawn_or_failed() -> bool:
        """The scatter has a point; a failed search fails the test with the stored error."""
        jobs = store.jobs()
        if jobs and jobs[0]["status"] in ("failed", "cancelled"):
            info = store.job(jobs[0]["id"])
            raise AssertionError(f"search {info['status']}: {info['error']}")
        return scatter_points(page) >= 1

    wait_until(drawn_or_failed, timeout=120, what="the scatter's first point")  # while it runs
    page.get_by_text("status finished").first.wait_for(timeout=120_000)
    wait_until(lambda: scatter_points(page) >= 1, timeout=30)
    page.get_by_text("Best: trial").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=output_dir / "search-page.png", full_page=True)

    first = store.jobs()[0]
    assert first["status"] == "finished"
    job = store.job(first["id"])["job"]
    assert job.kind == "search" and job.base.epochs == 3 and job.base.n_train == 100
    report = store.job(first["id"])["extra"]["search"]
    assert report["n_trials"] == 8 and report["space"]["lr"][1] == 1.0
    # scatter, curves, parallel, demo: drawn afresh by the run that shows "Best"
    wait_until(lambda: page.locator(".js-plotly-plot").count() >= 4, 30, what="the four charts")

    page.get_by_role("button", name="Narrow around the best").click()
    wait_until(lambda: len(store.jobs()) == 2, timeout=30)
    second = store.job(store.jobs()[0]["id"])
    narrowed = report["narrowed"]["lr"]
    assert second["job"].extra["search"]["ranges"][0]["lo"] == pytest.approx(narrowed[0])
    page.get_by_text(f"Search {second['id']}:").first.wait_for(timeout=60_000)
    page.get_by_text("status finished").first.wait_for(timeout=120_000)
    assert not console.errors, console.errors
