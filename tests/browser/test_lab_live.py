"""The Lab's comparison modes, live retraining and branching, in Chromium on the real server."""

from __future__ import annotations

import time

import numpy as np
import pytest

from engine.runs.store import Store
from tests.browser.test_dashboard import (
    SMALL,
    loss_points,
    loss_traces,
    open_lab,
    settled,
    wait_for_address,
)
from tests.waiting import wait_until

pytestmark = pytest.mark.browser


def dropout_thumb(page):
    return (
        page.locator('[data-testid="stSlider"]').filter(has_text="Dropout p").get_by_role("slider")
    )


def test_each_mode_shows_the_rows_that_will_train_and_a_branch_continues_its_parent(
    server, browser, console, output_dir
):
    """One server for both: the modes before any training, then a branch from the page."""
    page = open_lab(browser, console, server.url, SMALL, height=1300)
    dropout_thumb(page).wait_for(timeout=60_000)
    expected = {
        "Ablation": "all: +dropout 0.15 +BN",
        "Sweep one knob": "dropout 0.8",
        "Baseline vs yours": "dropout 0.15 + BN",
        "Custom rows": "Custom rows — add, rename",  # starting from the rows on screen
    }
    for mode, text in expected.items():
        page.get_by_text(mode, exact=True).click()
        page.get_by_text(text).first.wait_for(state="attached", timeout=20_000)
        page.wait_for_timeout(1200)
        page.screenshot(path=output_dir / f"lab-mode-{mode.split()[0].lower()}.png")
    # custom: the rows on screen (the yours mode's) became the rows to edit ...
    page.get_by_text("dropout 0.15 + BN").first.wait_for(state="attached", timeout=10_000)
    wait_for_address(page, "mode=custom", "dropout+0.15+%2B+BN")
    # ... and the sidebar's regularizers are off, and say why
    page.get_by_text("these controls are off").first.wait_for(timeout=10_000)
    wait_until(dropout_thumb(page).is_disabled, 10, what="the dropout slider to be off")
    assert not console.errors, console.errors
    page.close()
    branch_from_the_page(server, browser, console, output_dir)


def test_live_retraining_turns_a_drag_into_one_job_with_the_last_value(
    server, browser, console, output_dir, capsys
):
    page = open_lab(browser, console, server.url, f"{SMALL}&epochs=400&mode=yours", height=1300)
    store = Store(server.home / "runs.db")
    thumb = dropout_thumb(page)
    thumb.wait_for(timeout=60_000)
    wait_until(lambda: store.get_meta("worker_ready") is not None, timeout=60)
    page.get_by_role("switch", name="Retrain when I change something").click(force=True)
    wait_until(lambda: len(store.jobs()) == 1, timeout=30, what="switching it on to train")
    first = store.jobs()[0]["id"]
    wait_until(lambda: loss_points(page) >= 2, timeout=60)

    thumb.focus()
    start = time.monotonic()
    for _ in range(5):  # 0.15 -> 0.4 in five steps, within 2 s (a busy page takes each
        page.keyboard.press("ArrowRight")  # key in about 0.3 s: no pause added between them)
        last_change, last_wall = time.monotonic(), time.time()
    drag = last_change - start
    assert drag < 2.0
    wait_until(lambda: len(store.jobs()) >= 2, timeout=30, what="the new job")
    new = store.jobs()[0]["id"]
    wait_until(lambda: (store.job(new)["done"] or 0) > 0, timeout=60, what="an epoch stored")
    stored = time.monotonic() - last_change
    # the charts update in place: on screen means the Loss chart holds the new variant
    wait_until(lambda: "dropout 0.4 + BN (test)" in loss_traces(page), timeout=60, what="drawn")
    latency = time.monotonic() - last_change
    info = store.job(new)
    queued, started = info["created"] - last_wall, (info["started"] or last_wall) - last_wall
    page.wait_for_timeout(3000)  # nothing else gets queued after the burst
    assert [j["id"] for j in store.jobs()] == [new, first]
    assert store.job(first)["status"] == "cancelled"
    trained = store.variants(new)
    assert list(trained) == ["baseline", "dropout 0.4 + BN"]
    assert trained["dropout 0.4 + BN"]["dropout"] == 0.4
    page.screenshot(path=output_dir / "lab-live.png")
    page.get_by_role("button", name="■ Stop").click()
    with capsys.disabled():
        print(
            f"\n[live] 5 dropout values in {drag:.2f} s -> 1 job; last change -> first new epoch"
            f" on screen {latency:.2f} s (queued after {queued:.2f} s, started after"
            f" {started:.2f} s, first epoch stored after {stored:.2f} s)"
        )
    assert not console.errors, console.errors


def branch_from_the_page(server, browser, console, output_dir) -> None:
    query = f"{SMALL}&epochs=30&mode=yours&dropout=0.0&batchnorm=False&lr=0.1"
    page = open_lab(browser, console, server.url, query, height=1800)
    store = Store(server.home / "runs.db")
    wait_until(lambda: store.get_meta("worker_ready") is not None, timeout=60)
    page.get_by_role("button", name="▶ Train").click()
    page.get_by_text("status finished").first.wait_for(timeout=120_000)
    parent_job = store.jobs()[0]["id"]
    settled(page)  # that run draws the branch panel again, further down: click the new one

    page.get_by_text("Branch: change a regularizer mid-run").click()
    epoch = page.get_by_label("From epoch")
    epoch.fill("20")
    epoch.press("Enter")
    page.wait_for_timeout(800)
    page.get_by_role("button", name="Branch", exact=True).click()
    wait_until(lambda: len(store.jobs()) == 2, timeout=30, what="the branch job")
    job_id = store.jobs()[0]["id"]
    wait_until(lambda: store.job(job_id)["status"] == "finished", timeout=120)
    page.get_by_text(f"Job {job_id}:").first.wait_for(timeout=30_000)
    page.get_by_text("status finished").first.wait_for(timeout=30_000)
    page.wait_for_timeout(2500)
    page.screenshot(path=output_dir / "lab-branch.png")

    name = "baseline → dropout 0.5 @20"
    assert list(store.variants(job_id)) == ["baseline", name]
    rows = store.metrics_frame(job_id)
    mine = rows[rows["variant"] == name]
    parent = rows[rows["variant"] == "baseline"]
    assert mine["epoch"].min() == 20
    at_20 = (
        parent[parent["epoch"] == 20].set_index("split")["loss"],
        mine[mine["epoch"] == 20].set_index("split")["loss"],
    )
    assert at_20[0].to_dict() == at_20[1].to_dict()
    # the retrained parent is the run from before the branch (alone it trained on the reference
    # trainer, beside its branch in a batched population: equal to float32 round-off)
    before = store.metrics_frame(parent_job)
    again = parent[parent["epoch"] == 30]["loss"].to_numpy()
    assert np.allclose(before[before["epoch"] == 30]["loss"].to_numpy(), again, rtol=1e-5)
    assert not console.errors, console.errors


def test_the_lab_trains_a_convnet_with_toolbox_controls(server, browser, console, output_dir):
    """Architecture and the more-regularizers controls, set on the page, are what trains."""
    page = open_lab(browser, console, server.url, "n_train=100&depth=1&width=32&epochs=2&dropout=0"
                    "&batchnorm=False&mode=yours", height=2600)  # fmt: skip
    store = Store(server.home / "runs.db")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Architecture").click()
    page.get_by_role("option", name="small ConvNet").click()
    # the expander, not the sidebar's link to the guided page "More regularizers (cs231n)"
    page.locator('[data-testid="stExpander"] summary').filter(has_text="More regularizers").click()
    conv = page.locator('[data-testid="stSlider"]').filter(has_text="Conv dropout p")
    conv.get_by_role("slider").wait_for(timeout=20_000)
    # enabled by the rerun that takes the ConvNet (it says "conv dropout needs the ConvNet")
    wait_until(conv.get_by_role("slider").is_enabled, 30, what="the conv dropout slider")
    conv.get_by_role("slider").focus()
    for _ in range(4):  # 0 -> 0.2
        page.keyboard.press("ArrowRight")
    page.get_by_text("Spatial", exact=False).first.wait_for(timeout=10_000)
    page.get_by_text("spatial", exact=True).click()
    page.get_by_text("conv dropout 0.2").first.wait_for(state="attached", timeout=20_000)
    wait_for_address(page, "arch=cnn", "conv_dropout=0.2")
    page.get_by_role("button", name="▶ Train").click()
    page.get_by_text("status finished").first.wait_for(timeout=180_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=output_dir / "lab-cnn.png", full_page=True)
    trained = store.variants(store.jobs()[0]["id"])
    assert list(trained) == ["baseline", "conv dropout 0.2"]
    assert all(
        c["arch"] == "cnn" and c["conv_dropout_style"] == "spatial" for c in trained.values()
    )
    assert (
        trained["conv dropout 0.2"]["conv_dropout"] == 0.2
        and trained["baseline"]["conv_dropout"] == 0
    )
    assert not console.errors, console.errors
