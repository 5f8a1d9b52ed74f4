"""The Lab: your regularizer setting in the sidebar, compared live against a baseline.

Every control acts on what the next Train trains: the variants table below is derived
from the sidebar by the comparison mode (or edited by hand in custom mode), and shows
exactly the rows that will train.
"""

from __future__ import annotations

import dataclasses
import re
import time

import numpy as np
import pandas as pd
import streamlit as st

from engine.core import data
from engine.core.config import ACTIVATIONS, ARCHS, DATASETS, DEVICES, INITS, OPTIMIZERS, ConfigError
from engine.experiments.lab import SCALARS, LabSettings, sweep_values, to_query, with_branch
from engine.experiments.lab_links import from_query, settings_of
from engine.experiments.lab_widgets import (
    BATCHES,
    BRANCH_KNOBS,
    INIT_STD_STEPS,
    LR_STEPS,
    MODES,
    N_TRAIN_STEPS,
    ROW_KEYS,
    SWEEP_KNOBS,
    TOOLBOX,
    WEIGHT_DECAY_STEPS,
    WIDTHS,
)
from engine.experiments.messages import Message, message_text
from engine.i18n import N_, error_text, tr
from engine.runs.store import parse_job_id
from engine.training.units import gpu_name, preflight
from reglab_ui.views.common import (
    ACTIVE,
    guarded,
    job_view,
    lang,
    runner,
    session_owner,
    store,
    store_notice,
)
from reglab_ui.views.lab_toolbox import (
    ARCH_LABELS,
    TOOLBOX_DTYPES,
    TOOLBOX_HEADERS,
    TOOLBOX_INTS,
    idle_columns,
    toolbox_columns,
    toolbox_ui,
)
from reglab_ui.views.plotly_preload import preload_plotly

# English texts kept in data are shown with tr(text, lang()); names (DropConnect) stay as they are
MODE_LABELS = {
    "yours": N_("Baseline vs yours"),
    "ablation": N_("Ablation"),
    "sweep": N_("Sweep one knob"),
    "custom": N_("Custom rows"),
}
KNOB_LABELS = {"dropout": N_("dropout p"), "init_std": N_("init std"),
               "weight_decay": N_("weight decay λ"), "dropconnect": N_("DropConnect p"),
               "label_smoothing": N_("label smoothing ε")}  # fmt: skip
BRANCH_LABELS = {
    "dropout": N_("dropout p"),
    "weight_decay": N_("weight decay λ"),
    "early_stopping_patience": N_("early stopping patience"),
}  # lab_widgets.BRANCH_KNOBS
DROPOUT_STYLES = {"inverted": N_("inverted"), "classic": N_("classic")}
BN_POSITIONS = {"before": N_("before"), "after": N_("after")}
EMPTY_CHART_HEIGHT = 300  # px, as the charts that replace the frames
LIVE_SETTLE = 0.5  # s without a change before live retraining submits: a burst is one job
# (0.35 s split a 5-value drag into two jobs when a busy page took ~0.4 s per key press)
LIVE_STEP = 0.03  # s between checks for a newer change while settling


def _apply(settings: LabSettings) -> None:
    """Put `settings` into the widgets (before they are drawn: at start or in a callback)."""
    for name in SCALARS:
        st.session_state[f"lab_{name}"] = getattr(settings, name)
    st.session_state.lab_rows = [dict(r) for r in settings.variants]
    st.session_state.lab_editor = st.session_state.get("lab_editor", 0) + 1


def _init_state() -> None:
    """First run of a session: settings from the URL (a shared link), else defaults."""
    if "lab_ready" in st.session_state:
        return
    query = st.query_params.to_dict()
    query.pop("lang", None)  # the language switch's own, not a Lab setting
    settings, problems = from_query(query)
    text = query.get("job")
    job_id = None
    if text is not None:
        try:
            job_id = parse_job_id(text)
        except ValueError as e:
            problems = [*problems, Message(N_("{error}; ignored"), error=e)]
        else:
            info = store().job(job_id)
            if info is None:  # a link to a deleted or mistyped job: say so, do not just drop it
                problems = [
                    *problems,
                    Message(N_("job: {text} is not a job in the store; ignored"), text=repr(text)),
                ]
                job_id = None
            elif set(query) == {"job"}:  # a bare job link: show that job's own setup
                settings = settings_of(info["job"]) or settings
            if job_id is not None:  # live retraining trains a link's job again only if it differs
                st.session_state.live_signature = info["job"].to_json()
    _apply(settings)
    if job_id is not None:
        st.session_state.job_id = job_id
    st.session_state.lab_problems = problems  # Messages: English, and .text(lang)
    st.session_state.lab_ready = True


def _sci(x: float) -> str:
    return tr("off", lang()) if x == 0 else f"{x:.0e}" if x < 0.01 or x >= 100 else f"{x:g}"


def data_ui() -> dict:
    lg = lang()
    st.subheader(tr("Data", lg))
    dataset = st.selectbox(tr("Dataset", lg), DATASETS, key="lab_dataset")
    limit = data.available(dataset) - 1 if dataset in ("mnist", "digits") else 60000
    steps = [n for n in N_TRAIN_STEPS if n <= limit]
    if st.session_state.lab_n_train not in steps:
        asked = st.session_state.lab_n_train
        st.session_state.lab_n_train = max(n for n in steps if n <= 300) if steps else steps[-1]
        st.warning(  # say so: a link's (or the last dataset's) size must not change silently
            tr("n_train: {dataset} has {total} examples in all, too few for {asked} training"
               " examples and a test set; set to {n}.", lg, dataset=dataset, total=limit + 1,
               asked=asked, n=st.session_state.lab_n_train)
        )  # fmt: skip
    n_train = st.select_slider(
        tr("Training examples", lg),
        steps,
        key="lab_n_train",
        help=tr("Log scale. 300 is where the book's overfitting shows.", lg),
    )
    st.button(
        tr("The book's 300", lg),
        on_click=lambda: st.session_state.update(lab_n_train=300),
        disabled=n_train == 300,
    )
    noise = st.session_state.lab_noise
    if dataset in data.TWO_D:
        noise = st.slider(tr("Noise", lg), 0.0, 1.0, step=0.05, key="lab_noise")
    return {"dataset": dataset, "n_train": n_train, "noise": noise}


def model_ui() -> dict:
    lg = lang()
    st.subheader(tr("Model", lg))
    depth = st.slider(tr("Hidden layers", lg), 1, 10, key="lab_depth")
    width = st.select_slider(tr("Units per layer", lg), WIDTHS, key="lab_width")
    activation = st.selectbox(tr("Activation", lg), ACTIVATIONS, key="lab_activation")
    arch = st.selectbox(
        tr("Architecture", lg), ARCHS, format_func=lambda a: tr(ARCH_LABELS[a], lg), key="lab_arch",
        help=tr("MLP: the book's network. small ConvNet: two conv blocks (16, 32 channels), then the "
                "hidden layers above; images only. residual MLP: blocks h + f(h), for stochastic depth.",
                lg),
    )  # fmt: skip
    return {"depth": depth, "width": width, "activation": activation, "arch": arch}


def training_ui() -> dict:
    lg = lang()
    st.subheader(tr("Training", lg))
    optimizer = st.selectbox(tr("Optimizer", lg), OPTIMIZERS, key="lab_optimizer")
    if st.session_state.lab_lr not in LR_STEPS:
        st.session_state.lab_lr = min(LR_STEPS, key=lambda s: abs(s - st.session_state.lab_lr))
    lr = st.select_slider(tr("Learning rate", lg), LR_STEPS, format_func=_sci, key="lab_lr")
    batch_size = st.select_slider(tr("Batch size", lg), BATCHES, key="lab_batch_size")
    epochs = st.slider(tr("Epochs", lg), 1, 500, key="lab_epochs")
    seeds = st.slider(tr("Seeds (mean ± band)", lg), 1, 5, key="lab_seeds")
    val = st.slider(
        tr("Validation fraction", lg),
        0.0,
        0.5,
        step=0.05,
        key="lab_val_fraction",
        help=tr(
            "Held out of the training images. Early stopping watches validation loss, never the"
            " test set.",
            lg,
        ),
    )
    device = device_ui()
    return {"device": device, "optimizer": optimizer, "lr": lr, "batch_size": batch_size,
            "epochs": epochs, "seeds": seeds, "val_fraction": val}  # fmt: skip


def device_ui() -> str:
    """A device choice where a GPU is visible (or a shared link asked for one); else the CPU."""
    gpu = gpu_name()
    if gpu is None and st.session_state.lab_device == "cpu":
        return "cpu"
    lg = lang()
    help_text = f"cuda: {gpu or tr('no GPU visible to torch here', lg)}"
    return st.selectbox(tr("Device", lg), DEVICES, key="lab_device", help=help_text)


def regularizers_ui(custom: bool) -> dict:
    """Your setting. In custom mode each row sets these itself, so they are shown disabled."""
    lg = lang()
    st.subheader(tr("Your regularizers", lg))
    if custom:
        st.caption(
            tr(
                "Custom rows: each row of the table sets its own dropout, BatchNorm, λ, init and "
                "early stopping, so these controls are off. Pick another comparison to use them.",
                lg,
            )
        )
    dropout = st.slider(
        tr("Dropout p", lg), 0.0, 0.9, step=0.05, key="lab_dropout", disabled=custom
    )
    style = st.radio(
        tr("Dropout style", lg),
        ("inverted", "classic"),
        format_func=lambda v: tr(DROPOUT_STYLES[v], lg),
        key="lab_dropout_style",
        horizontal=True,
        help=tr(
            "inverted: ×1/(1−p) in training (PyTorch); classic: ×(1−p) at test (the book). "
            "Applies to every row.",
            lg,
        ),
    )
    batchnorm = st.toggle(tr("BatchNorm", lg), key="lab_batchnorm", disabled=custom)
    bn_position = st.radio(
        tr("BatchNorm position", lg),
        ("before", "after"),
        format_func=lambda v: tr(BN_POSITIONS[v], lg),
        key="lab_bn_position",
        horizontal=True,
        help=tr("before or after the activation; applies to every row with BatchNorm", lg),
    )
    if st.session_state.lab_weight_decay not in WEIGHT_DECAY_STEPS:
        st.session_state.lab_weight_decay = 0.0
    wd = st.select_slider(
        tr("Weight decay λ", lg),
        WEIGHT_DECAY_STEPS,
        format_func=_sci,
        key="lab_weight_decay",
        help=tr("adds 0.5·λ·ΣW² over every weight matrix", lg),
        disabled=custom,
    )
    init = st.selectbox(
        tr("Weight init", lg),
        INITS,
        key="lab_init",
        help=tr(
            "he: N(0, 2/fan_in); xavier: N(0, 1/fan_in); normal: N(0, std²). Every row, the "
            "baseline too, starts from it.",
            lg,
        ),
        disabled=custom,
    )
    if st.session_state.lab_init_std not in INIT_STD_STEPS:
        st.session_state.lab_init_std = min(
            INIT_STD_STEPS, key=lambda s: abs(s - st.session_state.lab_init_std)
        )
    init_std = st.select_slider(
        tr("Init std (normal)", lg),
        INIT_STD_STEPS,
        format_func=_sci,
        key="lab_init_std",
        disabled=custom or init != "normal",
    )
    patience = st.slider(
        tr("Early stopping patience (0 = off)", lg),
        0,
        20,
        key="lab_early_stopping_patience",
        disabled=custom,
        help=tr(
            "Stops a variant after this many epochs without a lower validation loss; needs a "
            "validation fraction above 0.",
            lg,
        ),
    )
    return {"dropout": dropout, "dropout_style": style, "batchnorm": batchnorm,
            "bn_position": bn_position, "weight_decay": wd, "init": init, "init_std": init_std,
            "early_stopping_patience": patience}  # fmt: skip


def mode_ui() -> dict:
    """How the comparison is built from your setting."""
    cols = st.columns([3, 2, 1])

    def entered() -> None:  # custom starts from the rows on screen, not from an empty table
        if st.session_state.lab_mode == "custom" and not st.session_state.lab_rows:
            st.session_state.lab_rows = list(st.session_state.get("lab_shown_rows", ()))
            st.session_state.lab_editor += 1

    lg = lang()
    mode = cols[0].radio(
        tr("Compare", lg),
        MODES,
        format_func=lambda m: tr(MODE_LABELS[m], lg),
        key="lab_mode",
        horizontal=True,
        on_change=entered,
    )
    knob, points = st.session_state.lab_sweep_knob, st.session_state.lab_sweep_points
    if mode == "sweep":
        knob = cols[1].selectbox(
            tr("Knob to sweep", lg),
            SWEEP_KNOBS,
            format_func=lambda k: tr(KNOB_LABELS[k], lg),
            key="lab_sweep_knob",
        )
        points = cols[2].number_input(tr("Points", lg), 2, 16, key="lab_sweep_points")
    return {"mode": mode, "sweep_knob": knob, "sweep_points": int(points)}


ROW_DTYPES = {"name": "string", "dropout": "Float64", "batchnorm": "boolean",
              "weight_decay": "Float64", "init": "string", "init_std": "Float64",
              "early_stopping_patience": "Int64", **TOOLBOX_DTYPES, "branch_of": "string",
              "branch_epoch": "Int64"}  # fmt: skip


def _row_frame(rows, lang: str) -> tuple[pd.DataFrame, dict]:
    """Rows as a typed frame (an all-blank column must still be editable as its kind) and the
    column settings, headed in `lang`; a link's value of the wrong kind shows as text, and Train
    names it. The frame's columns are the config keys in either language."""
    frame = pd.DataFrame([dict(r) for r in rows], columns=["name", *ROW_KEYS])
    columns = columns_config(lang)
    for column, dtype in ROW_DTYPES.items():
        try:
            frame[column] = frame[column].astype(dtype)
        except (TypeError, ValueError):
            frame[column] = frame[column].astype("string")
            columns[column] = st.column_config.TextColumn(tr(HEADERS[column], lang))
    return frame, columns


HEADERS = {"name": N_("name"), "dropout": N_("dropout p"), "batchnorm": N_("BatchNorm"),
           "weight_decay": N_("weight decay λ"), "init": N_("init"), "init_std": N_("init std"),
           "early_stopping_patience": N_("early stop"), **TOOLBOX_HEADERS,
           "branch_of": N_("branch of"), "branch_epoch": N_("from epoch")}  # fmt: skip


PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # ASCII punctuation: escaped, shown as typed


def _cell(value) -> str:
    """A table cell: blank for a missing value, a tick for True, numbers as %g."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "✓" if value else ""
    text = f"{value:g}" if isinstance(value, float | np.floating) else str(value)
    return PUNCTUATION.sub(r"\\\1", text)


NUMERIC = {c for c, dtype in ROW_DTYPES.items() if dtype in ("Float64", "Int64")}


def rows_table(rows: list[dict], columns: list[str], lang: str) -> str:
    """The derived rows' `columns` as a Markdown table, numbers right-aligned. It draws with the
    page's first paint: the data grid it replaces needed 1.2 MB of script first, and held the
    Lab's Train button back 0.3 s on a first visit (2.83 -> 2.51 s, four alternated pairs). It
    reads the rows as they are: a typed frame first cost the first visit's script run 26 ms."""
    lines = [
        "| " + " | ".join(_cell(tr(HEADERS[c], lang)) for c in columns) + " |",
        "|" + "|".join("---:" if c in NUMERIC else "---" for c in columns) + "|",
    ]
    lines += ["| " + " | ".join(_cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def columns_config(lang: str) -> dict:
    """The variants table's column settings, headed in `lang` (its keys stay English)."""
    h = {k: tr(v, lang) for k, v in HEADERS.items()}
    return {
        "name": st.column_config.TextColumn(h["name"], required=True),
        "dropout": st.column_config.NumberColumn(h["dropout"], min_value=0.0, max_value=0.9, step=0.05),
        "batchnorm": st.column_config.CheckboxColumn(h["batchnorm"]),
        "weight_decay": st.column_config.NumberColumn(h["weight_decay"], min_value=0.0, format="%g"),
        "init": st.column_config.SelectboxColumn(h["init"], options=list(INITS)),
        "init_std": st.column_config.NumberColumn(h["init_std"], min_value=0.0, format="%g"),
        "early_stopping_patience": st.column_config.NumberColumn(
            h["early_stopping_patience"], min_value=0, step=1
        ),
        **toolbox_columns(lang),
        "branch_of": st.column_config.TextColumn(h["branch_of"]),
        "branch_epoch": st.column_config.NumberColumn(h["branch_epoch"], min_value=0, step=1),
    }  # fmt: skip


def variants_ui(preview: LabSettings) -> list[dict]:
    """The variants that train: derived rows (read-only) or, in custom mode, the rows to edit."""
    lg = lang()
    if preview.mode != "custom":
        rows = preview.rows()
        st.session_state.lab_shown_rows = [dict(r) for r in rows]
        st.markdown(
            tr("**{n} variants** — each row trains side by side on the same mini-batches "
               "from the same initial weights. Move a control in the sidebar and the rows follow.",
               lg, n=len(rows))
        )  # fmt: skip
        hidden = {"branch_of", "branch_epoch", *idle_columns(rows)}
        st.markdown(rows_table(rows, [c for c in ("name", *ROW_KEYS) if c not in hidden], lg))

        def to_custom() -> None:
            st.session_state.lab_rows = [dict(r) for r in rows]
            st.session_state.lab_mode = "custom"
            st.session_state.lab_editor += 1

        st.button(tr("Edit these rows by hand", lg), on_click=to_custom)
        if preview.mode == "sweep":
            values = sweep_values(preview.sweep_knob, preview.sweep_points)
            st.caption(
                tr("{knob}: {values}; your other regularizers stay on in every row.", lg,
                   knob=tr(KNOB_LABELS[preview.sweep_knob], lg),
                   values=", ".join(f"{v:g}" for v in values))
            )  # fmt: skip
        return list(preview.variants)
    st.markdown(
        tr("**Custom rows** — add, rename, edit or remove rows; a blank cell takes the baseline's "
           "value. *branch of* / *from epoch* continue another row's network from that epoch.", lg)
    )  # fmt: skip
    drawn = st.session_state.get("lab_editor_drawn")  # (editor, language) drawn last
    if drawn is not None and drawn[0] == st.session_state.lab_editor and drawn[1] != lg:
        # the headers are part of the editor's identity: carry the edits into a fresh editor
        st.session_state.lab_rows = st.session_state.get("lab_edited_rows", [])
        st.session_state.lab_editor += 1
    st.session_state.lab_editor_drawn = (st.session_state.lab_editor, lg)
    frame, columns = _row_frame(st.session_state.lab_rows, lg)
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        key=f"lab_rows_{st.session_state.lab_editor}",
        width="stretch",
        column_config=columns,
        hide_index=True,
    )
    rows = []
    for rec in edited.to_dict("records"):
        row = {k: (None if pd.isna(v) else v) for k, v in rec.items()}
        if row.get("batchnorm") is not None:
            row["batchnorm"] = bool(row["batchnorm"])
        for key in ("early_stopping_patience", "branch_epoch", *TOOLBOX_INTS):
            if row.get(key) is not None:
                row[key] = int(row[key])
        if not row.get("branch_of"):
            row.pop("branch_of", None)
            row.pop("branch_epoch", None)
        row["name"] = str(row.get("name") or "").strip()
        rows.append({k: v for k, v in row.items() if v is not None})
    st.session_state.lab_edited_rows = [dict(r) for r in rows]
    return rows


def _my_jobs() -> list[dict]:
    """This session's jobs among the newest 50, newest first."""
    owner = session_owner()
    return [row for row in store().jobs(limit=50) if row["owner"] == owner]


def _stop_mine() -> None:
    """Stop every queued or running job this session started: the one shown, and one a newer
    change interrupted between its submission and recording its id. Others' jobs run on."""
    for row in _my_jobs():
        if row["status"] in ACTIVE:
            runner().cancel(row["id"])


def _submit(job) -> None:
    """Queue `job` as this session's job, stopping the job it replaces.

    Writing session state is a Streamlit yield point: a newer change can end this run between
    the submission and recording its id. So what it trains and a mark are written first; the
    next run then adopts the job (`_adopt_submitted`) instead of training it again."""
    _stop_mine()
    st.session_state.live_signature = job.to_json()
    st.session_state.lab_submitting = True
    st.session_state.job_id = runner().submit(job, owner=session_owner())
    st.session_state.lab_submitting = False


def _adopt_submitted() -> None:
    """Show the job a run submitted but was interrupted before recording (see `_submit`)."""
    if not st.session_state.get("lab_submitting"):
        return
    mine = _my_jobs()
    if mine:
        st.session_state.job_id = mine[0]["id"]
    st.session_state.lab_submitting = False


def _settled(seconds: float) -> None:
    """Wait `seconds` inside this script run; a newer change interrupts the wait.

    Reading session state is one of Streamlit's yield points: a rerun requested by another
    widget change while we wait raises there, and that run starts its own wait."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(LIVE_STEP)
        st.session_state.get("lab_live")


def live_ui(job, error: str | None, notice) -> int | None:
    """Retrain when a control changes: LIVE_SETTLE s after the last change, one job.

    The running job stops at the first change (its CPU goes to the page). The wait happens
    in the script run itself, so the new job is submitted and drawn in the same run, into
    the charts already on screen."""
    if not st.session_state.lab_live or job is None or error:
        return None
    signature = job.to_json()
    if signature == st.session_state.get("live_signature"):
        return None
    _stop_mine()
    st.session_state.live_signature = None  # changed back within the wait: it trains again
    notice.info(tr("Retraining with your change…", lang()))
    _settled(LIVE_SETTLE)
    try:
        preflight(job)
    except ConfigError as e:
        st.session_state.live_signature = signature
        notice.error(tr("Cannot train this setup — {error}", lang(), error=error_text(e, lang())))
        return None
    _submit(job)
    notice.empty()
    st.query_params["job"] = str(st.session_state.job_id)
    return st.session_state.job_id


def branch_ui(job_id: int) -> None:
    """Continue one variant of the shown job from epoch N with one knob changed."""
    info = store().job(job_id)
    if info is None or info["job"].kind != "train":
        return
    settings = settings_of(info["job"])
    if settings is None:
        return
    configs = info["job"].resolved()
    parents = [n for n, c in configs.items() if c.branch_of is None]
    epochs = info["job"].base.epochs
    if not parents or epochs < 2:
        return
    lg = lang()
    with st.expander(tr("Branch: change a regularizer mid-run", lg), expanded=False):
        st.caption(
            tr("A branch continues a variant's network and optimizer state from epoch N with one "
               "knob changed, on the same later mini-batches. Its curves start at epoch N on these "
               "charts; the comparison is retrained with it (the other rows give the same numbers, "
               "to float32 round-off).", lg)
        )  # fmt: skip
        cols = st.columns([2, 1, 2, 1])
        cols[0].selectbox(tr("Variant", lg), parents, key="lab_branch_parent")
        done = max(1, min(epochs - 1, (info["done"] or 0) // max(1, len(configs))))
        cols[1].number_input(
            tr("From epoch", lg), 1, epochs - 1, value=min(epochs - 1, max(1, done)),
            key="lab_branch_epoch",
        )  # fmt: skip
        knob = cols[2].selectbox(
            tr("Change", lg), list(BRANCH_KNOBS), format_func=lambda k: tr(BRANCH_LABELS[k], lg),
            key="lab_branch_knob",
        )  # fmt: skip
        cols[3].number_input(
            tr("to", lg), 0.0, 100.0, value=0.5 if knob == "dropout" else 0.01, key="lab_branch_value",
            format="%g",
        )  # fmt: skip

        def branch() -> None:
            # the values sent with the click, not those of the run that drew the button: a
            # value typed just before the click has not been through a run of its own yet
            s = st.session_state
            raw = s.lab_branch_value
            v = int(raw) if s.lab_branch_knob == "early_stopping_patience" else float(raw)
            try:
                new = with_branch(
                    settings, s.lab_branch_parent, int(s.lab_branch_epoch), s.lab_branch_knob, v
                )
                job = new.to_job()
                preflight(job)
            except ConfigError as e:
                st.session_state.branch_error = e
                return
            _apply(new)
            _submit(job)

        st.button(tr("Branch", lg), on_click=branch, type="secondary")
        if "branch_error" in st.session_state:
            error = error_text(st.session_state.pop("branch_error"), lg)
            st.error(tr("Cannot branch — {error}", lg, error=error))


def empty_charts(lg: str) -> None:
    """Frames where the two live charts will be: no chart on a first page, so it shows without
    waiting for Plotly's script, which the browser loads once the page is idle."""
    frames = [(tr("Loss", lg), tr("press Train to start", lg)),
              (tr("Accuracy", lg), tr("curves appear here live", lg))]  # fmt: skip
    for col, (title, note) in zip(st.columns(2), frames, strict=True):
        with col.container(border=True, height=EMPTY_CHART_HEIGHT):
            st.markdown(f"**{title}**")
            st.caption(note)
    preload_plotly()


def main() -> None:
    _init_state()
    store_notice()
    lg = lang()
    st.title(tr("Reglab — see what regularization does", lg))
    for p in st.session_state.lab_problems:
        st.warning(tr("Shared link: {problem}", lg, problem=message_text(p, lg)))
    custom = st.session_state.lab_mode == "custom"
    with st.sidebar:
        values = {**data_ui(), **model_ui(), **training_ui(), **regularizers_ui(custom)}
        toolbox = {k: st.session_state[f"lab_{k}"] for k in TOOLBOX}
        current = LabSettings(dataset=values["dataset"], arch=values["arch"], **toolbox)
        values.update(toolbox_ui(custom, current))
    values.update(mode_ui())
    values["live"] = st.session_state.lab_live
    preview = LabSettings(**values, variants=tuple(st.session_state.lab_rows))
    rows = variants_ui(preview)
    settings = dataclasses.replace(preview, variants=tuple(rows))
    _adopt_submitted()
    job_id = st.session_state.get("job_id")
    kept = {k: st.query_params[k] for k in ("lang",) if k in st.query_params}  # the switch's
    st.query_params.from_dict(
        {**to_query(settings), **({"job": str(job_id)} if job_id else {}), **kept}
    )

    error = None
    try:
        job = settings.to_job()
    except ConfigError as e:
        job, error = None, e
    notice = st.empty()  # always here, so the charts below keep their place (and update in place)
    submitted = live_ui(job, error, notice)
    job_id = submitted or job_id
    info = store().job(job_id) if job_id else None
    running = info is not None and info["status"] in ACTIVE
    cols = st.columns([1, 1, 2, 3])
    train = cols[0].button(tr("▶ Train", lg), type="primary", disabled=job is None, width="stretch")
    stop = cols[1].button(tr("■ Stop", lg), disabled=not running, width="stretch")
    cols[2].toggle(
        tr("Retrain when I change something", lg),
        key="lab_live",
        help=tr(
            "Each change stops the running job and trains the new comparison (one job per "
            "burst of changes).",
            lg,
        ),
    )
    if error:
        st.error(tr("Cannot train this setup — {error}", lg, error=error_text(error, lg)))
    if not runner().worker_ready():
        cols[3].caption(
            tr(
                "Engine warming up (loading PyTorch and data)… a job submitted now starts when it"
                " is ready.",
                lg,
            )
        )
    if train and job is not None and not submitted:
        try:
            preflight(job)
        except ConfigError as e:
            st.error(tr("Cannot train this setup — {error}", lg, error=error_text(e, lg)))
        else:
            _submit(job)
            st.rerun()
    if stop and job_id:
        runner().cancel(job_id)
        st.toast(tr("Stopping job {job} …", lg, job=job_id))
    if job_id:
        job_view(job_id, key="lab")
        branch_ui(job_id)
    else:
        empty_charts(lg)
        st.info(tr("Set your regularizers in the sidebar, pick how to compare, and press **Train**. "
                   "Every variant sees the same mini-batches in the same order, so differences are "
                   "the regularizer's doing.", lg))  # fmt: skip


guarded(main)()
