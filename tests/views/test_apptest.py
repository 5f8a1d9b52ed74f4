"""Every page through Streamlit's AppTest: renders, maps widgets to the config, refuses bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.experiments.lab import LabSettings, to_query
from engine.experiments.lab_links import from_query
from engine.runs.store import Store
from tests.views.lab_table import shown_names

TIMEOUT = 60
APP = str(Path(__file__).resolve().parents[2] / "reglab_ui" / "app.py")


def lab() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def slider(at: AppTest, label: str):
    return next(
        s for s in [*at.sidebar.slider, *at.sidebar.select_slider] if s.label.startswith(label)
    )


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label.startswith(label))


def wait_job(store: Store, job_id: int, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if store.job(job_id)["status"] not in ("queued", "running"):
            return store.job(job_id)
        time.sleep(0.2)
    raise AssertionError("job did not end")


def test_lab_renders_with_defaults():
    at = lab()
    assert at.title[0].value.startswith("Reglab")
    assert slider(at, "Training examples").value == 300
    assert slider(at, "Hidden layers").value == 6
    assert not at.error


def run_and_read(at: AppTest) -> dict[str, dict]:
    """Press Train, wait for the job, and read back what the store says each variant trained."""
    button(at, "▶ Train").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    job_id = at.session_state.job_id
    store = Store()
    info = wait_job(store, job_id)
    assert info["status"] == "finished", info["error"]
    return store.variants(job_id)


def small_lab() -> AppTest:
    at = lab()
    slider(at, "Hidden layers").set_value(2)
    slider(at, "Units per layer").set_value(32)
    slider(at, "Training examples").set_value(100)
    slider(at, "Epochs").set_value(2)
    return at


def test_lab_widgets_map_to_the_config_that_trains():
    at = small_lab()
    slider(at, "Dropout p").set_value(0.3)
    slider(at, "Weight decay").set_value(0.01)
    at.run()
    assert at.radio(key="lab_mode").value == "ablation"
    configs = run_and_read(at)
    assert list(configs) == ["baseline", "+dropout 0.3", "+BN", "+λ 0.01",
                             "all: +dropout 0.3 +BN +λ 0.01"]  # fmt: skip
    for name, cfg in configs.items():
        assert cfg["hidden"] == [32, 32] and cfg["n_train"] == 100 and cfg["epochs"] == 2
        assert cfg["weight_decay"] == (0.01 if "λ" in name else 0.0)
        assert cfg["dropout"] == (0.3 if "dropout" in name else 0.0)
        assert cfg["batchnorm"] == ("BN" in name)
    # the URL carries the setup: a copied link reproduces it
    settings, problems = from_query(
        dict(at.query_params.items()) if hasattr(at.query_params, "items") else {}
    )
    assert not problems
    assert (settings.depth, settings.width, settings.dropout) == (2, 32, 0.3)


def test_baseline_vs_yours_trains_what_the_sidebar_says():
    at = small_lab()
    at.radio(key="lab_mode").set_value("yours")
    slider(at, "Dropout p").set_value(0.5)
    slider(at, "Weight decay").set_value(3e-3)
    at.toggle(key="lab_batchnorm").set_value(False)
    at.selectbox(key="lab_init").set_value("normal")
    at.run()
    slider(at, "Init std").set_value(0.1)
    at.run()
    assert shown_names(at) == ["baseline", "dropout 0.5 + λ 0.003"]  # shown before Train
    configs = run_and_read(at)
    mine = configs["dropout 0.5 + λ 0.003"]
    assert (mine["dropout"], mine["weight_decay"], mine["batchnorm"]) == (0.5, 3e-3, False)
    assert (mine["init"], mine["init_std"]) == ("normal", 0.1)
    assert configs["baseline"]["dropout"] == 0.0 and configs["baseline"]["init_std"] == 0.1


def test_a_submission_interrupted_before_its_id_was_recorded_is_adopted_not_trained_again():
    """Writing session state is a Streamlit yield point: a newer browser message can end the
    run between `runner().submit` and recording the id (a clean run once queued the live
    drag's job twice this way). The next run must show that job, not queue another."""
    at = small_lab()
    at.toggle(key="lab_live").set_value(True).run()
    store = Store()
    first = at.session_state.job_id
    assert [j["id"] for j in store.jobs()] == [first]
    # the state such an interrupted run leaves: its job queued, marked, its id not recorded
    orphan = store.create_job(store.job(first)["job"], owner=at.session_state.owner)
    at.session_state["lab_submitting"] = True
    at.run()
    assert not at.exception, at.exception
    assert at.session_state.job_id == orphan
    assert [j["id"] for j in store.jobs()] == [orphan, first]
    for job_id in (orphan, first):
        store.request_cancel(job_id)


def test_a_sweep_trains_one_job_of_every_value():
    at = small_lab()
    at.radio(key="lab_mode").set_value("sweep")
    at.run()
    at.number_input(key="lab_sweep_points").set_value(3)
    at.run()
    assert shown_names(at) == ["dropout 0", "dropout 0.4", "dropout 0.8"]
    configs = run_and_read(at)
    assert [c["dropout"] for c in configs.values()] == [0.0, 0.4, 0.8]


def test_custom_rows_disable_the_sidebars_regularizers_and_say_why():
    at = small_lab()
    button(at, "Edit these rows by hand").click().run()
    assert at.radio(key="lab_mode").value == "custom"
    assert slider(at, "Dropout p").disabled and at.toggle(key="lab_batchnorm").disabled
    assert any("these controls are off" in c.value for c in at.sidebar.caption)
    configs = run_and_read(at)  # the rows copied from the ablation train as they were
    assert list(configs) == ["baseline", "+dropout 0.15", "+BN", "all: +dropout 0.15 +BN"]


def test_bad_combinations_are_refused_with_a_message():
    at = lab()
    slider(at, "Early stopping").set_value(3)
    at.run()
    assert any("early_stopping_patience" in e.value for e in at.error)
    assert button(at, "▶ Train").disabled
    assert not at.exception


def test_duplicate_variant_names_are_refused():
    settings = LabSettings(mode="custom", variants=({"name": "a"}, {"name": "a", "dropout": 0.2}))
    with pytest.raises(Exception, match="names must differ"):
        settings.to_job()


def test_a_shared_link_restores_the_setup_and_reports_bad_values():
    s = LabSettings(depth=3, width=64, lr=0.1, dataset="moons", noise=0.3)
    restored, problems = from_query(to_query(s))
    assert restored == s and not problems
    restored, problems = from_query({"depth": "lots", "colour": "red", "dropout": "2"})
    assert restored.depth == LabSettings().depth
    assert any("depth" in p for p in problems) and any("colour" in p for p in problems)
    assert any("dropout" in p for p in problems)


def test_runs_page_renders_empty_and_with_runs(small):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/runs.py").run()
    assert not at.exception
    assert any("No runs yet" in i.value for i in at.info)
    from engine.core.config import Job
    from engine.training.train import train

    store = Store()
    job = Job("stored", small.replace(epochs=1))
    job_id = store.create_job(job)
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    second = store.create_job(job)
    store.finish_job(second, train(job, on_event=store.writer(second)))
    at.run()
    assert not at.exception
    assert at.dataframe and "stored" in at.dataframe[0].value["name"].tolist()
    at.multiselect[0].select(job_id).run()  # open one: its charts and the export panel
    assert not at.exception and any(s.value == "Export" for s in at.subheader)
    at.multiselect[0].select(second).run()  # two: overlay
    assert not at.exception
    at.text_input  # noqa: B018
    at.multiselect[0].unselect(second).run()
    at.text_input[0].set_value("renamed run").run()
    next(b for b in at.button if b.label == "Rename").click().run()
    assert store.job(job_id)["name"] == "renamed run"


def test_a_job_link_opens_that_jobs_setup():
    from engine.experiments.lab_links import settings_of

    s = LabSettings(depth=3, width=64, lr=0.1, epochs=40, dropout=0.3, n_train=1000)
    job = s.to_job()
    assert settings_of(job) == s
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    job_id = Store().create_job(LabSettings(mode="sweep", depth=2, sweep_points=3).to_job())
    at.query_params["job"] = str(job_id)
    at.run()
    assert not at.exception and at.radio(key="lab_mode").value == "sweep"
    assert slider(at, "Hidden layers").value == 2


@pytest.mark.parametrize("text", ["9" * 400, "-3", "1e3", "٣", "0"])
def test_a_hostile_job_id_in_a_link_is_named_in_one_line(text):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["job"] = text
    at.run()
    assert not at.exception and not at.error
    named = [w.value for w in at.warning if "is not a run id" in w.value]
    assert len(named) == 1 and named[0].startswith("Shared link: job: "), named
    assert len(named[0]) < 160


def test_an_unexpected_error_is_a_message_not_a_traceback():
    def script():
        from reglab_ui.views.common import guarded

        def boom():
            raise RuntimeError("the disk is full")

        guarded(boom)()

    at = AppTest.from_function(script, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert any("the disk is full" in e.value and "errors.log" in e.value for e in at.error)


def test_a_foreign_file_in_place_of_the_store_is_reported_and_kept(reglab_home):
    reglab_home.mkdir(parents=True)
    (reglab_home / "runs.db").write_text("not a database, someone's notes")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert any("was not a readable Reglab store" in w.value for w in at.warning)
    kept = [p for p in reglab_home.iterdir() if p.name.startswith("runs.db.unreadable-")]
    assert kept and kept[0].read_text() == "not a database, someone's notes"


def test_a_link_whose_variants_leave_keys_out_still_renders():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["variants"] = '[{"name":"baseline"},{"name":"wd","weight_decay":0.1}]'
    at.run()
    assert not at.exception and not at.error
    assert not button(at, "▶ Train").disabled


def test_the_device_choice_shows_where_a_gpu_is_visible_or_a_link_asks_for_one():
    import torch

    at = lab()
    boxes = [b.label for b in at.sidebar.selectbox]
    assert ("Device" in boxes) == torch.cuda.is_available()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["device"] = "cuda"
    at.run()
    device = next(b for b in at.sidebar.selectbox if b.label == "Device")
    assert device.value == "cuda" and not at.exception
    if not torch.cuda.is_available():  # the link cannot train here: Train says why
        button(at, "▶ Train").click()
        at.run()
        assert any("cuda requested but torch sees no CUDA device" in e.value for e in at.error)
        device.set_value("cpu")
        at.run()
        assert not at.error
    assert from_query({"device": "tpu"})[1] == [
        "device: 'tpu' is not valid (allowed cpu, cuda, auto); kept 'cpu'"
    ]


def test_runs_page_opens_jobs_of_every_guided_kind():
    from engine.experiments import preset_jobs, presets
    from engine.experiments.kinds import run_recorded

    store = Store()
    ids = [
        run_recorded(preset_jobs.dropout_layer(0.3), store),
        run_recorded(presets.get("eval-modes").with_settings(["epochs=1", "n_train=100"]), store),
    ]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/runs.py").run()
    for job_id in ids:
        at.multiselect[0].set_value([job_id]).run()
        assert not at.exception
        assert not [e.value for e in at.error], [e.value for e in at.error]
        assert any(s.value == "Export" for s in at.subheader)


@pytest.mark.parametrize(
    "page",
    [
        "views/guide_init_bn.py",
        "views/guide_dropout.py",
        "views/guide_overfitting.py",
        "views/guide_toolbox.py",
    ],
)
def test_guided_pages_render_before_any_run(page):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert not at.error
    assert any("Not run yet" in i.value for i in at.info)
    at.sidebar.radio[0].set_value("ko").run()  # the language switch
    assert not at.exception and any("아직 실행하지" in i.value for i in at.info)


def test_a_search_opens_from_the_runs_page_in_the_search_view():
    from engine.experiments import presets, search_spec
    from engine.experiments.kinds import run_recorded

    base = presets.get("hparam-search").base.replace(n_train=100, epochs=2)
    job = search_spec.search_job(base, search_spec.SearchSpec(trials=3, batch=3, parallel=1))
    job_id = run_recorded(job, Store())
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/runs.py").run()
    at.multiselect[0].set_value([job_id]).run()
    assert not at.exception
    next(b for b in at.button if b.label == "Open this search's results").click().run()
    assert not at.exception and not at.error
    assert any(t.value == "Hyperparameter search" for t in at.title)
    assert any(f"Search {job_id}" in c.value for c in at.caption)


def test_branch_takes_the_epoch_typed_just_before_the_click():
    """The Branch button's callback reads the values sent with the click: an epoch typed and
    clicked in one go (no run of its own in between) is the epoch the branch starts from."""
    from engine.experiments.kinds import run_recorded

    store = Store()
    settings = LabSettings(mode="yours", depth=1, width=16, n_train=100, epochs=6, dropout=0.0,
                           batchnorm=False)  # fmt: skip
    parent = run_recorded(settings.to_job(), store)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["job"] = str(parent)
    at.run()
    assert not at.exception
    epoch = at.number_input(key="lab_branch_epoch")
    assert epoch.value == 5  # the last epoch before the end, where a finished job offers it
    epoch.set_value(2)
    at.number_input(key="lab_branch_value").set_value(0.25)
    button(at, "Branch").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    branched = [j for j in store.jobs() if j["id"] != parent]
    assert len(branched) == 1
    names = list(store.variants(branched[0]["id"]))
    assert names == ["baseline", "baseline → dropout 0.25 @2"], names
