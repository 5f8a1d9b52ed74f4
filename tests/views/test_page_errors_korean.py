"""Errors and a link's problems on the pages speak the page's language: a shared link's bad
values, a toolbox knob that is off, and a bad search range read in Korean with ?lang=ko and
as they always did in English."""

from __future__ import annotations

import re

from tests.views.test_lab_korean import open_lab
from tests.views.test_pages_korean import app

HANGUL = re.compile("[\uac00-\ud7a3]")


def test_a_links_bad_values_are_named_in_korean():
    at = open_lab("ko", dropout="2", colour="red")
    warnings = [w.value for w in at.warning]
    assert "공유 링크: colour: 링크에 알 수 없는 설정이 있어 무시했습니다" in warnings, warnings
    assert any(
        w.startswith("공유 링크: dropout: '2'은(는) 올바른 값이 아닙니다 (허용: 0.0~0.9).")
        for w in warnings
    ), warnings
    assert at.session_state.lab_dropout == 0.15  # kept the default, and said so
    at = open_lab("en", dropout="2", colour="red")
    warnings = [w.value for w in at.warning]
    assert "Shared link: colour: unknown setting in the link; ignored" in warnings, warnings
    assert not any(HANGUL.search(w) for w in warnings), warnings


def test_why_a_toolbox_knob_is_off_is_said_in_korean():
    at = open_lab("ko", dataset="digits", cutout="12")
    cutout = at.slider(key="lab_cutout")
    assert cutout.disabled and "여기서는 꺼짐: 이미지의 너비가 8픽셀입니다." in cutout.help, (
        cutout.help
    )
    at = open_lab("en", dataset="digits", cutout="12")
    assert "off here: the images are 8 pixels wide." in at.slider(key="lab_cutout").help


def test_a_bad_search_range_is_named_in_korean():
    at = app("ko", "views/search.py")
    at.checkbox(key="srch_on_lr").check().run()
    at.text_input(key="srch_lo_lr").input("1").run()
    at.text_input(key="srch_hi_lr").input("0.1").run()
    errors = [e.value for e in at.error]
    assert "범위 — range.lr: 하한 1은(는) 상한 0.1보다 작아야 합니다" in errors, errors
    at = app("en", "views/search.py")
    at.checkbox(key="srch_on_lr").check().run()
    at.text_input(key="srch_lo_lr").input("1").run()
    at.text_input(key="srch_hi_lr").input("0.1").run()
    assert "Range — range.lr: low 1 must be below high 0.1" in [e.value for e in at.error]
