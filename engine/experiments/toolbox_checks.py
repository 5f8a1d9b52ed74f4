"""The toolbox presets' claims against our numbers (engine.experiments.reproduce lists them),
written in the run's language (`d.lang`)."""

from __future__ import annotations

from engine.experiments.reproduce_checks import finals, train_test_gaps
from engine.figures.job_figures import JobData
from engine.i18n import tr


def _line(f: dict[str, dict], key: str = "test_acc") -> str:
    return "; ".join(f"{n} {x[key]:.3f}" for n, x in f.items())


def cnn_dropout(d: JobData) -> tuple[str, bool]:
    f = finals(d)
    ok = (
        f["FC dropout 0.5 only"]["gap"] < f["no dropout"]["gap"]
        and f["conv dropout 0.2 (spatial)"]["gap"] < f["conv dropout 0.2 (element)"]["gap"]
    )
    return tr("train/test: {values}", d.lang, values=train_test_gaps(f, d.lang)), ok


def dropconnect(d: JobData) -> tuple[str, bool]:
    f = finals(d)
    best = {
        kind: max((x["test_acc"], n) for n, x in f.items() if n.startswith(kind))
        for kind in ("dropout", "DropConnect")
    }
    none = f["no dropping"]["test_acc"]
    text = tr(
        "test acc: {values}; best dropout {dropout}, best DropConnect {dropconnect}",
        d.lang,
        values=_line(f),
        dropout=best["dropout"][1],
        dropconnect=best["DropConnect"][1],
    )
    ok = (
        all(acc > none for acc, _ in best.values())
        and abs(best["dropout"][0] - best["DropConnect"][0]) <= 0.02
    )
    return text, ok


def augmentation(d: JobData) -> tuple[str, bool]:
    f = finals(d)
    text = train_test_gaps(f, d.lang)
    none = f["none"]
    ok = f["shifts ±2, 10°"]["test_acc"] > none["test_acc"] and all(
        x["gap"] < none["gap"] for n, x in f.items() if n != "none"
    )
    return tr("train/test: {values}", d.lang, values=text), ok


def label_smoothing(d: JobData) -> tuple[str, bool]:
    f = finals(d)
    spread = {n: r["tightness"] for n, r in (d.summary.get("penultimate") or {}).items()}
    ece = {n: r["test"]["ece"] for n, r in (d.summary.get("calibration") or {}).items()}

    def line(n: str, x: dict) -> str:
        text = tr("{name}: test NLL {nll:.3f}, acc {acc:.3f}", d.lang, name=n,
                  nll=x["test_loss"], acc=x["test_acc"])  # fmt: skip
        if n in ece:
            text += f", ECE {ece[n]:.3f}"
        if n in spread:
            text += tr(", penultimate spread {spread:.2f}", d.lang, spread=spread[n])
        return text

    text = "; ".join(line(n, x) for n, x in f.items())
    ok = (
        f["α 0.1"]["test_loss"] < f["α 0"]["test_loss"]
        and abs(f["α 0.1"]["test_acc"] - f["α 0"]["test_acc"]) <= 0.01
    )
    return text, ok


def max_norm(d: JobData) -> tuple[str, bool]:
    err = {n: 1 - x["test_acc"] for n, x in finals(d).items()}
    text = tr(
        "test error: {values}", d.lang, values="; ".join(f"{n} {e:.2%}" for n, e in err.items())
    )
    with_dropout = max(err["dropout + L2"], err["dropout + max-norm 3"])
    ok = err["dropout + max-norm 3"] <= err["dropout + L2"] and with_dropout < min(
        err["L2"], err["max-norm 3"]
    )
    return text, ok


def stochastic_depth(d: JobData) -> tuple[str, bool]:
    f, secs = finals(d), d.summary.get("train_seconds") or {}
    sd, full = "stochastic depth 0.5", "all blocks"
    text = tr("test acc: {values}", d.lang, values=_line(f))
    if sd in secs and full in secs:
        text += tr(
            "; training steps {full:.1f} s all blocks, {sd:.1f} s stochastic depth",
            d.lang,
            full=secs[full],
            sd=secs[sd],
        )
    ok = f[sd]["test_acc"] >= f[full]["test_acc"] - 0.01 and secs.get(sd, 0) < secs.get(full, 0)
    return text, ok


def ensemble_vs_dropout(d: JobData) -> tuple[str, bool]:
    f, mc = finals(d), d.summary["mc"]
    mc50 = {n: r["acc_by_passes"][r["passes"].index(50)] for n, r in mc.items()}
    ood = {n: r["entropy_ood"] for n, r in mc.items()}
    text = tr(
        "test acc: {values}; MC dropout T=50: dropout 0.5 {mc:.3f}; entropy of {source} inputs"
        " (nats): {entropies}",
        d.lang,
        values=_line(f),
        mc=mc50["dropout 0.5"],
        source=mc["one net"]["ood_source"],
        entropies="; ".join(f"{n} {e:.2f}" for n, e in ood.items()),
    )
    ens = f["ensemble ×5"]["test_acc"]
    ok = (
        ens > f["one net"]["test_acc"]
        and ens >= f["dropout 0.5"]["test_acc"]
        and ens >= mc50["dropout 0.5"]
        and ood["ensemble ×5"] > ood["one net"]
    )
    return text, ok


def _first_epoch_at(d: JobData, variant: str, acc: float) -> int | None:
    m = d.metrics
    rows = m[(m["variant"] == variant) & (m["split"] == "train") & (m["acc"] >= acc)]
    return int(rows["epoch"].min()) if len(rows) else None


def _epoch_or_never(epoch: int | None, lang: str = "en") -> str:
    return tr("not reached", lang) if epoch is None else tr("epoch {epoch}", lang, epoch=epoch)


def memorization(d: JobData) -> tuple[str, bool]:
    f = finals(d)
    noisy = [n for n in f if n.endswith("random labels")]
    text = "; ".join(
        f"{n.split()[0]} {f[n]['train_acc']:.3f}/{f[n]['test_acc']:.3f}" for n in noisy
    )
    plain = _first_epoch_at(d, "80% random labels", 0.9)
    dropout = _first_epoch_at(d, "80% random labels + dropout 0.5", 0.9)
    text = tr(
        "train/test by noise: {values}; train acc 0.9 at 80 % noise: {plain} plain, {dropout}"
        " with dropout",
        d.lang,
        values=text,
        plain=_epoch_or_never(plain, d.lang),
        dropout=_epoch_or_never(dropout, d.lang),
    )
    tests = [f[n]["test_acc"] for n in noisy]
    ok = (
        f["100% random labels"]["train_acc"] >= 0.95
        and f["100% random labels"]["test_acc"] <= 0.15
        and all(a > b for a, b in zip(tests, tests[1:], strict=False))
        and plain is not None
        and (dropout is None or dropout > plain)
    )
    return text, ok


def bottleneck_transfer(d: JobData) -> tuple[str, bool]:
    f = finals(d)
    new = f["bottleneck features + new head"]["test_acc"]
    ok = (
        new > f["raw pixels + the same head"]["test_acc"]
        and new > f["ConvNet from scratch"]["test_acc"]
    )
    return tr("test acc: {values}", d.lang, values=_line(f)), ok
