"""Plotly's script loaded after a page has drawn, not before: Streamlit fetches its 4.7 MB chart
chunk only when a page first shows a chart, and the Lab's first page showed its Train button
1.5-2 s later for the two empty charts it drew. The Lab now draws light frames there and asks
the browser to import that chunk once it is idle, so the first curve does not wait for it."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

CHUNK_GLOB = "PlotlyChart.*.js"  # Streamlit's lazily loaded chart component (its Vite chunk)


@functools.cache
def plotly_chunk() -> str | None:
    """The chunk's file name in this Streamlit's static files; None if a release renamed it."""
    js = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(js.glob(CHUNK_GLOB))
    return found[0].name if len(found) == 1 else None


def preload_script(chunk: str) -> str:
    """Import the chunk from the URL Streamlit's own lazy import uses (so the module is
    evaluated once) when the browser is next idle, or after 2 s at the latest. (Waiting a
    second more before asking brought the button no sooner, and a click a second after it
    then waited for the chunk: 2.3-2.7 s to the first curve instead of 0.9-1.5 s.)"""
    name, path = json.dumps(f"./{chunk}"), json.dumps(f"./static/js/{chunk}")
    # beside Streamlit's main script, as Vite resolves it (the page's own URL may be /lab/)
    url = (
        "((s) => s ? new URL(" + name + ", s.src) : new URL(" + path + ", document.baseURI))"
        "(document.querySelector('script[src*=\"/static/js/index.\"]'))"
    )
    load = f"() => import({url}.href).catch(() => {{}})"
    idle = "(window.requestIdleCallback || ((f) => setTimeout(f, 200)))"
    return f"<script>{idle}({load}, {{timeout: 2000}});</script>"


def preload_plotly() -> None:
    chunk = plotly_chunk()
    if chunk is not None:
        st.html(preload_script(chunk), unsafe_allow_javascript=True)
