"""Every guided-page text exists in English and Korean, and the pages use only known keys."""

from __future__ import annotations

import re
from pathlib import Path

from reglab_ui.views.texts import LANGUAGES, TEXTS

PAGES = Path(__file__).resolve().parents[2] / "reglab_ui" / "views"


def test_every_text_has_every_language():
    for key, entry in TEXTS.items():
        for lang in LANGUAGES:
            assert entry.get(lang, "").strip(), f"{key} lacks {lang}"


def test_korean_texts_are_korean():
    hangul = re.compile("[\\uac00-\\ud7a3]")
    for key, entry in TEXTS.items():
        assert hangul.search(entry["ko"]), key


def test_pages_only_use_defined_keys():
    used = set()
    for page in PAGES.glob("guide*.py"):
        source = page.read_text()
        used |= set(re.findall(r'\bt\("([a-z_]+)"\)', source))
        used |= set(re.findall(r'Section\(\s*"[^"]+",\s*"[^"]+",\s*"([a-z_]+)"', source))
        used |= set(
            re.findall(r'Section\(\s*"[^"]+",\s*"[^"]+",\s*"[a-z_]+",\s*"([a-z_]+)"', source)
        )
        used |= set(re.findall(r'latex=\(\("([a-z_]+)"', source))  # a formula's lead-in
        for title_intro in re.findall(r'page\)\(\s*"([a-z_]+)",\s*"([a-z_]+)"', source):
            used |= set(title_intro)
    assert used and not used - set(TEXTS), used - set(TEXTS)


def test_toolbox_texts_are_merged():
    from reglab_ui.views.texts_toolbox import TOOLBOX_TEXTS

    assert TOOLBOX_TEXTS and all(TEXTS[k] is v for k, v in TOOLBOX_TEXTS.items())
