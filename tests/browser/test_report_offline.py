"""The report of a `reglab train` run, opened offline in Chromium: every figure drawn."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.browser


def test_the_report_opens_offline_with_every_figure_drawn(tmp_path, browser, console, output_dir):
    job = {
        "name": "report <check> & co",
        "base": {"n_train": 200, "n_test": 300, "hidden": [32, 32], "epochs": 4,
                 "val_fraction": 0.2},
        "variants": {"baseline": {}, "<i>dropout</i> 0.3": {"dropout": 0.3},
                     "wd": {"weight_decay": 0.01}},
    }  # fmt: skip
    (tmp_path / "job.json").write_text(json.dumps(job))
    out = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", "--config", str(tmp_path / "job.json"),
         "--quiet", "--out", str(tmp_path / "run")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    report = tmp_path / "run" / "report.html"
    n_figures = report.read_text().count('class="plotly-graph-div"')
    assert n_figures >= 8

    context = browser.new_context(viewport={"width": 1300, "height": 900}, offline=True)
    page = console.watch(context.new_page())
    outside = []
    page.route(  # anything but the file itself would be a download from somewhere
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file://")
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.goto(report.as_uri())
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot').length === {n_figures}", timeout=60_000
    )
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].filter(
            el => el._fullLayout && el.querySelector('.main-svg')).length"""
    )
    assert drawn == n_figures
    # the histograms open at their last epoch, the slider there: nothing plays until ▶ (plotly's
    # HTML plays every animation on load unless told not to, from epoch 0, over the test's own)
    at_last = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].filter(el => el.layout.sliders
            && el.layout.sliders.length).map(el => {
            const s = el.layout.sliders[0], frames = el._transitionData._frames;
            const shown = Array.from(el._fullData[0].y).join();
            return [s.active === s.steps.length - 1,
                    shown === Array.from(frames[frames.length - 1].data[0].y).join()];
        })"""
    )
    assert len(at_last) >= 3 and all(a and b for a, b in at_last), at_last
    assert page.locator("#summary tbody tr").count() == 3
    assert page.locator("#summary").inner_text().count("<i>dropout</i> 0.3") == 1  # as text
    assert page.locator("h1").inner_text() == "report <check> & co"
    page.locator("details summary").click()
    assert '"weight_decay": 0.01' in page.locator("details pre").inner_text()
    assert not outside and not console.errors, (outside, console.errors)
    # the epoch slider still works (after the error check: an animation Plotly interrupts rejects
    # a promise of its own with `undefined`, some runs): frames carry only the bar heights, the bins stay put.
    # An animation interrupted by a redraw (the opened <details> reflows the page) may end
    # without its frame, as a slider dragged mid-reflow would: it is asked again, up to 3
    # times, and what each try said is kept for the failure message.
    moved, tries = page.evaluate(
        """async () => {
        const el = document.querySelector('#fig-pre-activations .js-plotly-plot');
        const before = Array.from(el._fullData[0].y).join();
        const tries = [];
        while (tries.length < 3 && Array.from(el._fullData[0].y).join() === before) {
            tries.push(await Plotly.animate(el, ['0'], {mode: 'immediate', frame: {duration: 0},
                                                        transition: {duration: 0}})
                .then(() => 'resolved', e => 'rejected: ' + String(e)));
        }
        const after = el._fullData[0];
        return [[before !== Array.from(after.y).join(), after.x.length, after.y.length], tries];
    }"""
    )
    assert moved == [True, 50, 50], tries
    page.screenshot(path=output_dir / "report.png", full_page=True)
    page.locator("#fig-pre-activations").screenshot(path=output_dir / "report-histogram.png")
    context.close()
