"""Reglab's dashboard: the navigation and nothing else (`reglab app` / `make run`)."""

import streamlit as st

st.set_page_config(page_title="Reglab", layout="wide")
pages = [
    st.Page("pages/lab.py", title="Lab", default=True),
    st.Page("pages/runs.py", title="Runs"),
]
st.navigation(pages).run()
