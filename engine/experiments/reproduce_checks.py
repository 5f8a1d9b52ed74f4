"""The reproduction suite's checks: our numbers from a finished run, and whether the claim holds.

Each check writes its numbers in the run's language (`d.lang`): the words come from `tr` literals
with `{fields}`; variant names and numbers stay as they are.
"""

from __future__ import annotations

import numpy as np

from engine.figures.guided_plots import seed_table
from engine.figures.job_figures import JobData
from engine.i18n import N_, tr


def _final(d: JobData, variant: str, key: str) -> float:
    v = next(v for v in d.summary["variants"] if v["name"] == variant)
    return v["final"][key]


def _share(hist: list[int], lo: int, hi: int) -> float:
    counts = np.asarray(hist, dtype=float)
    return float(counts[lo:hi].sum() / max(1.0, counts.sum()))


def init_histograms(d: JobData) -> tuple[str, bool]:
    """Sigmoid, layer 5: share of activations in the outer tenths (<0.1 or >0.9) and in the
    middle [0.4, 0.6]; ReLU: share of zeros in layer 5."""
    last = {v: p[0]["layers"][-1] for v, p in d.probes.items()}
    ext = {v: _share(h["act_hist"], 0, 5) + _share(h["act_hist"], 45, 50)
           for v, h in last.items() if v.startswith("sigmoid")}  # fmt: skip
    mid = {v: _share(h["act_hist"], 20, 30) for v, h in last.items() if v.startswith("sigmoid")}
    relu_std = {v: h["act_std"] for v, h in last.items() if v.startswith("relu")}
    text = tr(
        "sigmoid L5 share at 0/1: std 1 {ends_1:.2f}, std 0.01 {ends_001:.2f}, Xavier"
        " {ends_xavier:.2f}; share in [0.4, 0.6]: std 0.01 {mid_001:.2f}, Xavier"
        " {mid_xavier:.2f}; ReLU L5 std: std 0.01 {relu_001:.1e}, He {relu_he:.2f}",
        d.lang,
        ends_1=ext["sigmoid std 1"],
        ends_001=ext["sigmoid std 0.01"],
        ends_xavier=ext["sigmoid Xavier"],
        mid_001=mid["sigmoid std 0.01"],
        mid_xavier=mid["sigmoid Xavier"],
        relu_001=relu_std["relu std 0.01"],
        relu_he=relu_std["relu He"],
    )
    ok = (
        ext["sigmoid std 1"] > 0.5
        and mid["sigmoid std 0.01"] > 0.95
        and mid["sigmoid Xavier"] < 0.9
        and relu_std["relu He"] > 100 * relu_std["relu std 0.01"]
    )
    return text, ok


def init_compare(d: JobData) -> tuple[str, bool]:
    loss = {v: _final(d, v, "train_loss") for v in ("std 0.01", "Xavier", "He")}
    text = ", ".join(f"{v} {x:.3f}" for v, x in loss.items())
    ok = loss["std 0.01"] > 2.2 and loss["He"] < loss["Xavier"] < 1
    return tr("final train loss: {values}", d.lang, values=text), ok


def bn_init_sweep(d: JobData) -> tuple[str, bool]:
    stds = list(dict.fromkeys(v["config"]["init_std"] for v in d.summary["variants"]))
    rows, ahead, chance = [], 0, True
    for s in stds:
        plain, bn = (_final(d, f"std {s:.2g} {k}", "train_acc") for k in ("plain", "BN"))
        plain_txt = tr("diverged", d.lang) if plain is None else f"{plain:.2f}"
        rows.append(f"{s:.2g} → {plain_txt}/{bn:.2f}")
        ahead += plain is None or bn > plain
        if s <= 0.01 and plain is not None:
            chance &= plain < 0.2
    text = tr(
        "BN ahead at {ahead}/16; final train acc plain/BN: {values}",
        d.lang,
        ahead=ahead,
        values="; ".join(rows),
    )
    return text, ahead >= 12 and chance


def _steps_to(d: JobData, variant: str, target: float) -> int | None:
    m = d.metrics
    part = m[(m["variant"] == variant) & (m["split"] == "test")].groupby("epoch")["acc"].mean()
    hit = part[part >= target]
    return int(hit.index[0]) * d.steps_per_epoch if len(hit) else None


def _drift(d: JobData, variant: str) -> float:
    """How far the 15/50/85th percentiles of the unit's input move after the first epoch."""
    probes = d.probes[variant]
    pct = np.array([probes[e]["layers"][-1]["unit_pct"] for e in sorted(probes) if e >= 1])
    return float((pct.max(0) - pct.min(0)).mean())


def bn_ioffe(d: JobData) -> tuple[str, bool]:
    steps = {v: _steps_to(d, v, 0.9) for v in ("plain", "BN")}
    drift = {v: _drift(d, v) for v in ("plain", "BN")}
    test = {v: _final(d, v, "test_acc") for v in ("plain", "BN")}
    text = tr(
        "steps to 0.90 test acc: plain {steps_plain}, BN {steps_bn}; final test acc: plain"
        " {test_plain:.3f}, BN {test_bn:.3f}; percentile drift after epoch 1: plain"
        " {drift_plain:.2f}, BN {drift_bn:.2f}",
        d.lang,
        steps_plain=tr("not reached", d.lang) if steps["plain"] is None else steps["plain"],
        steps_bn=tr("not reached", d.lang) if steps["BN"] is None else steps["BN"],
        test_plain=test["plain"],
        test_bn=test["BN"],
        drift_plain=drift["plain"],
        drift_bn=drift["BN"],
    )
    faster = steps["BN"] is not None and (steps["plain"] is None or steps["BN"] < steps["plain"])
    return text, faster and drift["BN"] < drift["plain"]


def bn_large_lr(d: JobData) -> tuple[str, bool]:
    rows, margins = [], []
    for lr in (0.01, 0.1, 0.5):
        plain, bn = (_final(d, f"lr {lr} {k}", "test_acc") for k in ("plain", "BN"))
        plain_txt = tr("diverged", d.lang) if plain is None else f"{plain:.3f}"
        rows.append(f"lr {lr}: {plain_txt}/{bn:.3f}")
        margins.append(bn - (0.0 if plain is None else plain))
    ok = margins[-1] > 0 and margins[0] < margins[1] < margins[2]
    return tr("final test acc plain/BN: {values}", d.lang, values="; ".join(rows)), ok


def bn_batch(d: JobData) -> tuple[str, bool]:
    rows, ok = [], True
    for v, r in d.summary["bn_batch"].items():
        b = r["batch_stats_acc"]
        rows.append(
            tr(
                "{variant}: running {running:.3f}, test batches of 1/8/512"
                " {b1:.3f}/{b8:.3f}/{b512:.3f}",
                d.lang,
                variant=v,
                running=r["running_stats_acc"],
                b1=b["1"],
                b8=b["8"],
                b512=b["512"],
            )
        )
        ok &= b["1"] < 0.15 and r["running_stats_acc"] >= b["8"]
    return "; ".join(rows), ok


def finals(d: JobData) -> dict[str, dict]:
    """variant -> its final metrics."""
    return {v["name"]: v["final"] for v in d.summary["variants"]}


def train_test_gaps(f: dict[str, dict], lang: str = "en") -> str:
    """Each variant's final train/test accuracy and gap, as the claims print them."""
    return "; ".join(
        tr(
            "{name} {train:.3f}/{test:.3f} (gap {gap:.3f})",
            lang,
            name=n,
            train=x["train_acc"],
            test=x["test_acc"],
            gap=x["gap"],
        )
        for n, x in f.items()
    )


def overfit(d: JobData) -> tuple[str, bool]:
    f = finals(d)
    text = train_test_gaps(f, d.lang)
    ok = (
        f["baseline"]["train_acc"] >= 0.98
        and f["baseline"]["gap"] >= 0.15
        and f["weight-decay"]["gap"] < f["baseline"]["gap"]
    )
    return tr("train/test: {values}", d.lang, values=text), ok


def dropout_sweep(d: JobData) -> tuple[str, bool]:
    f = {v["config"]["dropout"]: v["final"] for v in d.summary["variants"]}
    text = "; ".join(f"p {p}: {x['train_acc']:.2f}/{x['test_acc']:.2f}" for p, x in f.items())
    ok = f[0.8]["train_acc"] < f[0.0]["train_acc"] and f[0.5]["gap"] < f[0.0]["gap"]
    return tr("train/test: {values}", d.lang, values=text), ok


def regularizers(d: JobData) -> tuple[str, bool]:
    t = seed_table(d.metrics)
    text = "; ".join(
        f"{r['variant']} {r['test mean']:.3f} ± {r['test std']:.3f}" for _, r in t.iterrows()
    )
    test = dict(zip(t["variant"], t["test mean"], strict=True))
    order = (
        tr("Table 9's order (dropout + L2 above L2) holds on 300 images", d.lang)
        if test["dropout + L2"] > test["L2"]
        else tr("Table 9's order (dropout + L2 above L2) does not hold on 300 images", d.lang)
    )
    ok = test["dropout"] - test["none"] <= 0.02  # Fig. 10: little or no gain from dropout
    seeds = int(t["seeds"].iloc[0])
    return tr(
        "test acc over {seeds} seeds: {values}; {order}",
        d.lang,
        seeds=seeds,
        values=text,
        order=order,
    ), ok


def eval_modes(d: JobData) -> tuple[str, bool]:
    m = d.summary["modes"]
    text = "; ".join(f"{v} {r['eval_acc']:.3f} vs {r['train_mode_acc']:.3f}" for v, r in m.items())
    ok = all(r["train_mode_acc"] < r["eval_acc"] for v, r in m.items() if "dropout" in v)
    return tr("test acc eval vs train mode: {values}", d.lang, values=text), ok


def mc_dropout(d: JobData) -> tuple[str, bool]:
    rows, ok = [], True
    for v, r in d.summary["mc"].items():
        acc = dict(zip(r["passes"], r["acc_by_passes"], strict=True))
        rows.append(
            tr(
                "{variant}: T=1 {t1:.3f}, T=10 {t10:.3f}, T=50 {t50:.3f} vs weight scaling"
                " {scaled:.3f}; entropy right/wrong/OOD {right:.2f}/{wrong:.2f}/{ood:.2f}",
                d.lang,
                variant=v,
                t1=acc[1],
                t10=acc[10],
                t50=acc[50],
                scaled=r["weight_scaling_acc"],
                right=r["entropy_correct"],
                wrong=r["entropy_wrong"],
                ood=r["entropy_ood"],
            )
        )
        ok &= abs(acc[50] - r["weight_scaling_acc"]) <= 0.01
        ok &= r["entropy_wrong"] > r["entropy_correct"] and r["entropy_ood"] > r["entropy_correct"]
    return "; ".join(rows), ok


def sparsity(d: JobData) -> tuple[str, bool]:
    r = d.summary["sparsity"]
    a, b = r["no dropout"], r["dropout 0.5"]
    text = tr(
        "last hidden layer mean activation {mean_a:.2f} → {mean_b:.2f}; share of zeros"
        " {zeros_a:.2f} → {zeros_b:.2f}",
        d.lang,
        mean_a=a["mean_activation"][-1],
        mean_b=b["mean_activation"][-1],
        zeros_a=a["frac_zero"][-1],
        zeros_b=b["frac_zero"][-1],
    )
    ok = (
        b["mean_activation"][-1] < a["mean_activation"][-1]
        and b["frac_zero"][-1] > a["frac_zero"][-1]
    )
    return text, ok


DROPOUT_STYLES = {"inverted": N_("inverted"), "classic": N_("classic")}


def dropout_layer(d: JobData) -> tuple[str, bool]:
    layer = next(iter(d.summary["dropout_layer"].values()))
    rows, ok = [], True
    for style, s in layer["styles"].items():
        rel = abs(s["mean_train"] - s["mean_eval"]) / s["mean_eval"]
        rows.append(
            tr(
                "{style}: mean over {n} masks {train:.4f}, eval {eval:.4f} ({rel:.2%})",
                d.lang,
                style=tr(DROPOUT_STYLES.get(style, style), d.lang),
                n=layer["n_masks"],
                train=s["mean_train"],
                eval=s["mean_eval"],
                rel=rel,
            )
        )
        ok &= rel < 0.01
    return "; ".join(rows), ok
