"""`reglab reproduce --lang ko`: the table, verdicts, claims and measured lines in Korean; the
English table exactly as before; every claim has Korean."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from engine.experiments.reproduce import BY_PRESET, REPRODUCTIONS, markdown_table, verdict_word
from engine.i18n import KO

HANGUL = re.compile("[\uac00-\ud7a3]")

ROW = {"name": "BN on MNIST", "preset": "bn-ioffe", "source": "Ioffe & Szegedy 2015, ICML, Fig. 1",
       "reference": "ref", "claim": "claim", "ours": "ours", "holds": False, "seconds": 12.4}  # fmt: skip


def test_the_english_table_is_as_before():
    assert markdown_table([ROW, {**ROW, "holds": True, "seconds": None}]) == (
        "| experiment | reference (source) | ours | claim holds |\n|---|---|---|---|\n"
        "| BN on MNIST (`bn-ioffe`) | ref (Ioffe & Szegedy 2015, ICML, Fig. 1) | ours (12 s) | NO:"
        " claim |\n"
        "| BN on MNIST (`bn-ioffe`) | ref (Ioffe & Szegedy 2015, ICML, Fig. 1) | ours | yes:"
        " claim |\n"
    )
    assert markdown_table([ROW], "en") == markdown_table([ROW])


def test_the_korean_table_has_korean_headers_and_verdicts():
    head, rule, row = markdown_table([ROW], "ko").splitlines()
    assert HANGUL.search(head) and rule == "|---|---|---|---|"
    assert row.endswith(f"| {verdict_word(False, 'ko')}: claim |")
    assert HANGUL.search(verdict_word(True, "ko")) and HANGUL.search(verdict_word(False, "ko"))


def test_every_claim_and_reference_has_korean_and_sources_stay():
    for rep in REPRODUCTIONS:
        for english in (rep.claim, rep.reference):
            assert english in KO and HANGUL.search(rep.claim_in("ko") + rep.reference_in("ko"))
        assert rep.name in KO
        assert rep.claim_in("en") == rep.claim and rep.reference_in("en") == rep.reference
        assert not HANGUL.search(rep.source)


def test_reproduce_in_korean_writes_a_korean_table(tmp_path):
    """The two cheapest experiments at quick size: everything the run writes reads Korean,
    preset names, sources and numbers stay."""
    names = ["dropout-layer", "init-histograms"]
    out = subprocess.run(
        [sys.executable, "-m", "engine.cli", "reproduce", *names, "--quick", "--lang", "ko",
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "주장 2개 중 2개가 성립합니다" in out.stdout
    table = (tmp_path / "reproduce.md").read_text()
    head, _, *rows = table.splitlines()
    assert HANGUL.search(head) and len(rows) == 2
    for name, row in zip(names, rows, strict=True):
        rep = BY_PRESET[name]
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[0] == f"{rep.name_in('ko')} (`{name}`)" and HANGUL.search(cells[0])
        assert cells[1] == f"{rep.reference_in('ko')} ({rep.source})"
        assert HANGUL.search(cells[2]) and re.search(r"\d\.\d{2}", cells[2])  # measured, Korean
        assert cells[3] == f"{verdict_word(True, 'ko')}: {rep.claim_in('ko')}"
        assert HANGUL.search(rep.claim_in("ko"))
    assert "weight_init_activation_histogram.py" in table  # the source is cited as published
    rows_json = json.loads((tmp_path / "reproduce.json").read_text())
    assert [r["preset"] for r in rows_json] == names and all(r["holds"] for r in rows_json)
    assert all(HANGUL.search(r["claim"]) for r in rows_json)  # keys English, text Korean
