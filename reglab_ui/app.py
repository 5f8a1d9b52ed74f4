"""Reglab's dashboard: the navigation and nothing else (`reglab app` / `make run`)."""

import streamlit as st

from engine.i18n import tr
from reglab_ui.views.common import language, page_opened

st.set_page_config(page_title="Reglab", layout="wide")
lang = language()  # the switch sits in the sidebar of every page
pages = {
    tr("Experiment", lang): [
        st.Page("views/lab.py", title=tr("Lab", lang), default=True),
        st.Page("views/runs.py", title=tr("Runs", lang)),
        st.Page("views/search.py", title=tr("Hyperparameter search", lang), url_path="search"),
    ],
    tr("Guided experiments", lang): [
        st.Page("views/guide_init_bn.py", title=tr("Init & BatchNorm", lang), url_path="init-bn"),
        st.Page(
            "views/guide_dropout.py", title=tr("Dropout & MC dropout", lang), url_path="dropout"
        ),
        st.Page(
            "views/guide_overfitting.py", title=tr("Overfitting lab", lang), url_path="overfitting"
        ),
        st.Page(
            "views/guide_toolbox.py",
            title=tr("More regularizers (cs231n)", lang),
            url_path="toolbox",
        ),
    ],
}
page = st.navigation(pages)
if st.session_state.get("_page") != page.url_path:  # opened or switched to, not a rerun
    st.session_state["_page"] = page.url_path
    page_opened()  # the worker yields the CPU for a moment while the page draws
page.run()
