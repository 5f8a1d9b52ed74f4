"""The reproduction suite's checks: our numbers from a finished run, and whether the claim holds."""

from __future__ import annotations

import numpy as np

from engine.figures.guided_plots import seed_table
from engine.figures.job_figures import JobData


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
    text = (
        f"sigmoid L5 share at 0/1: std 1 {ext['sigmoid std 1']:.2f}, std 0.01 "
        f"{ext['sigmoid std 0.01']:.2f}, Xavier {ext['sigmoid Xavier']:.2f}; share in "
        f"[0.4, 0.6]: std 0.01 {mid['sigmoid std 0.01']:.2f}, Xavier {mid['sigmoid Xavier']:.2f};"
        f" ReLU L5 std: std 0.01 {relu_std['relu std 0.01']:.1e}, He {relu_std['relu He']:.2f}"
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
    return f"final train loss: {text}", loss["std 0.01"] > 2.2 and loss["He"] < loss["Xavier"] < 1


def bn_init_sweep(d: JobData) -> tuple[str, bool]:
    stds = list(dict.fromkeys(v["config"]["init_std"] for v in d.summary["variants"]))
    rows, ahead, chance = [], 0, True
    for s in stds:
        plain, bn = (_final(d, f"std {s:.2g} {k}", "train_acc") for k in ("plain", "BN"))
        plain_txt = "diverged" if plain is None else f"{plain:.2f}"
        rows.append(f"{s:.2g} → {plain_txt}/{bn:.2f}")
        ahead += plain is None or bn > plain
        if s <= 0.01 and plain is not None:
            chance &= plain < 0.2
    text = f"BN ahead at {ahead}/16; final train acc plain/BN: " + "; ".join(rows)
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
    text = (
        f"steps to 0.90 test acc: plain {steps['plain']}, BN {steps['BN']}; final test acc: plain"
        f" {test['plain']:.3f}, BN {test['BN']:.3f}; percentile drift after epoch 1: plain"
        f" {drift['plain']:.2f}, BN {drift['BN']:.2f}"
    )
    faster = steps["BN"] is not None and (steps["plain"] is None or steps["BN"] < steps["plain"])
    return text, faster and drift["BN"] < drift["plain"]


def bn_large_lr(d: JobData) -> tuple[str, bool]:
    rows, margins = [], []
    for lr in (0.01, 0.1, 0.5):
        plain, bn = (_final(d, f"lr {lr} {k}", "test_acc") for k in ("plain", "BN"))
        rows.append(f"lr {lr}: {'diverged' if plain is None else f'{plain:.3f}'}/{bn:.3f}")
        margins.append(bn - (0.0 if plain is None else plain))
    ok = margins[-1] > 0 and margins[0] < margins[1] < margins[2]
    return "final test acc plain/BN: " + "; ".join(rows), ok


def bn_batch(d: JobData) -> tuple[str, bool]:
    rows, ok = [], True
    for v, r in d.summary["bn_batch"].items():
        b = r["batch_stats_acc"]
        rows.append(
            f"{v}: running {r['running_stats_acc']:.3f}, test batches of 1/8/512 "
            f"{b['1']:.3f}/{b['8']:.3f}/{b['512']:.3f}"
        )
        ok &= b["1"] < 0.15 and r["running_stats_acc"] >= b["8"]
    return "; ".join(rows), ok


def finals(d: JobData) -> dict[str, dict]:
    """variant -> its final metrics."""
    return {v["name"]: v["final"] for v in d.summary["variants"]}


def train_test_gaps(f: dict[str, dict]) -> str:
    """Each variant's final train/test accuracy and gap, as the claims print them."""
    return "; ".join(
        f"{n} {x['train_acc']:.3f}/{x['test_acc']:.3f} (gap {x['gap']:.3f})" for n, x in f.items()
    )


def overfit(d: JobData) -> tuple[str, bool]:
    f = finals(d)
    text = train_test_gaps(f)
    ok = (
        f["baseline"]["train_acc"] >= 0.98
        and f["baseline"]["gap"] >= 0.15
        and f["weight-decay"]["gap"] < f["baseline"]["gap"]
    )
    return "train/test: " + text, ok


def dropout_sweep(d: JobData) -> tuple[str, bool]:
    f = {v["config"]["dropout"]: v["final"] for v in d.summary["variants"]}
    text = "; ".join(f"p {p}: {x['train_acc']:.2f}/{x['test_acc']:.2f}" for p, x in f.items())
    return "train/test: " + text, f[0.8]["train_acc"] < f[0.0]["train_acc"] and f[0.5]["gap"] < f[
        0.0
    ]["gap"]


def regularizers(d: JobData) -> tuple[str, bool]:
    t = seed_table(d.metrics)
    text = "; ".join(
        f"{r['variant']} {r['test mean']:.3f} ± {r['test std']:.3f}" for _, r in t.iterrows()
    )
    test = dict(zip(t["variant"], t["test mean"], strict=True))
    order = "holds" if test["dropout + L2"] > test["L2"] else "does not hold"
    text += f"; Table 9's order (dropout + L2 above L2) {order} on 300 images"
    ok = test["dropout"] - test["none"] <= 0.02  # Fig. 10: little or no gain from dropout
    return f"test acc over {int(t['seeds'].iloc[0])} seeds: " + text, ok


def eval_modes(d: JobData) -> tuple[str, bool]:
    m = d.summary["modes"]
    text = "; ".join(f"{v} {r['eval_acc']:.3f} vs {r['train_mode_acc']:.3f}" for v, r in m.items())
    ok = all(r["train_mode_acc"] < r["eval_acc"] for v, r in m.items() if "dropout" in v)
    return "test acc eval vs train mode: " + text, ok


def mc_dropout(d: JobData) -> tuple[str, bool]:
    rows, ok = [], True
    for v, r in d.summary["mc"].items():
        acc = dict(zip(r["passes"], r["acc_by_passes"], strict=True))
        rows.append(
            f"{v}: T=1 {acc[1]:.3f}, T=10 {acc[10]:.3f}, T=50 {acc[50]:.3f} vs weight scaling"
            f" {r['weight_scaling_acc']:.3f}; entropy right/wrong/OOD {r['entropy_correct']:.2f}/"
            f"{r['entropy_wrong']:.2f}/{r['entropy_ood']:.2f}"
        )
        ok &= abs(acc[50] - r["weight_scaling_acc"]) <= 0.01
        ok &= r["entropy_wrong"] > r["entropy_correct"] and r["entropy_ood"] > r["entropy_correct"]
    return "; ".join(rows), ok


def sparsity(d: JobData) -> tuple[str, bool]:
    r = d.summary["sparsity"]
    a, b = r["no dropout"], r["dropout 0.5"]
    text = (
        f"last hidden layer mean activation {a['mean_activation'][-1]:.2f} → "
        f"{b['mean_activation'][-1]:.2f}; share of zeros {a['frac_zero'][-1]:.2f} → "
        f"{b['frac_zero'][-1]:.2f}"
    )
    ok = (
        b["mean_activation"][-1] < a["mean_activation"][-1]
        and b["frac_zero"][-1] > a["frac_zero"][-1]
    )
    return text, ok


def dropout_layer(d: JobData) -> tuple[str, bool]:
    layer = next(iter(d.summary["dropout_layer"].values()))
    rows, ok = [], True
    for style, s in layer["styles"].items():
        rel = abs(s["mean_train"] - s["mean_eval"]) / s["mean_eval"]
        rows.append(
            f"{style}: mean over {layer['n_masks']} masks {s['mean_train']:.4f}, eval"
            f" {s['mean_eval']:.4f} ({rel:.2%})"
        )
        ok &= rel < 0.01
    return "; ".join(rows), ok
