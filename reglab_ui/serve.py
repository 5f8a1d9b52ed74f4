"""`reglab app`'s server process: Streamlit, with the pages' heavy imports begun at launch.

Importing torch, pandas, Plotly and the engine takes 4-5 s on 2 cores. Begun in a thread
while the server starts, it is done (or nearly) when the first visitor arrives, instead of
being paid by that visit's first script run.
"""

from __future__ import annotations

import importlib
import sys
import threading

PRELOAD = (
    "torch",
    "pandas",
    "plotly.graph_objects",
    "engine.training.train",
    "engine.figures.plots",
    "engine.figures.guided_plots",
    "engine.runs.summary",
    "engine.figures.export",
    "engine.experiments.lab",
    "engine.experiments.lab_links",
    "engine.runs.runner",
    "engine.figures.search_plots",
    "reglab_ui.views.common",
    "reglab_ui.views.guide",
    "reglab_ui.views.texts",
)


def preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: S112 - the page imports it again and reports what is wrong
            continue


def main() -> int:
    threading.Thread(target=preload, name="reglab-preload", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    raise SystemExit(main())
