"""Hostile values into the Lab page (URL query and widgets), through Streamlit's AppTest.

Whatever a link or a widget carries, the page never shows a traceback or a "Something went
wrong"; every value is either taken as it is, or refused with a warning naming its key; and
Train either queues a job or says which key stops it.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from engine.core.config import FIELD_TYPES
from engine.experiments.lab import SCALARS, LabSettings
from engine.experiments.lab_widgets import CHOICES, RANGES, STEPS, VARIANT_KEYS
from engine.runs.store import Store

APP = str(Path(__file__).resolve().parents[2] / "reglab_ui" / "app.py")
FUZZ_SCALE = int(os.environ.get("REGLAB_FUZZ", "1"))  # REGLAB_FUZZ=10: a longer local run
TIMEOUT = 60
TRAIN = "▶ Train"
REFUSED = re.compile(r"Cannot train this setup — (\w+): ")
NAMED = set(FIELD_TYPES) | set(SCALARS) | {"variants"}
UNKNOWN = ["foo", "lab_ready", "job_id", "owner", "__proto__", "Epochs", "n-train", "x" * 40]

NASTY = st.sampled_from(
    ["", " ", "nan", "NaN", "inf", "-inf", "1e309", "-1e309", "-0", "0x10", "1_000", " 5 ", "1e3",
     "None", "null", "true", "[]", "{}", "<script>alert(1)</script>", "'; DROP TABLE jobs;--",
     "../../etc/passwd", "\x00", "🙂", "٣", "1" * 400, "-1", "0", "1e-320"]
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.floats(-2, 2).map(lambda x: f"{x:.3g}"),
)
ROW_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from([0.0, 0.2, 0.5, 0.9, 1.0]),
)
ROWS = st.lists(
    st.dictionaries(st.sampled_from(["name", *VARIANT_KEYS, "lr", "bogus"]), ROW_VALUE, max_size=6),
    max_size=4,
)
VARIANTS = st.one_of(
    ROWS.map(json.dumps),
    st.lists(st.dictionaries(st.just("name"), st.text(min_size=1, max_size=8)), max_size=3).map(
        json.dumps
    ),
    NASTY,
    st.text(max_size=20),
)


def valid(key: str):
    """Values the key's widget can show, so that some examples are accepted."""
    if isinstance(getattr(LabSettings(), key), bool):
        return st.sampled_from(["true", "false", "True", "0", "1"])
    if key in STEPS:
        return st.sampled_from(STEPS[key]).map(str)
    if key in CHOICES:
        return st.sampled_from(CHOICES[key])
    lo, hi = RANGES[key]
    if isinstance(getattr(LabSettings(), key), int):
        return st.integers(int(lo), int(hi)).map(str)
    return st.sampled_from([lo, hi, round((lo + hi) / 2, 2)]).map(str)


@st.composite
def links(draw) -> dict[str, str]:
    keys = draw(
        st.lists(
            st.sampled_from([*SCALARS, "variants", "job", *UNKNOWN]),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    query = {}
    for key in keys:
        if key == "variants":
            query[key] = draw(VARIANTS)
        elif key == "job":
            query[key] = draw(st.one_of(st.integers(-3, 10**12).map(str), NASTY))
        elif key in SCALARS:
            query[key] = draw(st.one_of(valid(key), NUMBERS, NASTY, st.text(max_size=10)))
        else:
            query[key] = draw(st.one_of(NUMBERS, NASTY))
    return query


def all_text(node) -> list[str]:
    """The text of every element on the page (each element's protobuf, printed)."""
    out = [str(node.proto)] if getattr(node, "proto", None) is not None else []
    for child in getattr(node, "children", {}).values():
        out += all_text(child)
    return out


def assert_no_crash(at: AppTest, what) -> None:
    assert not at.exception, (what, [e.value for e in at.exception])
    for text in all_text(at._tree):
        assert "Traceback" not in text, (what, text[:500])
    crashed = [e.value for e in at.error if "Something went wrong" in e.value]
    assert not crashed, (what, crashed)


def parsed(key: str, text: str):
    """What `text` means for `key` when it is taken as it is (None: it cannot be)."""
    kind = type(getattr(LabSettings(), key))
    try:
        if kind is bool:
            return {"true": True, "1": True, "false": False, "0": False}.get(text.lower())
        if kind is int:
            number = float(text)
            return int(number) if math.isfinite(number) else None
        return kind(text)
    except ValueError:
        return None


def train_and_check(at: AppTest, store: Store, what) -> str:
    """Press Train: a job is queued (then cancelled, to keep the worker free) or a key is named."""
    button = next(b for b in at.button if b.label == TRAIN)
    refusals = [m.group(1) for e in at.error if (m := REFUSED.search(e.value))]
    if button.disabled:
        assert refusals and all(k in NAMED for k in refusals), (what, [e.value for e in at.error])
        return "refused"
    before = {j["id"] for j in store.jobs()}
    button.click().run()
    assert_no_crash(at, what)
    new = [j["id"] for j in store.jobs() if j["id"] not in before]
    if new:
        assert at.session_state.job_id == new[0]
        store.request_cancel(new[0])  # a queued job ends at once; a running one within an epoch
        return "queued"
    refusals = [m.group(1) for e in at.error if (m := REFUSED.search(e.value))]
    assert refusals and all(k in NAMED for k in refusals), (what, [e.value for e in at.error])
    return "refused"


def settle(store: Store, seconds: float = 60) -> None:
    """Wait until the cancelled jobs have stopped, so no training outlives the test."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and any(
        j["status"] in ("queued", "running") for j in store.jobs()
    ):
        time.sleep(0.2)


TALLY: dict[str, int] = {}


@pytest.fixture
def tally(capsys, reglab_home):
    TALLY.clear()
    t0 = time.monotonic()
    yield TALLY
    settle(Store(reglab_home / "runs.db"))
    TALLY["seconds"] = round(time.monotonic() - t0)
    with capsys.disabled():
        print(f"\n[fuzz] {dict(sorted(TALLY.items()))}")


@settings(
    max_examples=30 * FUZZ_SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=links())
# every failure the fuzzer found stays as an example
@example(query={"job": "1" * 400})  # OverflowError: too large for SQLite INTEGER, a blank page
@example(query={"job": "٣"})
@example(query={"job": " 5 "})  # taken as job 5 when it exists: the oracle wanted it unpadded
@example(query={"live": "maybe", "mode": "sweep"})
@example(query={"mode": "custom", "variants": '[{"name":"a","dropout":"0.3"}]'})
def test_hostile_link_values_are_taken_or_refused_by_name(query, reglab_home, tally):
    store = Store(reglab_home / "runs.db")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert_no_crash(at, query)
    warnings = [w.value for w in at.warning]
    replaced = any("replaced by the defaults" in w for w in warnings)
    for key, text in query.items():
        named = any(w.startswith((f"Shared link: {key}: ", f"{key}: ")) for w in warnings)
        if key in SCALARS:
            value = parsed(key, text)
            taken = value is not None and at.session_state[f"lab_{key}"] == value
        elif key == "variants":
            try:
                taken = at.session_state.lab_rows == list(json.loads(text))
            except (ValueError, TypeError):
                taken = False
        elif key == "job":
            held = at.session_state["job_id"] if "job_id" in at.session_state else None
            id_text = text.strip()  # the Lab takes a padded id (' 5 ') as the id
            taken = id_text.isascii() and id_text.isdigit() and held == int(id_text)
        else:
            taken = False
        outcome = "taken" if taken else "named" if named else "replaced" if replaced else None
        assert outcome, f"{key}={text!r} was changed or dropped without a word: {warnings}"
        tally[f"link value {outcome}"] = tally.get(f"link value {outcome}", 0) + 1
    outcome = train_and_check(at, store, query)
    tally[f"train {outcome}"] = tally.get(f"train {outcome}", 0) + 1


@pytest.mark.parametrize(
    "query, key",
    [
        ({"epochs": "inf"}, "epochs"),  # int(float("inf")) raised OverflowError: a blank page
        ({"depth": "-1e309"}, "depth"),
        ({"n_train": "30000"}, "n_train"),  # more than the embedded MNIST holds: was silent
        ({"dataset": "digits", "n_train": "3000"}, "n_train"),  # digits has 1797: was silent
        ({"job": "999"}, "job"),  # a job that is not in the store: was dropped without a word
        ({"job": ""}, "job"),
        ({"variants": '[{"name":"a","dropout":"abc"}]'}, "variants.a.dropout"),
        ({"variants": "[1, 2]"}, "variants"),
        ({"lr": "NaN"}, "lr"),
        ({"activation": "<script>alert(1)</script>"}, "activation"),
    ],
)
def test_known_bad_links_are_refused_by_name(query, key):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert_no_crash(at, query)
    warnings = [w.value for w in at.warning]
    assert any(f"{key}: " in w for w in warnings), warnings
    assert not next(b for b in at.button if b.label == TRAIN).disabled  # the defaults train


def widget_values():
    """A value for each sidebar slider/select of the Lab, inside and outside its domain."""
    number = st.one_of(
        st.integers(-(10**6), 10**6),
        st.floats(-1e6, 1e6),
        st.sampled_from([0, -1, 10**9, 0.5, 1e-9]),
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "Hidden layers": number,
            "Epochs": number,
            "Seeds": number,
            "Dropout p": number,
            "Early stopping": number,
            "Validation fraction": number,
            "Training examples": st.sampled_from(STEPS["n_train"]),
            "Units per layer": st.sampled_from(STEPS["width"]),
            "Learning rate": st.sampled_from(STEPS["lr"]),
            "Batch size": st.sampled_from(STEPS["batch_size"]),
            "Weight decay": st.sampled_from(STEPS["weight_decay"]),
            "Dataset": st.sampled_from(CHOICES["dataset"]),
            "Activation": st.sampled_from(CHOICES["activation"]),
            "Weight init": st.sampled_from(CHOICES["init"]),
            "Optimizer": st.sampled_from(CHOICES["optimizer"]),
            "Compare": st.sampled_from(CHOICES["mode"]),
            "BatchNorm": st.booleans(),
        },
    )


@settings(
    max_examples=15 * FUZZ_SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(values=widget_values())
@example(values={"Training examples": 10, "BatchNorm": False})  # found a radio, not the toggle
def test_random_widget_values_never_crash_and_train_or_name_the_key(values, reglab_home, tally):
    store = Store(reglab_home / "runs.db")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    widgets = [*at.sidebar.slider, *at.sidebar.select_slider, *at.sidebar.selectbox, *at.radio,
               *at.toggle]  # fmt: skip
    for label, value in values.items():
        exact = [w for w in widgets if w.label == label]  # "BatchNorm", not "BatchNorm position"
        widget = exact[0] if exact else next(w for w in widgets if w.label.startswith(label))
        if hasattr(widget, "min") and widget.min is not None:  # a numeric slider
            value = type(widget.value)(value) if isinstance(widget.value, int) else float(value)
        widget.set_value(value)
    at.run()
    assert_no_crash(at, values)
    for w in at.sidebar.slider:  # whatever was sent, what the page holds is inside the domain
        assert w.min <= w.value <= w.max, (w.label, w.value)
    outcome = train_and_check(at, store, values)
    tally[f"train {outcome}"] = tally.get(f"train {outcome}", 0) + 1


def test_a_padded_job_id_in_a_link_opens_that_job(reglab_home):
    """The fuzzer's find, with the job existing: ' 5 ' (here ' 1 ') opens job 1, not a warning."""
    from engine.core.config import Job, RunConfig

    store = Store(reglab_home / "runs.db")
    job_id = store.create_job(Job("linked", RunConfig(n_train=10, epochs=1)), status="finished")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["job"] = f" {job_id} "
    at.run()
    assert_no_crash(at, "padded id")
    assert at.session_state["job_id"] == job_id
    assert not [w.value for w in at.warning if "job" in w.value]
