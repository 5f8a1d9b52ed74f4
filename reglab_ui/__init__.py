"""Reglab's dashboard: the Streamlit app (`app.py`), its server launcher and the pages.

Shipped in the distribution beside `engine`, so `reglab app` serves it from any directory.
"""
