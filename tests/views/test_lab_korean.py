"""The Lab in Korean (?lang=ko): no English label or header beyond names and formulas, no Hangul
in English beyond the language switch, and switching language keeps every control's value."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from streamlit.testing.v1 import AppTest

from engine.core.config import ACTIVATIONS, DATASETS, DEVICES, INITS, OPTIMIZERS
from engine.experiments.lab import LabSettings
from engine.runs.store import Store
from tests.views.lab_table import shown_names, table_heads
from tests.views.test_apptest import button, wait_job

TIMEOUT = 60
APP = str(Path(__file__).resolve().parents[2] / "reglab_ui" / "app.py")
HANGUL = re.compile("[\uac00-\ud7a3]")
# names, formulas, units and config values that stay as they are in Korean
KEPT = {"MLP", "ConvNet", "DropConnect", "L1", "Mixup", "Cutout", "cutout", "mixup", "Reglab",
        "PyTorch", "CSV", "JSON", "ZIP", "ECE", "NLL", "Brier", "OOD", "MC", "normal", "ablation",
        "sweep", "Max-norm", "max-norm", "png", "svg", "pdf", "html", "summary", "json",
        *DATASETS, *ACTIVATIONS, *OPTIMIZERS, *INITS, *DEVICES}  # fmt: skip
SWITCH = {"Language / 언어", "한국어"}  # the language switch shows both languages


def open_lab(lang: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def english_words(text: str) -> list[str]:
    """Words of two letters or more that are neither Korean nor kept as they are."""
    words = re.findall(r"(?<![0-9A-Za-z_])[A-Za-z][A-Za-z_]*(?:-[A-Za-z]+)*", text)  # not 1e-05
    return [w for w in words if len(w) > 1 and w not in KEPT]


def labels(at: AppTest) -> list[str]:
    """Every widget's label and shown options, every title, header and expander, and the
    variants table's column headers, except the language switch."""
    out: list[str] = []
    widgets = [*at.slider, *at.select_slider, *at.selectbox, *at.radio, *at.toggle, *at.button,
               *at.number_input, *at.checkbox, *at.segmented_control, *at.download_button]  # fmt: skip
    for w in widgets:
        if getattr(w, "key", None) == "lang":
            continue
        out.append(w.label)
        out.extend(str(o) for o in getattr(w, "options", ()))
    out += [e.value for e in [*at.title, *at.header, *at.subheader]]
    out += [e.label for e in at.expander]
    for table in at.dataframe:
        columns = json.loads(table.proto.columns or "{}")
        out += [c["label"] for c in columns.values() if c.get("label")]
    return out + table_heads(at)


def helps(at: AppTest) -> list[str]:
    widgets = [*at.slider, *at.select_slider, *at.selectbox, *at.radio, *at.toggle,
               *at.number_input]  # fmt: skip
    return [w.help for w in widgets if getattr(w, "help", None) and w.key not in ("lang",)]


def prose(at: AppTest) -> list[str]:
    return [e.value for e in [*at.caption, *at.markdown, *at.info, *at.warning, *at.error]]


def all_text(at: AppTest) -> list[str]:
    """Every string in every element's message: labels, options, help, text, table headers."""
    found: list[str] = []

    def walk(message) -> None:
        for field, value in message.ListFields():
            repeated = isinstance(value, Sequence) and not isinstance(value, str)
            if field.type == field.TYPE_MESSAGE:
                for m in value if repeated else [value]:
                    walk(m)
            elif field.type == field.TYPE_STRING:
                for s in value if repeated else [value]:
                    found.append(json.dumps(json.loads(s), ensure_ascii=False)
                                 if field.name == "columns" and s else s)  # fmt: skip

    for node in at._tree:  # every element on the page, sidebar included
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(node, "key", None) != "lang":
            walk(proto)
    return found


def assert_korean(at: AppTest) -> None:
    english = {t: english_words(t) for t in labels(at) if english_words(t)}
    assert not english, english
    untranslated = [t for t in [*helps(at), *prose(at)] if not HANGUL.search(t)]
    assert not untranslated, untranslated


def assert_english(at: AppTest) -> None:
    korean = [t for t in all_text(at) if HANGUL.search(t) and t not in SWITCH]
    assert not korean, korean


def test_the_lab_in_korean_has_no_english_label():
    at = open_lab("ko")
    assert at.title[0].value.startswith("Reglab — ")
    assert [s.value for s in at.sidebar.subheader] == ["데이터", "모델", "훈련", "내 정규화 설정"]
    assert at.radio(key="lab_mode").options == [
        "기준 모델 대 내 설정", "하나씩 더하기 (ablation)", "한 설정값 훑기 (sweep)", "직접 만든 행"
    ]  # fmt: skip
    assert_korean(at)
    for mode in ("yours", "sweep", "custom"):  # each mode's own controls and captions
        at.radio(key="lab_mode").set_value(mode).run()
        assert not at.exception and not at.error
        assert_korean(at)
    open_ko = open_lab("ko", arch="cnn", dataset="digits", conv_dropout="0.2")
    assert_korean(open_ko)  # the toolbox opened, with its ConvNet-only controls on


def test_the_language_in_a_link_is_not_a_lab_setting_and_stays_in_the_url():
    for lang in ("ko", "en"):
        at = open_lab(lang)
        assert not at.warning, [w.value for w in at.warning]  # not "lang: unknown setting"
        assert at.query_params.get("lang") == lang  # the Lab's URL update keeps it
    job_id = Store().create_job(LabSettings(mode="sweep", depth=2, sweep_points=3).to_job())
    at = open_lab("ko", job=str(job_id))  # a bare job link, in Korean: that job's own setup
    assert not at.warning and at.radio(key="lab_mode").value == "sweep"
    assert at.slider(key="lab_depth").value == 2


def test_the_lab_in_english_has_no_korean_beyond_the_switch():
    at = open_lab("en")
    assert at.title[0].value == "Reglab — see what regularization does"
    assert {"Dropout p", "Training examples", "▶ Train"} <= set(all_text(at))  # the walk sees them
    assert_english(at)
    for mode in ("yours", "sweep", "custom"):
        at.radio(key="lab_mode").set_value(mode).run()
        assert_english(at)


def test_switching_language_keeps_every_controls_value():
    at = open_lab("en")
    at.slider(key="lab_dropout").set_value(0.3)
    at.select_slider(key="lab_weight_decay").set_value(0.01)
    at.selectbox(key="lab_init").set_value("normal")
    at.selectbox(key="lab_arch").set_value("resmlp")
    at.radio(key="lab_dropout_style").set_value("classic")
    at.toggle(key="lab_batchnorm").set_value(False)
    at.radio(key="lab_mode").set_value("sweep").run()
    at.number_input(key="lab_sweep_points").set_value(5)
    at.selectbox(key="lab_sweep_knob").set_value("weight_decay").run()
    expected = {k: at.session_state[k] for k in (
        "lab_dropout", "lab_weight_decay", "lab_init", "lab_arch", "lab_dropout_style",
        "lab_batchnorm", "lab_mode", "lab_sweep_points", "lab_sweep_knob")}  # fmt: skip
    assert expected["lab_sweep_points"] == 5 and expected["lab_arch"] == "resmlp"
    table = shown_names(at)
    for lang in ("ko", "en"):
        at.radio(key="lang").set_value(lang).run()
        assert not at.exception
        assert {k: at.session_state[k] for k in expected} == expected, lang
        assert shown_names(at) == table
    at.radio(key="lang").set_value("ko").run()
    assert at.slider(key="lab_dropout").label == "드롭아웃 p"
    assert at.slider(key="lab_dropout").value == 0.3
    assert at.selectbox(key="lab_arch").format_func("resmlp") == "잔차 MLP"


def test_edits_in_the_custom_table_survive_a_language_switch():
    """The editor's headers are part of its identity: its edits move into a fresh one."""
    at = open_lab("en")
    button(at, "Edit these rows by hand").click().run()
    editor = at.data_editor[0]
    tree = at._tree
    states = tree.get_widget_states

    def with_an_edit():
        ws = states()
        w = ws.widgets.add()
        w.id = editor.proto.id
        w.string_value = json.dumps(
            {"edited_rows": {"0": {"name": "mine"}}, "added_rows": [], "deleted_rows": []}
        )
        return ws

    tree.get_widget_states = with_an_edit  # what the browser sends after an edit
    at.run()
    assert at.session_state.lab_edited_rows[0]["name"] == "mine"
    at.radio(key="lang").set_value("ko").run()
    assert not at.exception
    assert at.session_state.lab_edited_rows[0]["name"] == "mine"
    assert at.data_editor[0].value["name"].tolist()[0] == "mine"
    assert json.loads(at.data_editor[0].proto.columns)["name"]["label"] == "이름"


def test_a_trained_job_is_shown_in_korean_and_in_english():
    at = open_lab("ko", dataset="moons", depth="1", width="16", n_train="100", epochs="1",
                  mode="yours", dropout="0.2")  # fmt: skip
    button(at, "▶ 훈련").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    info = wait_job(Store(), at.session_state.job_id, timeout=300)  # the worker starts first
    assert info["status"] == "finished", info["error"]
    at.run()
    assert any("상태 **완료**" in c.value for c in at.caption)
    view = at.segmented_control(key="lab-view")
    assert view.label == "보기" and "곡선" in view.options
    assert any(s.value == "내보내기" for s in at.subheader)
    chart = at.selectbox(key="lab-exp-chart")
    assert chart.label == "그래프" and "손실" in chart.options
    assert_korean(at)
    for name in ("Inside the network", "Calibration"):
        at.segmented_control(key="lab-view").set_value(name).run()
        assert not at.exception and not at.error
        assert_korean(at)
        if name == "Inside the network":
            layer = at.selectbox(key="lab-layer")
            assert layer.label == "층" and layer.options == ["은닉층 1"]
    at.radio(key="lang").set_value("en").run()
    assert at.segmented_control(key="lab-view").value == "Calibration"  # kept across the switch
    assert any("status **finished**" in c.value for c in at.caption)
    assert at.selectbox(key="lab-exp-chart").label == "Chart"
    assert_english(at)
