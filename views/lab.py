"""The Lab: set regularizers with sliders, train variants side by side, watch them live."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from engine import data, plots
from engine.config import ACTIVATIONS, DATASETS, DEVICES, INITS, OPTIMIZERS, ConfigError
from engine.lab import (
    BATCHES,
    INIT_STD_STEPS,
    LR_STEPS,
    N_TRAIN_STEPS,
    VARIANT_KEYS,
    WEIGHT_DECAY_STEPS,
    WIDTHS,
    LabSettings,
    ablation_rows,
    from_query,
    settings_of,
    to_query,
)
from engine.train import gpu_name, preflight
from views.common import guarded, job_view, runner, session_owner, store, store_notice


def _init_state() -> None:
    """First run of a session: settings from the URL (a shared link), else defaults."""
    if "lab_ready" in st.session_state:
        return
    query = st.query_params.to_dict()
    settings, problems = from_query(query)
    job = query.get("job")
    if job and job.isdigit() and set(query) == {"job"}:  # a bare job link: show that job's setup
        info = store().job(int(job))
        settings = (settings_of(info["job"]) if info else None) or settings
    for f in dataclasses.fields(LabSettings):
        if f.name != "variants":
            st.session_state[f"lab_{f.name}"] = getattr(settings, f.name)
    st.session_state.lab_rows = list(settings.variants)
    st.session_state.lab_editor = 0
    job = st.query_params.get("job")
    if job and job.isdigit() and store().job(int(job)):
        st.session_state.job_id = int(job)
    elif job is not None:  # a link to a deleted or mistyped job: say so, do not just drop it
        problems = [*problems, f"job: {job!r} is not a job in the store; ignored"]
    st.session_state.lab_problems = problems
    st.session_state.lab_ready = True


def _sci(x: float) -> str:
    return "off" if x == 0 else f"{x:.0e}" if x < 0.01 or x >= 100 else f"{x:g}"


def data_ui() -> dict:
    st.subheader("Data")
    dataset = st.selectbox("Dataset", DATASETS, key="lab_dataset")
    limit = data.available(dataset) - 1 if dataset in ("mnist", "digits") else 60000
    steps = [n for n in N_TRAIN_STEPS if n <= limit]
    if st.session_state.lab_n_train not in steps:
        asked = st.session_state.lab_n_train
        st.session_state.lab_n_train = max(n for n in steps if n <= 300) if steps else steps[-1]
        st.warning(  # say so: a link's (or the last dataset's) size must not change silently
            f"n_train: {dataset} has {limit + 1} examples in all, too few for {asked} training"
            f" examples and a test set; set to {st.session_state.lab_n_train}."
        )
    n_train = st.select_slider(
        "Training examples",
        steps,
        key="lab_n_train",
        help="Log scale. 300 is where the book's overfitting shows.",
    )
    st.button(
        "The book's 300",
        on_click=lambda: st.session_state.update(lab_n_train=300),
        disabled=n_train == 300,
    )
    noise = st.session_state.lab_noise
    if dataset in data.TWO_D:
        noise = st.slider("Noise", 0.0, 1.0, step=0.05, key="lab_noise")
    return {"dataset": dataset, "n_train": n_train, "noise": noise}


def model_ui() -> dict:
    st.subheader("Model")
    depth = st.slider("Hidden layers", 1, 10, key="lab_depth")
    width = st.select_slider("Units per layer", WIDTHS, key="lab_width")
    activation = st.selectbox("Activation", ACTIVATIONS, key="lab_activation")
    init = st.selectbox(
        "Weight init",
        INITS,
        key="lab_init",
        help="he: N(0, 2/fan_in); xavier: N(0, 1/fan_in); normal: N(0, std²)",
    )
    if st.session_state.lab_init_std not in INIT_STD_STEPS:
        st.session_state.lab_init_std = min(
            INIT_STD_STEPS, key=lambda s: abs(s - st.session_state.lab_init_std)
        )
    init_std = st.select_slider(
        "Init std (normal)",
        INIT_STD_STEPS,
        format_func=_sci,
        key="lab_init_std",
        disabled=init != "normal",
    )
    return {
        "depth": depth,
        "width": width,
        "activation": activation,
        "init": init,
        "init_std": init_std,
    }


def training_ui() -> dict:
    st.subheader("Training")
    optimizer = st.selectbox("Optimizer", OPTIMIZERS, key="lab_optimizer")
    if st.session_state.lab_lr not in LR_STEPS:
        st.session_state.lab_lr = min(LR_STEPS, key=lambda s: abs(s - st.session_state.lab_lr))
    lr = st.select_slider("Learning rate", LR_STEPS, format_func=_sci, key="lab_lr")
    batch_size = st.select_slider("Batch size", BATCHES, key="lab_batch_size")
    epochs = st.slider("Epochs", 1, 500, key="lab_epochs")
    seeds = st.slider("Seeds (mean ± band)", 1, 5, key="lab_seeds")
    device = device_ui()
    return {
        "device": device,
        "optimizer": optimizer,
        "lr": lr,
        "batch_size": batch_size,
        "epochs": epochs,
        "seeds": seeds,
    }


def device_ui() -> str:
    """A device choice where a GPU is visible (or a shared link asked for one); else the CPU."""
    gpu = gpu_name()
    if gpu is None and st.session_state.lab_device == "cpu":
        return "cpu"
    help_text = f"cuda: {gpu or 'no GPU visible to torch here'}"
    return st.selectbox("Device", DEVICES, key="lab_device", help=help_text)


def regularizers_ui() -> dict:
    st.subheader("Regularizers")
    dropout = st.slider("Dropout p (for +dropout variants)", 0.0, 0.9, step=0.05, key="lab_dropout")
    style = st.radio(
        "Dropout style",
        ("inverted", "classic"),
        key="lab_dropout_style",
        horizontal=True,
        help="inverted: ×1/(1−p) in training (PyTorch); classic: ×(1−p) at test (the book)",
    )
    bn_position = st.radio(
        "BatchNorm position",
        ("before", "after"),
        key="lab_bn_position",
        horizontal=True,
        help="before or after the activation",
    )
    if st.session_state.lab_weight_decay not in WEIGHT_DECAY_STEPS:
        st.session_state.lab_weight_decay = 0.0
    wd = st.select_slider(
        "Weight decay λ",
        WEIGHT_DECAY_STEPS,
        format_func=_sci,
        key="lab_weight_decay",
        help="adds 0.5·λ·ΣW² over every weight matrix",
    )
    patience = st.slider(
        "Early stopping patience (0 = off)", 0, 20, key="lab_early_stopping_patience"
    )
    val = st.slider(
        "Validation fraction",
        0.0,
        0.5,
        step=0.05,
        key="lab_val_fraction",
        help="Early stopping watches validation loss, never the test set.",
    )
    return {"dropout": dropout, "dropout_style": style, "bn_position": bn_position, "weight_decay": wd,
            "early_stopping_patience": patience, "val_fraction": val}  # fmt: skip


def variants_ui(dropout: float, weight_decay: float, patience: int) -> list[dict]:
    """The variants table: a one-click ablation, or rows added, renamed, edited, removed by hand."""
    cols = st.columns([3, 2])
    cols[0].markdown("**Variants** — each row trains side by side on the same batches.")

    def ablate() -> None:
        st.session_state.lab_rows = list(ablation_rows(dropout, weight_decay))
        st.session_state.lab_editor += 1

    cols[1].button("Ablation: baseline / +dropout / +BN / +both", on_click=ablate, width="stretch")
    inherited = {
        "dropout": 0.0,
        "batchnorm": False,
        "weight_decay": weight_decay,
        "early_stopping_patience": patience,
    }
    rows = [  # a key a row leaves out inherits the base value: show that value
        {**inherited, **{k: v for k, v in row.items() if v is not None}}
        for row in st.session_state.lab_rows
    ]
    frame = pd.DataFrame(rows, columns=["name", *VARIANT_KEYS])
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        key=f"lab_rows_{st.session_state.lab_editor}",
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn("name", required=True),
            "dropout": st.column_config.NumberColumn(
                "dropout p", min_value=0.0, max_value=0.9, step=0.05
            ),
            "batchnorm": st.column_config.CheckboxColumn("BatchNorm"),
            "weight_decay": st.column_config.NumberColumn(
                "weight decay λ", min_value=0.0, format="%g"
            ),
            "early_stopping_patience": st.column_config.NumberColumn(
                "early stop patience", min_value=0, step=1
            ),
        },
        hide_index=True,
    )
    rows = []
    for rec in edited.to_dict("records"):
        row = {k: (None if pd.isna(v) else v) for k, v in rec.items()}
        if row.get("batchnorm") is not None:
            row["batchnorm"] = bool(row["batchnorm"])
        if row.get("early_stopping_patience") is not None:
            row["early_stopping_patience"] = int(row["early_stopping_patience"])
        row["name"] = str(row.get("name") or "").strip()
        rows.append(row)
    return rows


def main() -> None:
    _init_state()
    store_notice()
    st.title("Reglab — see what regularization does")
    for p in st.session_state.lab_problems:
        st.warning(f"Shared link: {p}")
    with st.sidebar:
        values = {**data_ui(), **model_ui(), **training_ui(), **regularizers_ui()}
    rows = variants_ui(values["dropout"], values["weight_decay"], values["early_stopping_patience"])
    settings = LabSettings(**values, variants=tuple(rows))
    job_id = st.session_state.get("job_id")
    st.query_params.from_dict({**to_query(settings), **({"job": str(job_id)} if job_id else {})})

    error = None
    try:
        job = settings.to_job()
    except ConfigError as e:
        job, error = None, str(e)
    info = store().job(job_id) if job_id else None
    running = info is not None and info["status"] in ("queued", "running")
    cols = st.columns([1, 1, 4])
    train = cols[0].button("▶ Train", type="primary", disabled=job is None, width="stretch")
    stop = cols[1].button("■ Stop", disabled=not running, width="stretch")
    if error:
        st.error(f"Cannot train this setup — {error}")
    if not runner().worker_ready():
        cols[2].caption(
            "Engine warming up (loading PyTorch and data)… a job submitted now starts when it is ready."
        )
    if train and job is not None:
        try:
            preflight(job)
        except ConfigError as e:
            st.error(f"Cannot train this setup — {e}")
        else:
            st.session_state.job_id = runner().submit(job, owner=session_owner())
            st.rerun()
    if stop and job_id:
        runner().cancel(job_id)
        st.toast(f"Stopping job {job_id} …")
    if job_id:
        job_view(job_id, key="lab")
    else:
        cols = st.columns(2)
        cols[0].plotly_chart(
            plots.empty_figure("Loss", "press Train to start"), key="lab-empty-loss"
        )
        cols[1].plotly_chart(
            plots.empty_figure("Accuracy", "curves appear here live"), key="lab-empty-acc"
        )
        st.info("Set the sliders in the sidebar, pick variants, and press **Train**. "
                "Every variant sees the same mini-batches in the same order, so differences are the regularizer's doing.")  # fmt: skip


guarded(main)()
