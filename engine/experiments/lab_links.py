"""Lab settings back from a link's query or from a stored job: every value checked against
the widget that must show it, and each one refused said in a line, never a traceback."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from engine.core.config import ConfigError, Job
from engine.experiments.lab import SCALARS, LabSettings, to_query
from engine.experiments.lab_widgets import CHOICES, RANGES, STEPS, VARIANT_KEYS
from engine.experiments.messages import Message
from engine.i18n import N_


def settings_of(job: Job) -> LabSettings | None:
    """The Lab settings that built `job` (a link to a job opens its own setup), or None when
    the job cannot be shown by the Lab's widgets (e.g. uneven layer widths)."""
    lab = job.extra.get("lab")
    if isinstance(lab, dict):
        restored, problems = from_query(lab)
        if not problems:
            return restored
    base = job.base
    if len(set(base.hidden)) != 1:
        return None
    rows = []
    for name, config in job.resolved().items():
        row = {"name": name, **{k: getattr(config, k) for k in VARIANT_KEYS}}
        if config.branch_of:
            row.update(branch_of=config.branch_of, branch_epoch=config.branch_epoch)
        rows.append(row)
    fields = {f.name for f in dataclasses.fields(LabSettings)} - {"depth", "width", "variants"}
    values = {k: getattr(base, k) for k in fields if hasattr(base, k)}
    values["mode"] = "custom"
    settings = LabSettings(
        **values, depth=len(base.hidden), width=base.hidden[0], variants=tuple(rows)
    )
    restored, problems = from_query(to_query(settings))
    return None if problems else restored


def from_query(query: dict[str, str]) -> tuple[LabSettings, list[Message]]:
    """Settings from URL query parameters; bad values fall back to defaults and are reported
    (each problem is English as a `str`, and `problem.text(lang)` in the page's language)."""
    default = LabSettings()
    changes: dict[str, Any] = {}
    problems: list[Message] = []
    for key, text in query.items():
        if key in ("job", "page"):
            continue
        if key == "variants":
            try:
                rows = json.loads(text)
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    raise ValueError
                changes["variants"] = tuple(rows)
            except ValueError:
                problems.append(
                    Message(N_("variants: not a list of variant rows; kept the default ablation"))
                )
            else:
                changes.setdefault("mode", "custom")  # older links carried rows without a mode
            continue
        if key not in SCALARS:
            problems.append(Message(N_("{key}: unknown setting in the link; ignored"), key=key))
            continue
        kind = type(getattr(default, key))
        try:
            if kind is bool:
                if text.lower() not in ("true", "false", "1", "0"):
                    raise ValueError(Message(N_("allowed true, false")))
                value: Any = text.lower() in ("true", "1")
            else:
                value = kind(float(text)) if kind is int else kind(text)
            problem = _outside_widget(key, value)
            if problem:
                raise ValueError(problem)
            changes[key] = value
        except (ValueError, OverflowError) as e:  # int(float("inf")) raises OverflowError
            why = e.args[0] if e.args and isinstance(e.args[0], Message) else None
            kept = getattr(default, key)
            problems.append(
                Message(
                    N_("{key}: {text!r} is not valid; kept {kept!r}"), key=key, text=text, kept=kept
                )
                if why is None
                else Message(
                    N_("{key}: {text!r} is not valid ({why}); kept {kept!r}"),
                    key=key,
                    text=text,
                    why=why,
                    kept=kept,
                )
            )
    settings = dataclasses.replace(default, **changes)
    try:
        settings.to_job()
    except ConfigError as e:
        problems.append(
            Message(N_("{error}; the link's setup was replaced by the defaults"), error=e)
        )
        settings = default
    return settings, problems


def _outside_widget(key: str, value: Any) -> Message | None:
    """Why `value` cannot be shown by `key`'s widget, or None when it can."""
    if key in RANGES:
        lo, hi = RANGES[key]
        if not lo <= value <= hi:
            return Message(N_("allowed {lo} to {hi}"), lo=lo, hi=hi)
    if key in STEPS and value not in STEPS[key]:
        return Message(N_("allowed {values}"), values=", ".join(f"{v:g}" for v in STEPS[key]))
    if key in CHOICES and value not in CHOICES[key]:
        return Message(N_("allowed {values}"), values=", ".join(CHOICES[key]))
    return None
