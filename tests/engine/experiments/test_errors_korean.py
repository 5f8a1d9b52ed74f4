"""The experiments layer's errors and collected problems speak Korean too: the English (`str`)
stays as it reads, and `error_text(e, "ko")` / `problem.text("ko")` says it in Korean."""

from __future__ import annotations

import pickle
import re

import pytest

from engine.core.config import ConfigError
from engine.experiments import presets
from engine.experiments.lab import LabSettings, with_branch
from engine.experiments.lab_links import from_query
from engine.experiments.search_ray import reachable
from engine.experiments.search_spec import Range, SearchSpec, parse_range
from engine.i18n import error_text

HANGUL = re.compile("[\uac00-\ud7a3]")


def korean(e: ConfigError) -> str:
    text = error_text(e, "ko")
    assert HANGUL.search(text) and text.startswith(f"{e.key}: "), text
    return text


def test_a_bad_search_range_reads_the_same_in_english_and_in_korean():
    with pytest.raises(ConfigError) as err:
        parse_range("lr=1:0.1")
    assert str(err.value) == "range.lr: low 1 must be below high 0.1"
    assert korean(err.value) == "range.lr: 하한 1은(는) 상한 0.1보다 작아야 합니다"
    with pytest.raises(ConfigError) as err:
        Range("lr", 1e-9, 1e3, True)
    assert str(err.value) == "range.lr: 1e-09..1000 leaves the allowed 0..100"
    assert "허용 범위 0..100" in korean(err.value)
    with pytest.raises(ConfigError) as err:
        parse_range("lr 1e-5")
    assert str(err.value) == "--range: 'lr 1e-5': expected NAME=LOW:HIGH, e.g. lr=1e-5:1e-1"
    assert "NAME=LOW:HIGH 형식" in korean(err.value)


@pytest.mark.parametrize(
    "kwargs, english",
    [
        ({"trials": 0}, "trials: 0 is out of range; allowed 1 to 10000"),
        ({"sampler": "grid"}, "sampler: 'grid' is not one of random, tpe"),
        ({"seed": -1}, "seed: -1 is out of range; allowed 0 to 2**32-1"),
        ({"warmup": -2}, "warmup: -2 must be >= 0"),
        ({"ranges": ()}, "range: search at least one hyperparameter"),
    ],
)
def test_search_settings_errors_are_translated_and_pickle(kwargs, english):
    with pytest.raises(ConfigError) as err:
        SearchSpec(**kwargs)
    assert str(err.value) == english
    korean(err.value)
    back = pickle.loads(pickle.dumps(err.value))  # a search's error crosses a process
    assert str(back) == english and error_text(back, "ko") == error_text(err.value, "ko")


def test_ray_preset_and_branch_errors_are_translated():
    with pytest.raises(ConfigError) as err:
        reachable("no-port-here")
    assert str(err.value) == "--ray-address: 'no-port-here' is not HOST:PORT (e.g. 127.0.0.1:6379)"
    assert "HOST:PORT 형식이 아닙니다" in korean(err.value)
    with pytest.raises(ConfigError) as err:
        presets.get("no-such-preset")
    assert str(err.value).startswith("preset: 'no-such-preset' is not one of ")
    assert "다음 중 하나가 아닙니다" in korean(err.value)
    with pytest.raises(ConfigError) as err:
        with_branch(LabSettings(), "nobody", 2, "dropout", 0.5)
    assert str(err.value) == "branch_of: 'nobody' is not a variant of this comparison"
    assert korean(err.value) == "branch_of: 'nobody'은(는) 이 비교의 변형이 아닙니다"


def test_a_links_problems_are_english_strings_that_say_themselves_in_korean():
    _, problems = from_query({"dropout": "2", "colour": "red", "live": "maybe"})
    assert problems == [
        "dropout: '2' is not valid (allowed 0.0 to 0.9); kept 0.15",
        "colour: unknown setting in the link; ignored",
        "live: 'maybe' is not valid (allowed true, false); kept False",
    ]
    assert [p.text("ko") for p in problems] == [
        "dropout: '2'은(는) 올바른 값이 아닙니다 (허용: 0.0~0.9). 0.15을(를) 유지했습니다",
        "colour: 링크에 알 수 없는 설정이 있어 무시했습니다",
        "live: 'maybe'은(는) 올바른 값이 아닙니다 (허용: true, false). False을(를) 유지했습니다",
    ]
    assert [p.text("en") for p in problems] == problems


def test_a_links_refused_setup_names_the_config_error_in_korean():
    rows = '[{"name": "a", "dropout": 0.1}, {"name": "a", "dropout": 0.2}]'
    settings, problems = from_query({"variants": rows})
    assert settings == LabSettings()
    assert problems == [
        "variants: two variants are called 'a'; names must differ;"
        " the link's setup was replaced by the defaults"
    ]
    assert problems[0].text("ko") == (
        "variants: 변형 두 개의 이름이 모두 'a'입니다. 이름은 서로 달라야 합니다;"
        " 링크의 설정을 기본값으로 바꿨습니다"
    )


def test_why_a_toolbox_knob_is_off_reads_in_korean():
    small = LabSettings(dataset="digits", cutout=12)
    assert small.applies("cutout") == "the images are 8 pixels wide"
    assert small.applies("cutout").text("ko") == "이미지의 너비가 8픽셀입니다"
    flat = LabSettings(dataset="moons")
    assert flat.applies("augment").text("ko") == "이동과 Cutout은 이미지에만 씁니다"
    assert LabSettings(dataset="digits", cutout=4).applies("cutout") is None
