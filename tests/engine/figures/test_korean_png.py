"""Korean in static exports: Chromium draws Hangul with a real font, not empty boxes (tofu).

The check that matters is by pixels: two titles of the same length in different Hangul are
exported to PNG through the project's own path (kaleido and the system Chromium); drawn in
tofu, both would be the same row of boxes. When fontconfig has no Hangul font, a Korean
export stops with a message that says how to install one.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import plotly.graph_objects as go
import pytest

from engine.figures import export, plots
from engine.figures.export import (
    HANGUL_FONT_HINT,
    ExportError,
    check_hangul_font,
    chromium_path,
    figure_bytes,
    has_hangul,
    write_static,
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# the same length, the space at the same place: in tofu the two would draw alike
TITLES = ("가나다라 마바사아", "한국어로 표시하다")
assert [len(t) for t in TITLES[0].split()] == [len(t) for t in TITLES[1].split()]


def titled_figure(title: str, lang: str = "en") -> go.Figure:
    """Empty axes under a title, finished as every chart is (fonts, template)."""
    return plots.finish(go.Figure(), title, "epoch", "", None, lang=lang)


def korean_figure(title: str) -> go.Figure:
    fig = titled_figure(title, "ko")
    fig.update_layout(title_font_size=32, title_x=0.02)
    return fig


def title_crop(png: bytes):
    from PIL import Image  # Pillow comes with Streamlit

    image = Image.open(io.BytesIO(png)).convert("L")
    return image.crop((0, 0, image.width, 60)).tobytes()  # the top margin, where the title is


def dark(crop: bytes) -> int:
    return sum(1 for p in crop if p < 128)


def differing(a: bytes, b: bytes) -> int:
    return sum(1 for p, q in zip(a, b, strict=True) if abs(p - q) > 64)


@pytest.mark.skipif(not chromium_path(), reason="static export needs Chromium")
def test_fontconfig_has_a_font_with_hangul():
    families = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True,
                              text=True).stdout.split("\n")  # fmt: skip
    assert any(f.strip() for f in families), HANGUL_FONT_HINT
    best = subprocess.run(["fc-match", "-s", "NanumGothic:lang=ko", "family"], capture_output=True,
                          text=True).stdout.splitlines()  # fmt: skip
    covering = {name for line in export.hangul_fonts() for name in line.split(",")}
    assert any(set(f.split(",")) & covering for f in best[:3]), (best[:3], HANGUL_FONT_HINT)


@pytest.mark.skipif(not chromium_path(), reason="static export needs Chromium")
def test_a_korean_title_exports_as_letters_not_boxes(output_dir):
    first, second = (figure_bytes(korean_figure(t), "png", lang="ko") for t in TITLES)
    (output_dir / "korean-export.png").write_bytes(first)
    a, b = title_crop(first), title_crop(second)
    assert dark(a) > 200, f"the title region is blank ({dark(a)} dark pixels)"
    assert differing(a, b) > 200, "two different Korean titles drew alike: Hangul became boxes"
    # an English title draws in the same place: the crop really holds the title
    english = figure_bytes(korean_figure("Abcdefgh ijklmnopq"), "png")
    assert dark(title_crop(english)) > 200


@pytest.mark.skipif(
    not chromium_path() or not DEJAVU.is_dir(), reason="needs Chromium and fonts-dejavu"
)
def test_the_pixel_check_catches_tofu(monkeypatch, tmp_path):
    """The same export with fontconfig shown only DejaVu (no Hangul), the guard bypassed:
    both titles become the same boxes, which the check above would refuse."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<dir>{DEJAVU}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))  # Chromium starts per export, with it
    assert export.hangul_fonts() == []
    monkeypatch.setattr(export, "hangul_fonts", lambda: ["pretend"])
    a, b = (title_crop(figure_bytes(korean_figure(t), "png")) for t in TITLES)
    assert dark(a) > 100  # boxes drawn ...
    assert differing(a, b) == 0  # ... and the same boxes for different letters


def test_korean_export_without_a_hangul_font_says_how_to_get_one(monkeypatch, tmp_path):
    monkeypatch.setattr(export, "hangul_fonts", lambda: [])
    monkeypatch.setattr(export, "chromium_path", lambda: "/usr/bin/chromium")
    fig = korean_figure(TITLES[0])
    assert has_hangul(fig)
    with pytest.raises(ExportError, match="fonts-nanum") as err:
        write_static({"loss": fig}, {("loss", "png"): tmp_path / "loss.png"})
    assert "make chromium" in str(err.value) and "fc-list :lang=ko" in str(err.value)
    with pytest.raises(ExportError, match="apt-get install fonts-nanum"):
        figure_bytes(fig, "png")
    english = titled_figure("Loss")
    assert not has_hangul(english)
    check_hangul_font([english])  # English needs no Hangul font
    with pytest.raises(ExportError):
        check_hangul_font([english], "ko")  # a Korean export does
    assert not (tmp_path / "loss.png").exists()


def test_a_korean_zip_without_a_hangul_font_keeps_the_rest(monkeypatch, small):
    import zipfile

    from engine.core.config import Job
    from engine.runs.store import Store
    from engine.training.train import train

    monkeypatch.setattr(export, "hangul_fonts", lambda: [])
    store = Store()
    job = Job("zip", small.replace(epochs=1, n_train=100, hidden=(8,)))
    job_id = store.create_job(job)
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    data = export.job_zip(store, job_id, static=True, lang="ko")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert not any(n.endswith(".png") for n in names)
        assert any(n.endswith("-report.html") for n in names)
        assert "fonts-nanum" in zf.read("README.txt").decode()
