"""Figures and data of a stored job, written as files: a one-page HTML report (or one HTML
file per figure) always, PNG/SVG/PDF with Chromium, drawn for paper (engine.figures.paper).

The figures are built by engine.figures.plots from the store, the same builders the
pages use, so an exported figure is the one on screen. File names come from
the job's name with unsafe characters removed and never leave the target folder.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go

from engine.figures.export_spec import FORMATS, STATIC_FORMATS, ExportError
from engine.figures.job_figures import BUILDERS, JobData, available_figures
from engine.figures.paper import for_paper, static_size
from engine.figures.report import report_html
from engine.i18n import N_, tr
from engine.runs.store import Store
from engine.runs.summary import metrics_csv

CHROMIUM_HINT = N_(
    "PNG/SVG/PDF export needs Chromium: install Debian's 'chromium' package"
    " (apt-get install chromium) or set BROWSER_PATH to a Chrome/Chromium binary."
    " HTML, CSV and JSON export work without it."
)
HANGUL_FONT_HINT = N_(
    "Korean PNG/SVG/PDF export needs a font with Hangul, and fontconfig finds none"
    " (fc-list :lang=ko is empty): install Debian's 'fonts-nanum' package"
    " (apt-get install fonts-nanum), or run `make chromium` (scripts/ensure-chromium.sh installs"
    " Chromium and the fonts). Without it every Korean letter is drawn as an empty box."
    " HTML, CSV and JSON export work without it."
)
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def safe_name(name: str, fallback: str = "reglab") -> str:
    """A file-name stem from any job name: letters, digits, dot, dash, underscore; no path parts."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-_")
    stem = re.sub(r"-{2,}", "-", stem)[:80]
    return stem or fallback


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def hangul_fonts() -> list[str]:
    """Families fontconfig knows that cover Korean (`fc-list :lang=ko family`); empty when
    there are none or fontconfig itself is missing."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=ko", "family"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.strip() for line in out.splitlines() if line.strip()})


def has_hangul(fig: go.Figure) -> bool:
    """Whether a figure's text (titles, axes, legend, notes, trace names) has Hangul."""
    text = json.dumps(fig.layout.to_plotly_json(), ensure_ascii=False, default=str)
    names = " ".join(str(t.name or "") for t in fig.data)
    return bool(HANGUL.search(text) or HANGUL.search(names))


def check_hangul_font(figs, lang: str = "en") -> None:
    """An ExportError saying how to get a Hangul font, when Korean is to be drawn (`lang` is
    "ko" or a figure's text has Hangul) and fontconfig has none: Chromium would draw boxes."""
    figs = list(figs)
    if (lang == "ko" or any(has_hangul(f) for f in figs)) and not hangul_fonts():
        raise ExportError(HANGUL_FONT_HINT)


def figure_bytes(fig: go.Figure, fmt: str, lang: str = "en") -> bytes:
    """One figure as PNG/SVG/PDF (needs Chromium; drawn for paper) or self-contained HTML."""
    if fmt == "html":
        return fig.to_html(include_plotlyjs=True, auto_play=False).encode()
    if fmt not in STATIC_FORMATS:
        raise ExportError("unknown figure format {fmt!r}; choose png, svg, pdf or html", fmt=fmt)
    if not chromium_path():
        raise ExportError(CHROMIUM_HINT)
    check_hangul_font([fig], lang)
    import plotly.io as pio

    os.environ.setdefault("BROWSER_PATH", chromium_path())
    still = for_paper(fig)
    width, height = static_size(still)
    try:
        return pio.to_image(still, format=fmt, width=width, height=height)
    except Exception as e:
        raise _static_failed(e) from e


def _static_failed(error: Exception) -> ExportError:
    return ExportError(
        "static export failed ({kind}: {error}). {hint}",
        kind=type(error).__name__,
        error=str(error),
        hint=CHROMIUM_HINT,
    )


def write_static(
    figs: dict[str, go.Figure], paths: dict[tuple[str, str], Path], lang: str = "en"
) -> None:
    """PNG/SVG/PDF through kaleido and the system Chromium: every (figure, format) in `paths`
    drawn for paper in one browser session; Korean needs a Hangul font (check_hangul_font)."""
    if not paths:
        return
    if not chromium_path():
        raise ExportError(CHROMIUM_HINT)
    check_hangul_font((figs[k] for k in dict.fromkeys(k for k, _ in paths)), lang)
    import plotly.io as pio

    os.environ.setdefault("BROWSER_PATH", chromium_path())
    still = {k: for_paper(figs[k]) for k in dict.fromkeys(k for k, _ in paths)}
    items = list(paths.items())
    sizes = [static_size(still[k]) for (k, _), _ in items]  # tall grids keep their height
    try:
        pio.write_images(
            [still[k] for (k, _), _ in items],
            [path for _, path in items],
            format=[fmt for (_, fmt), _ in items],
            width=[w for w, _ in sizes],
            height=[h for _, h in sizes],
        )
    except Exception as e:  # kaleido/Chromium failures reach the user as one message
        raise _static_failed(e) from e


def export_job(
    store: Store,
    job_id: int,
    out_dir: Path,
    formats: list[str],
    figures: list[str] | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write a job's figures and data into out_dir; returns the files written.

    "report" is the one-page HTML report (every figure, plotly.js once); "html" one file per
    figure; the static formats are drawn together in one Chromium session."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    info = store.job(job_id)
    if info is None:
        raise ExportError("no stored job with id {job_id}", job_id=job_id)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ExportError(
            "unknown format {fmt!r}; choose from {choices}", fmt=bad[0], choices=", ".join(FORMATS)
        )
    stem = f"{safe_name(info['name'])}-{job_id}"
    by_format = _write_formats(store, job_id, out_dir, stem, [f for f in formats if f != "zip"],
                               figures, lang)  # fmt: skip
    written = [p for paths in by_format.values() for p in paths]
    if "zip" in formats:  # last, from the files just written where it can
        target = _inside(out_dir, f"{stem}.zip")
        done = by_format if figures is None else {}  # a subset of figures cannot fill it
        target.write_bytes(job_zip(store, job_id, chromium_path() is not None, lang, done))
        written.append(target)
    return written


def _write_formats(
    store: Store,
    job_id: int,
    out_dir: Path,
    stem: str,
    formats: list[str],
    figures: list[str] | None,
    lang: str,
) -> dict[str, list[Path]]:
    """Each format's files, written into out_dir."""
    if not formats:
        return {}
    data = JobData(store, job_id, lang=lang)
    names = [k for k in available_figures(data) if not figures or k in figures]
    figs = {k: BUILDERS[k](data) for k in names}
    by_format: dict[str, list[Path]] = {}
    static: dict[tuple[str, str], Path] = {}
    for fmt in dict.fromkeys(formats):
        if fmt == "csv":
            target = _inside(out_dir, f"{stem}-metrics.csv")
            target.write_text(metrics_csv(store, job_id))
            by_format[fmt] = [target]
        elif fmt == "json":
            target = _inside(out_dir, f"{stem}-summary.json")
            target.write_text(json.dumps(data.summary, indent=2))
            by_format[fmt] = [target]
        elif fmt == "report":
            target = _inside(out_dir, f"{stem}-report.html")
            target.write_text(report_html(store, job_id, figs, data), encoding="utf-8")
            by_format[fmt] = [target]
        elif fmt == "html":
            by_format[fmt] = []
            for key, fig in figs.items():
                target = _inside(out_dir, f"{stem}-{key}.html")
                fig.write_html(target, include_plotlyjs=True, auto_play=False)  # offline: no CDN
                by_format[fmt].append(target)
        elif fmt in STATIC_FORMATS:
            static |= {(k, fmt): _inside(out_dir, f"{stem}-{k}.{fmt}") for k in figs}
    write_static(figs, static, lang)
    for (_, fmt), path in static.items():
        by_format.setdefault(fmt, []).append(path)
    return by_format


def write_run_figures(
    store: Store,
    job_id: int,
    out_dir: Path,
    static_formats: list[str] = (),
    lang: str = "en",
    draw: Callable[[JobData, list[str]], dict[str, tuple[str, str]]] | None = None,
    data: JobData | None = None,
) -> list[Path]:
    """What a run writes besides its data: `report.html` (every figure, plotly.js once), and
    each figure as PNG/SVG/PDF only for the formats asked, drawn in one Chromium session.
    `draw(data, keys)` gives the report's sections (report.figure_section) where they are
    built elsewhere (engine/experiments/run_outputs.py); static formats need the figures here.
    `data`: the job's JobData where it is read already."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = data or JobData(store, job_id, lang=lang)
    keys = available_figures(data)
    report = _inside(out_dir, "report.html")
    if draw is not None and not static_formats:
        sections = draw(data, keys)
        report.write_text(
            report_html(store, job_id, data=data, sections=sections), encoding="utf-8"
        )
        return [report]
    figs = {k: BUILDERS[k](data) for k in keys}
    report.write_text(report_html(store, job_id, figs, data), encoding="utf-8")
    stem = f"{safe_name(data.summary['name'])}-{job_id}"
    static = {
        (k, fmt): _inside(out_dir, f"{stem}-{k}.{fmt}") for fmt in static_formats for k in figs
    }
    write_static(figs, static, lang)
    return [report, *static.values()]


def _inside(folder: Path, name: str) -> Path:
    """folder/name, refusing anything that would resolve outside folder."""
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise ExportError(
            "refusing to write outside {folder}: {name!r}", folder=str(folder), name=name
        )
    return target


def job_zip(
    store: Store,
    job_id: int,
    static: bool = True,
    lang: str = "en",
    done: dict[str, list[Path]] | None = None,
) -> bytes:
    """A ZIP of a whole comparison: the HTML report (and each figure as PNG/SVG/PDF when
    possible), CSV, JSON, the config. `done`: files of some formats written already (by
    format), so a ZIP asked for beside them draws nothing twice."""
    import tempfile

    info = store.job(job_id)
    formats = ["report", "csv", "json"] + (list(STATIC_FORMATS) if static else [])
    hint = CHROMIUM_HINT
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        done = done or {}
        reused = [p for f in formats if f in done for p in done[f]]
        try:
            todo = [f for f in formats if f not in done]
            files = reused + export_job(store, job_id, Path(tmp), todo, lang=lang)
        except ExportError as e:  # Korean without a Hangul font: the rest, and how to get one
            if e.template != HANGUL_FONT_HINT:
                raise
            static, hint = False, HANGUL_FONT_HINT
            reused = [p for f in formats[:3] if f in done for p in done[f]]
            todo = [f for f in formats[:3] if f not in done]
            files = reused + export_job(store, job_id, Path(tmp), todo, lang=lang)
        config = Path(tmp) / f"{safe_name(info['name'])}-{job_id}-config.json"
        config.write_text(info["job"].to_json())
        files.append(config)
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, arcname=f.name)
            if not static:
                zf.writestr("README.txt", tr(hint, lang) + "\n")
    return buf.getvalue()
