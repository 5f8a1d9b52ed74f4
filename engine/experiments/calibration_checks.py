"""The calibration presets' claims against our numbers (engine.experiments.reproduce lists them)."""

from __future__ import annotations

from engine.experiments.calibration_jobs import WEIGHT_DECAYS
from engine.figures.job_figures import JobData
from engine.i18n import tr


def calibration(d: JobData) -> tuple[str, bool]:
    """Guo et al. 2017, Fig. 2's trend, and temperature scaling lowering ECE."""
    rep = d.summary["calibration"]
    ece = {n: r["test"]["ece"] for n, r in rep.items()}
    scaled = {n: r["scaled"]["ece"] for n, r in rep.items() if r["scaled"]}
    most_wd = f"3×512 wd {max(WEIGHT_DECAYS):g}"
    text = "; ".join(
        tr(
            "{name}: ECE {ece:.3f} → {scaled:.3f} at T {temperature:.2f}, acc {acc:.3f}",
            d.lang,
            name=n,
            ece=ece[n],
            scaled=scaled[n],
            temperature=rep[n]["temperature"],
            acc=rep[n]["test"]["acc"],
        )
        if n in scaled
        else tr(
            "{name}: ECE {ece:.3f}, acc {acc:.3f}",
            d.lang,
            name=n,
            ece=ece[n],
            acc=rep[n]["test"]["acc"],
        )
        for n in rep
    )
    same_acc = all(abs(rep[n]["scaled"]["acc"] - rep[n]["test"]["acc"]) < 1e-9 for n in scaled)
    ok = (
        ece["3×512"] > ece["1×64"]
        and ece["3×512 BN"] > ece["3×512"]
        and ece[most_wd] < ece["3×512"]
        and len(scaled) == len(rep)
        and all(scaled[n] < ece[n] for n in scaled)
        and same_acc
    )
    return text, ok


def ood(d: JobData) -> tuple[str, bool]:
    """Max-softmax and entropy tell the other dataset's images apart; ensembles and MC dropout
    do it better than one net."""
    rep = d.summary["ood"]
    parts, ok = [], True
    for data in ("MNIST", "Fashion"):
        one = rep[f"{data}: one net"]
        auc = {
            "one net": one["plain"]["entropy"]["auroc"],
            "dropout (MC)": rep[f"{data}: dropout 0.5"]["mc"]["entropy"]["auroc"],
            "ensemble ×5": rep[f"{data}: ensemble ×5"]["plain"]["entropy"]["auroc"],
        }
        msp = one["plain"]["msp"]["auroc"]
        parts.append(
            tr(
                "trained on {data}, shown {source}: AUROC of entropy {aucs}; max-softmax, one"
                " net {msp:.3f}",
                d.lang,
                data=data,
                source=one["source"],
                aucs=", ".join(f"{k} {v:.3f}" for k, v in auc.items()),
                msp=msp,
            )
        )
        ok &= msp > 0.5 and auc["ensemble ×5"] >= auc["one net"]
        ok &= auc["dropout (MC)"] >= auc["one net"]
    return "; ".join(parts), ok
