"""One reproduced experiment: its preset, the published result with its source, the claim
checked, and the check that measures our run (engine/experiments/reproduce.py lists them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.figures.job_figures import JobData
from engine.i18n import tr


@dataclass(frozen=True)
class Reproduction:
    name: str
    preset: str
    source: str
    reference: str  # the published values, as published
    claim: str  # what the check tests
    measure: Callable[[JobData], tuple[str, bool]]  # our numbers in data.lang, and the verdict

    def name_in(self, lang: str) -> str:
        return tr(self.name, lang)

    def reference_in(self, lang: str) -> str:
        return tr(self.reference, lang)

    def claim_in(self, lang: str) -> str:
        return tr(self.claim, lang)
