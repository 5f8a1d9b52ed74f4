"""Reglab's engine: configs, data, models, training, store, runner, plots and CLI; no Streamlit."""

__version__ = "0.1.0"
