"""Export errors are Translatable: `str(e)` is the English it always was, `error_text(e, "ko")`
is Korean, and the hints (Chromium, a Hangul font) are translated inside them."""

from __future__ import annotations

import pickle
import re

import plotly.graph_objects as go
import pytest

from engine.figures.export import (
    CHROMIUM_HINT,
    HANGUL_FONT_HINT,
    ExportError,
    _inside,
    export_job,
    figure_bytes,
)
from engine.i18n import error_text, tr
from engine.runs.store import Store

HANGUL = re.compile("[\uac00-\ud7a3]")


def test_export_errors_read_in_english_and_in_korean(tmp_path):
    with pytest.raises(ExportError) as err:
        figure_bytes(go.Figure(), "gif")
    assert str(err.value) == "unknown figure format 'gif'; choose png, svg, pdf or html"
    assert error_text(err.value, "ko") == (
        "알 수 없는 그림 형식 'gif'입니다. png, svg, pdf, html 중에서 고르세요"
    )
    with pytest.raises(ExportError) as err:
        export_job(Store(), 4242, tmp_path, ["csv"])
    assert str(err.value) == "no stored job with id 4242"
    assert error_text(err.value, "ko") == "ID가 4242인 작업이 저장소에 없습니다"
    with pytest.raises(ExportError) as err:
        _inside(tmp_path, "../escape.txt")
    assert str(err.value).startswith("refusing to write outside ")
    assert HANGUL.search(error_text(err.value, "ko"))
    assert isinstance(err.value, RuntimeError)  # callers that catch RuntimeError still do
    back = pickle.loads(pickle.dumps(err.value))
    assert type(back) is ExportError and str(back) == str(err.value)


def test_the_hints_are_templates_with_korean_that_keep_names_and_commands():
    for hint, kept in [(CHROMIUM_HINT, "apt-get install chromium"),
                       (HANGUL_FONT_HINT, "apt-get install fonts-nanum")]:  # fmt: skip
        e = ExportError(hint)
        assert str(e) == hint
        assert HANGUL.search(error_text(e, "ko")) and kept in error_text(e, "ko")
    failed = ExportError(
        "static export failed ({kind}: {error}). {hint}", kind="OSError", error="boom",
        hint=CHROMIUM_HINT,
    )  # fmt: skip
    assert str(failed) == f"static export failed (OSError: boom). {CHROMIUM_HINT}"
    assert error_text(failed, "ko").endswith(tr(CHROMIUM_HINT, "ko"))
    assert "(OSError: boom)" in error_text(failed, "ko")
