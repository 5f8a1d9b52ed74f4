"""Reglab's dashboard: the navigation and nothing else (`reglab app` / `make run`)."""

import streamlit as st

from reglab_ui.views.common import page_opened

st.set_page_config(page_title="Reglab", layout="wide")
pages = {
    "Experiment": [
        st.Page("views/lab.py", title="Lab", default=True),
        st.Page("views/runs.py", title="Runs"),
        st.Page("views/search.py", title="Hyperparameter search", url_path="search"),
    ],
    "Guided experiments": [
        st.Page("views/guide_init_bn.py", title="Init & BatchNorm", url_path="init-bn"),
        st.Page("views/guide_dropout.py", title="Dropout & MC dropout", url_path="dropout"),
        st.Page("views/guide_overfitting.py", title="Overfitting lab", url_path="overfitting"),
        st.Page("views/guide_toolbox.py", title="More regularizers (cs231n)", url_path="toolbox"),
    ],
}
page = st.navigation(pages)
if st.session_state.get("_page") != page.url_path:  # opened or switched to, not a rerun
    st.session_state["_page"] = page.url_path
    page_opened()  # the worker yields the CPU for a moment while the page draws
page.run()
