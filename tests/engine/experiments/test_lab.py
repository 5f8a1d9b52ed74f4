"""The Lab's settings: the variants each mode derives from your setting, and links."""

from __future__ import annotations

import pytest

from engine.core.config import BRANCHABLE, ConfigError
from engine.experiments.lab import LabSettings, sweep_values, to_query, with_branch
from engine.experiments.lab_links import from_query, settings_of
from engine.experiments.lab_widgets import BRANCH_KNOBS

YOURS = dict(dropout=0.5, batchnorm=True, weight_decay=3e-3, init="normal", init_std=0.1)


def trained(settings: LabSettings) -> dict[str, dict]:
    """name -> the resolved config of each variant the settings train."""
    return {n: c.to_dict() for n, c in settings.to_job().resolved().items()}


def knobs(c: dict) -> tuple:
    return c["dropout"], c["batchnorm"], c["weight_decay"], c["init"], c["init_std"]


def test_baseline_vs_yours_trains_exactly_your_setting():
    configs = trained(LabSettings(mode="yours", **YOURS))
    assert list(configs) == ["baseline", "dropout 0.5 + BN + λ 0.003"]
    assert knobs(configs["baseline"]) == (0.0, False, 0.0, "normal", 0.1)
    assert knobs(configs["dropout 0.5 + BN + λ 0.003"]) == (0.5, True, 3e-3, "normal", 0.1)


def test_with_no_regularizer_on_there_is_only_the_baseline():
    s = LabSettings(mode="yours", dropout=0.0, batchnorm=False)
    assert [r["name"] for r in s.rows()] == ["baseline"]


def test_ablation_is_baseline_each_alone_and_all_together():
    configs = trained(
        LabSettings(mode="ablation", early_stopping_patience=4, val_fraction=0.2, **YOURS)
    )
    assert list(configs) == ["baseline", "+dropout 0.5", "+BN", "+λ 0.003", "+early stop 4",
                             "all: +dropout 0.5 +BN +λ 0.003 +early stop 4"]  # fmt: skip
    assert configs["+BN"]["batchnorm"] and configs["+BN"]["dropout"] == 0.0
    assert configs["+λ 0.003"]["weight_decay"] == 3e-3 and not configs["+λ 0.003"]["batchnorm"]
    assert configs["+early stop 4"]["early_stopping_patience"] == 4
    everything = configs["all: +dropout 0.5 +BN +λ 0.003 +early stop 4"]
    assert knobs(everything) == (0.5, True, 3e-3, "normal", 0.1)
    assert everything["early_stopping_patience"] == 4


@pytest.mark.parametrize(
    "knob, expected",
    [
        ("dropout", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]),
        ("init_std", [1.0, 0.316, 0.1, 0.0316, 0.01, 0.00316, 0.001, 0.000316, 0.0001]),
    ],
)
def test_a_sweep_is_one_job_over_the_knobs_range(knob, expected):
    assert sweep_values(knob, 9) == expected
    configs = trained(LabSettings(mode="sweep", sweep_knob=knob, sweep_points=9, **YOURS))
    assert len(configs) == 9
    assert [c[knob] for c in configs.values()] == expected
    for c in configs.values():  # the other regularizers of your setting stay on
        assert c["batchnorm"] and c["weight_decay"] == 3e-3
        if knob == "init_std":
            assert c["init"] == "normal"


def test_weight_decay_sweep_starts_at_zero_and_is_log_spaced():
    assert sweep_values("weight_decay", 5) == [0.0, 1e-4, 1e-3, 0.01, 0.1]


def test_custom_rows_train_as_written_and_blank_cells_take_the_baseline():
    rows = ({"name": "a", "dropout": 0.3}, {"name": "b", "batchnorm": True, "weight_decay": None})
    configs = trained(LabSettings(mode="custom", variants=rows, **YOURS))
    assert knobs(configs["a"]) == (0.3, False, 0.0, "normal", 0.1)
    assert knobs(configs["b"]) == (0.0, True, 0.0, "normal", 0.1)


def test_every_mode_round_trips_through_a_link():
    for s in [
        LabSettings(mode="yours", live=True, **YOURS),
        LabSettings(mode="sweep", sweep_knob="weight_decay", sweep_points=5),
        LabSettings(mode="custom", variants=({"name": "x", "dropout": 0.2},)),
    ]:
        restored, problems = from_query(to_query(s))
        assert not problems and restored == s
        assert trained(restored) == trained(s)


def test_a_job_opens_the_settings_that_built_it():
    s = LabSettings(mode="sweep", sweep_knob="init_std", sweep_points=4, epochs=7)
    assert settings_of(s.to_job()) == s


def test_an_old_link_with_rows_and_no_mode_opens_them_as_custom_rows():
    restored, problems = from_query({"variants": '[{"name":"a","dropout":0.2}]'})
    assert not problems and restored.mode == "custom"
    assert list(trained(restored)) == ["a"]


def test_a_bad_switch_value_in_a_link_is_named():
    restored, problems = from_query({"live": "maybe", "batchnorm": "0"})
    assert restored.live is False and restored.batchnorm is False
    assert problems == ["live: 'maybe' is not valid (allowed true, false); kept False"]


def test_a_branch_row_continues_its_parent_with_one_knob_changed():
    s = with_branch(LabSettings(mode="yours", dropout=0.0, batchnorm=False, weight_decay=0.01),
                    "baseline", 40, "dropout", 0.5)  # fmt: skip
    configs = s.to_job().resolved()
    branch = configs["baseline → dropout 0.5 @40"]
    assert (branch.branch_of, branch.branch_epoch, branch.dropout) == ("baseline", 40, 0.5)
    assert branch.replace(dropout=0.0, branch_of=None, branch_epoch=0) == configs["baseline"]
    assert s.mode == "custom" and from_query(to_query(s))[0] == s
    with pytest.raises(ConfigError, match="not a variant"):
        with_branch(s, "nobody", 3, "dropout", 0.5)


def test_the_labs_branch_knobs_are_ones_the_engine_can_switch():
    assert set(BRANCH_KNOBS) <= set(BRANCHABLE)


def test_the_toolbox_controls_are_your_setting_and_train_where_they_apply():
    s = LabSettings(
        dataset="mnist", arch="cnn", depth=1, dropout=0.0, batchnorm=False, dropconnect=0.3,
        mixup=0.2, conv_dropout=0.25, stochastic_depth=0.5, ensemble=3, mode="ablation",
    )  # fmt: skip
    names = [r["name"] for r in s.rows()]
    assert names == ["baseline", "+DropConnect 0.3", "+mixup 0.2", "+conv dropout 0.25",
                     "+ensemble ×3", "all: +DropConnect 0.3 +mixup 0.2 +conv dropout 0.25 +ensemble ×3"]  # fmt: skip
    assert s.applies("stochastic_depth") == "stochastic depth needs the residual MLP"
    configs = s.to_job().resolved()
    assert configs["+DropConnect 0.3"].dropconnect == 0.3 and configs["baseline"].dropconnect == 0
    assert configs["+conv dropout 0.25"].conv_dropout == 0.25
    assert all(c.stochastic_depth == 1.0 and c.arch == "cnn" for c in configs.values())
    mine = configs[names[-1]]
    assert (mine.mixup, mine.ensemble, mine.conv_dropout) == (0.2, 3, 0.25)
    # two-dimensional data: shifts and cutout do not apply, and say so
    flat = LabSettings(dataset="moons", augment=2, cutout=4, mode="yours")
    assert flat.applies("augment") == "shifts and cutout need images"
    assert [r["name"] for r in flat.rows()] == ["baseline", "dropout 0.15 + BN"]
    # a link carries every toolbox knob
    restored, problems = from_query(to_query(s))
    assert restored == s and not problems
    assert from_query({"l1": "0.5"})[1] == [
        "l1: '0.5' is not valid (allowed 0, 1e-06, 1e-05, 0.0001, 0.001, 0.01); kept 0.0"
    ]


def test_a_sweep_of_dropconnect_or_label_smoothing_is_one_job_of_several_variants():
    s = LabSettings(mode="sweep", sweep_knob="label_smoothing", sweep_points=5)
    configs = s.to_job().resolved()
    assert [c.label_smoothing for c in configs.values()] == [0.0, 0.1, 0.2, 0.3, 0.4]
    s = LabSettings(mode="sweep", sweep_knob="dropconnect", sweep_points=3)
    assert [c.dropconnect for c in s.to_job().resolved().values()] == [0.0, 0.4, 0.8]
