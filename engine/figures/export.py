"""Figures and data of a stored job, written as files: HTML always, PNG/SVG/PDF with Chromium.

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
import zipfile
from pathlib import Path

import plotly.graph_objects as go

from engine.figures.job_figures import job_figures
from engine.runs.store import Store
from engine.runs.summary import build_summary, metrics_csv

STATIC_FORMATS = ("png", "svg", "pdf")
FORMATS = (*STATIC_FORMATS, "html", "csv", "json", "zip")
CHROMIUM_HINT = (
    "PNG/SVG/PDF export needs Chromium: install Debian's 'chromium' package"
    " (apt-get install chromium) or set BROWSER_PATH to a Chrome/Chromium binary."
    " HTML, CSV and JSON export work without it."
)


class ExportError(RuntimeError):
    """An export cannot be made; the message says why and what to do."""


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


def figure_bytes(fig: go.Figure, fmt: str) -> bytes:
    """One figure as PNG/SVG/PDF (needs Chromium) or self-contained HTML."""
    if fmt == "html":
        return fig.to_html(include_plotlyjs=True).encode()
    if fmt not in STATIC_FORMATS:
        raise ExportError(f"unknown figure format {fmt!r}; choose png, svg, pdf or html")
    if not chromium_path():
        raise ExportError(CHROMIUM_HINT)
    import plotly.io as pio

    os.environ.setdefault("BROWSER_PATH", chromium_path())
    still = go.Figure(fig).update_layout(sliders=[], updatemenus=[])
    try:
        return pio.to_image(still, format=fmt, width=1000, height=still.layout.height or 500)
    except Exception as e:
        raise ExportError(f"static export failed ({type(e).__name__}: {e}). {CHROMIUM_HINT}") from e


def write_static(figs: dict[str, go.Figure], paths: dict[str, Path], fmt: str) -> None:
    """PNG/SVG/PDF through kaleido and the system Chromium, one browser for all figures."""
    if not chromium_path():
        raise ExportError(CHROMIUM_HINT)
    import plotly.io as pio

    os.environ.setdefault("BROWSER_PATH", chromium_path())
    keys = list(figs)
    still = [go.Figure(figs[k]).update_layout(sliders=[], updatemenus=[]) for k in keys]
    try:
        heights = [f.layout.height or 500 for f in still]  # tall grids keep their height
        pio.write_images(still, [paths[k] for k in keys], format=fmt, width=1000, height=heights)
    except Exception as e:  # kaleido/Chromium failures reach the user as one message
        raise ExportError(f"static export failed ({type(e).__name__}: {e}). {CHROMIUM_HINT}") from e


def export_job(
    store: Store, job_id: int, out_dir: Path, formats: list[str], figures: list[str] | None = None
) -> list[Path]:
    """Write a job's figures and data into out_dir; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    info = store.job(job_id)
    if info is None:
        raise ExportError(f"no stored job with id {job_id}")
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ExportError(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    stem = f"{safe_name(info['name'])}-{job_id}"
    written: list[Path] = []
    if "zip" in formats:
        target = _inside(out_dir, f"{stem}.zip")
        target.write_bytes(job_zip(store, job_id, static=chromium_path() is not None))
        written.append(target)
        formats = [f for f in formats if f != "zip"]
    if not formats:
        return written
    figs = job_figures(store, job_id)
    if figures:
        figs = {k: v for k, v in figs.items() if k in figures}
    for fmt in formats:
        if fmt == "csv":
            target = _inside(out_dir, f"{stem}-metrics.csv")
            target.write_text(metrics_csv(store, job_id))
            written.append(target)
        elif fmt == "json":
            target = _inside(out_dir, f"{stem}-summary.json")
            target.write_text(json.dumps(build_summary(store, job_id), indent=2))
            written.append(target)
        elif fmt == "html":
            for key, fig in figs.items():
                target = _inside(out_dir, f"{stem}-{key}.html")
                fig.write_html(target, include_plotlyjs=True)  # offline: no CDN
                written.append(target)
        elif fmt in STATIC_FORMATS:
            paths = {k: _inside(out_dir, f"{stem}-{k}.{fmt}") for k in figs}
            write_static(figs, paths, fmt)
            written.extend(paths.values())
    return written


def _inside(folder: Path, name: str) -> Path:
    """folder/name, refusing anything that would resolve outside folder."""
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise ExportError(f"refusing to write outside {folder}: {name!r}")
    return target


def job_zip(store: Store, job_id: int, static: bool = True) -> bytes:
    """A ZIP of a whole comparison: figures (HTML, and PNG/SVG/PDF when possible), CSV, JSON."""
    import tempfile

    info = store.job(job_id)
    formats = ["html", "csv", "json"] + (list(STATIC_FORMATS) if static else [])
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        files = export_job(store, job_id, Path(tmp), formats)
        config = Path(tmp) / f"{safe_name(info['name'])}-{job_id}-config.json"
        config.write_text(info["job"].to_json())
        files.append(config)
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, arcname=f.name)
            if not static:
                zf.writestr("README.txt", CHROMIUM_HINT + "\n")
    return buf.getvalue()
