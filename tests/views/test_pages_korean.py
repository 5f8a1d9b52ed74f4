"""The Runs, search and guided pages in Korean through Streamlit's AppTest: every heading,
label, option, button, caption, message and table header holds Hangul (names, code and numbers
aside), and the same pages in English hold none but the language switch's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.core.config import Job, RunConfig
from engine.experiments import preset_jobs, presets, search_spec
from engine.experiments.kinds import run_recorded
from engine.i18n import STATUSES as STATUS
from engine.i18n import status_word
from engine.runs.store import Store
from reglab_ui.views.guide import capped

TIMEOUT = 60
APP = str(Path(__file__).resolve().parents[2] / "reglab_ui" / "app.py")
HANGUL = re.compile("[\uac00-\ud7a3]")
SWITCH = {"Language / 언어", "English", "한국어"}  # the language switch names both languages
ALLOWED = SWITCH | {"tpe", "summary.json", "id"}  # a sampler's name, a file name, a key
# drawn by reglab_ui/views/common.py (the job view and its export panel), which the Lab page's
# translation covers; not these pages' strings
COMMON = re.compile(r"^(Export|Chart|Format|View|Layer|Job \d+: .* — status \*\*\w+\*\*)$")


def shown(at: AppTest) -> list[str]:
    """Every text a user reads on the page: headings, prose, messages, widget labels and
    options, expander labels, table headers."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption"):
        out += [e.value for e in at.get(kind)]
    for kind in ("info", "warning", "error", "success"):
        out += [e.value.splitlines()[0] if e.value else "" for e in at.get(kind)]
    for kind in ("button", "checkbox", "text_input", "number_input", "slider", "select_slider",
                 "multiselect", "selectbox", "expander", "toggle"):  # fmt: skip
        out += [e.label for e in at.get(kind)]
    for radio in at.radio:
        out += [radio.label, *radio.options]
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        out += [c["label"] for c in config.values() if "label" in c]
        out += [str(c) for c in frame.value.columns if c not in config]
    return [s for s in out if s]


def english_left(at: AppTest, skip: set[str] = frozenset()) -> list[str]:
    """What is shown without Hangul, names and code aside."""
    return [
        s for s in shown(at)
        if not HANGUL.search(s) and s not in ALLOWED | skip and not COMMON.match(s)
        and not s.isdigit()
    ]  # fmt: skip


def hangul_left(at: AppTest) -> list[str]:
    return [s for s in shown(at) if HANGUL.search(s) and s not in SWITCH]


def app(lang: str, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def tiny(name: str = "stored") -> Job:
    return Job(name, RunConfig(n_train=100, n_test=200, hidden=(16,), epochs=1, batch_size=50))


def tiny_search() -> Job:
    base = presets.get("hparam-search").base.replace(n_train=100, epochs=2)
    return search_spec.search_job(base, search_spec.SearchSpec(trials=3, batch=3, parallel=1))


def test_every_status_word_has_korean():
    assert {status_word(s, "ko") for s in STATUS} & {s for s in STATUS} == set()
    assert all(status_word(s, "en") == s for s in STATUS)
    assert status_word("something new", "ko") == "something new"


def test_runs_page_in_korean_and_in_english():
    at = app("ko", "views/runs.py")
    assert at.title[0].value == "실행 기록" and "아직 실행 기록이" in at.info[0].value
    assert not english_left(at), english_left(at)
    store = Store()
    first, second = run_recorded(tiny(), store), run_recorded(tiny("second"), store)
    search = run_recorded(tiny_search(), store)
    at.run()
    assert not english_left(at), english_left(at)
    assert set(at.dataframe[0].value["status"]) == {"완료"}  # shown; the store keeps "finished"
    at.multiselect[0].set_value([first]).run()  # one run: its name, rename, run again, delete
    assert not at.exception
    assert {b.label for b in at.button} >= {"이름 바꾸기", "다시 실행", "예, 삭제합니다"}
    assert not english_left(at), english_left(at)
    at.multiselect[0].set_value([first, second]).run()  # the overlay
    assert not at.exception and not english_left(at), english_left(at)
    at.multiselect[0].set_value([search]).run()
    assert any(b.label == "이 탐색의 결과 열기" for b in at.button)
    assert not english_left(at), english_left(at)

    at = app("en", "views/runs.py")
    at.multiselect[0].set_value([first]).run()
    assert at.title[0].value == "Runs" and not hangul_left(at), hangul_left(at)
    assert "finished" in set(at.dataframe[0].value["status"])


def test_search_page_in_korean_and_in_english():
    at = app("ko", "views/search.py")
    assert at.title[0].value == "하이퍼파라미터 탐색"
    assert not english_left(at), english_left(at)
    assert at.sidebar.radio[1].options == ["랜덤", "tpe"]  # shown; the spec keeps "random"
    job_id = run_recorded(tiny_search(), Store())
    at.session_state["srch_job"] = job_id
    at.run()
    assert not at.exception
    assert any(c.value.startswith(f"탐색 {job_id}: 스터디") and "**완료**" in c.value
               for c in at.caption)  # fmt: skip
    assert at.success and at.success[0].value.startswith("최고: 시도")
    edge = {w.value for w in at.warning}  # the search report's own sentences (engine/figures)
    assert not english_left(at, edge), english_left(at, edge)

    at = app("en", "views/search.py")
    at.session_state["srch_job"] = job_id
    at.run()
    assert any(c.value.startswith(f"Search {job_id}: study") for c in at.caption)
    assert not hangul_left(at), hangul_left(at)


GUIDED = {  # page -> a stored run of one of its sections, fast enough for a unit test
    "views/guide_init_bn.py": lambda: presets.get("init-histograms", quick=True),
    "views/guide_dropout.py": lambda: preset_jobs.dropout_layer(0.3),
    "views/guide_overfitting.py": lambda: capped(
        presets.get("regularizers", quick=True).with_settings(["n_train=100"]), 1
    ),
    "views/guide_toolbox.py": lambda: capped(
        presets.get("memorization", quick=True).with_settings(["n_train=100"]), 1
    ),
}


@pytest.mark.parametrize("page", list(GUIDED))
def test_guided_page_with_a_stored_run_in_korean_and_in_english(page):
    job_id = run_recorded(GUIDED[page](), Store())
    at = app("ko", page)
    captions = [c.value for c in at.caption]
    assert f"저장된 실행 표시 중 · 작업 {job_id} — **완료**" in captions, captions
    assert any(e.label == "내보내기" for e in at.expander)
    verdicts = [a.value for a in [*at.success, *at.warning] if "**발표된 결과:**" in a.value]
    assert verdicts and re.match(r"\*\*[^*]*[\uac00-\ud7a3]", verdicts[0]), verdicts
    assert not english_left(at), english_left(at)

    at = app("en", page)
    assert f"Showing stored run · job {job_id} — **finished**" in [c.value for c in at.caption]
    assert any(e.label == "Export" for e in at.expander)
    assert not hangul_left(at), hangul_left(at)
