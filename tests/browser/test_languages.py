"""Every page in Korean and in English, in Chromium, with a stored run behind each: in Korean
every visible heading, label, button, tab, option, caption, alert's first line, the sidebar's
navigation and every chart title holds Hangul (names, formulas, code and numbers aside); in
English nothing does but the language switch. Every offending string is printed per page, and
each Korean page is kept as a screenshot (test-output/lang-ko-<page>.png)."""

from __future__ import annotations

import json
import re

import pytest

from engine.core.config import Job, RunConfig
from engine.core.data import N_FEATURES
from engine.core.validation import ACTIVATIONS, INITS, OPTIMIZERS
from engine.experiments import preset_jobs, presets, search_spec
from engine.experiments.kinds import run_recorded
from engine.runs.store import Store
from reglab_ui.views.guide import capped

pytestmark = pytest.mark.browser
HANGUL = re.compile("[\uac00-\ud7a3]")
LETTERS = re.compile("[A-Za-z]")
ICON = re.compile(r"^[a-z]+(_[a-z]+)+$")  # a Material icon's ligature (expand_more), not text
SWITCH = {"Language / 언어", "English", "한국어"}  # the language switch names both languages
ALLOWED = SWITCH | {  # names, code, formats: the same in both languages
    "Reglab", "MLP", "ConvNet", "ECE", "NLL", "MC", "cs231n", "tpe", "summary.json", "png",
    "svg", "pdf", "html", "MNIST", "Fashion-MNIST", "ReLU", "BN", "PyTorch",
    *presets.PRESETS, *N_FEATURES, *ACTIVATIONS, *INITS, *OPTIMIZERS,  # config values
}  # fmt: skip
# Opening a page by its own URL (/runs?lang=ko), Streamlit's client first asks for its health
# and host config under that path, gets 404, and then asks the server's root: not our error.
DEEP_LINK_PROBE = re.compile(r"HTTP 404: http://[^/]+/[\w-]+/_stcore/(health|host-config)$")
RESOURCE_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def real_errors(errors: list[str]) -> list[str]:
    """The console errors without the deep-link probes (each logs one HTTP 404 line and one
    'Failed to load resource' line)."""
    probes = sum(bool(DEEP_LINK_PROBE.match(e)) for e in errors)
    out, skip = [], probes
    for e in errors:
        if DEEP_LINK_PROBE.match(e):
            continue
        if e == RESOURCE_404 and skip:
            skip -= 1
            continue
        out.append(e)
    return out


GUIDED = {  # url path -> stored runs of some of its sections (quick, capped, small)
    "init-bn": lambda: [presets.get("init-histograms", quick=True)],
    "dropout": lambda: [preset_jobs.dropout_layer(0.3)],
    "overfitting": lambda: [
        capped(presets.get("regularizers", quick=True).with_settings(["n_train=100"]), 1)
    ],
    "toolbox": lambda: [
        capped(presets.get("memorization", quick=True).with_settings(["n_train=100"]), 1)
    ],
}
COLLECT = """() => {
    const seen = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    const out = [];
    const add = (kind, selector, firstLine) => {
        for (const el of document.querySelectorAll(selector)) {
            if (!seen(el)) continue;
            let text = el.innerText || el.textContent || '';
            for (const icon of el.querySelectorAll('[data-testid="stIconMaterial"]')) {
                text = text.replace(icon.textContent, '');  // an icon's ligature is not text
            }
            let lines = text.split('\\n');
            if (firstLine) lines = lines.slice(0, 1);
            for (const line of lines) if (line.trim()) out.push([kind, line.trim()]);
        }
    };
    add('heading', 'h1, h2, h3, h4');
    add('label', '[data-testid="stWidgetLabel"]');
    add('option', '[role="radiogroup"] label, [data-tag] span[title]');
    for (const el of document.querySelectorAll('input')) {  // a select's choice, a placeholder
        if (!seen(el)) continue;
        if (el.getAttribute('role') === 'combobox' && el.value.trim()) out.push(['choice', el.value.trim()]);
        else if (!el.value && el.placeholder) out.push(['placeholder', el.placeholder.trim()]);
    }
    add('button', 'button, [data-testid="stPopover"] button');
    add('tab', '[role="tab"]');
    add('nav', '[data-testid="stSidebarNav"] a, [data-testid="stNavSectionHeader"]');
    add('alert', '[data-testid="stAlert"]', true);
    add('caption', '[data-testid="stCaptionContainer"]');
    add('expander', '[data-testid="stExpander"] summary');
    for (const el of document.querySelectorAll('.js-plotly-plot .gtitle')) {
        if (el.textContent.trim()) out.push(['chart', el.textContent.trim()]);
    }
    return out;
}"""


def tiny() -> Job:
    return Job("tiny", RunConfig(n_train=100, n_test=200, hidden=(16,), epochs=2, batch_size=50))


def tiny_search() -> Job:
    base = presets.get("hparam-search").base.replace(n_train=100, epochs=2)
    return search_spec.search_job(base, search_spec.SearchSpec(trials=3, batch=3, parallel=1))


def settle(page, seconds: float = 30) -> list[tuple[str, str]]:
    """What the page shows once two reads a second apart agree (and nothing is greyed stale)."""
    page.locator("h1").first.wait_for(timeout=60_000)
    before, end = None, seconds * 1000
    while end > 0:
        page.wait_for_timeout(1000)
        end -= 1000
        if page.locator('[data-stale="true"]').count():
            continue
        now = sorted(map(tuple, page.evaluate(COLLECT)))
        if now == before:
            return now
        before = now
    return before or []


def offending(shown: list[tuple[str, str]], lang: str) -> list[str]:
    if lang == "ko":  # Korean, or a name, number or formula that stays as it is
        bad = [
            (k, s) for k, s in shown
            if not HANGUL.search(s) and LETTERS.search(s) and s not in ALLOWED
            and not ICON.match(s)
        ]  # fmt: skip
    else:  # English: no Korean but the switch's
        bad = [(k, s) for k, s in shown if HANGUL.search(s) and s not in SWITCH]
    return sorted({f"{k}: {s}" for k, s in bad})


def choose_run(page, name: str) -> None:
    """Open one stored run on the Runs page (its multiselect, whatever its label's language)."""
    page.locator(".st-key-runs-chosen").get_by_role("combobox").click()
    page.get_by_role("option").filter(has_text=name).first.click()
    page.keyboard.press("Escape")


def look(page, lang: str, name: str, output_dir) -> list[str]:
    """What on the open page is not in `lang`; a Korean page is also kept as a screenshot."""
    bad = offending(settle(page), lang)
    if lang == "ko":
        page.screenshot(path=str(output_dir / f"lang-ko-{name}.png"), full_page=True)
    return bad


def every_page(page, url: str, lang: str, output_dir) -> dict[str, list[str]]:
    """Lab, Runs (a stored run open), the search (a stored search's results, opened from
    Runs) and the four guided pages (stored runs), in `lang`: what each shows not in `lang`."""
    found = {}
    page.goto(f"{url}/?lang={lang}")
    found["lab"] = look(page, lang, "lab", output_dir)
    page.goto(f"{url}/runs?lang={lang}")
    settle(page)
    choose_run(page, "tiny")
    found["runs"] = look(page, lang, "runs", output_dir)
    page.goto(f"{url}/runs?lang={lang}")
    settle(page)
    choose_run(page, "hparam-search")
    page.locator(".st-key-runs-open-search button").click(timeout=30_000)
    page.wait_for_url(re.compile("/search"), timeout=30_000)
    found["search"] = look(page, lang, "search", output_dir)
    for path in GUIDED:
        page.goto(f"{url}/{path}?lang={lang}")
        found[path] = look(page, lang, path, output_dir)
    return found


def test_every_page_in_korean_and_in_english(server, browser, console, output_dir, capsys):
    url, home = server
    store = Store(home / "runs.db")
    run_recorded(tiny(), store)  # the Runs page's job, with charts
    run_recorded(tiny_search(), store)  # a search, opened from the Runs page
    for jobs in GUIDED.values():
        for job in jobs():
            run_recorded(job, store)
    page = console.watch(browser.new_page(viewport={"width": 1500, "height": 3000}))
    report = {lang: every_page(page, url, lang, output_dir) for lang in ("ko", "en")}
    (output_dir / "lang-offending.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1)
    )
    with capsys.disabled():
        for lang, pages in report.items():
            for name, bad in pages.items():
                print(f"\n[{lang}] {name}: {len(bad)} offending")
                for s in bad:
                    print(f"    {s}")
        print(f"\nconsole errors: {real_errors(console.errors)}")
    left = {f"{lang}/{name}": bad for lang, pages in report.items() for name, bad in pages.items()}
    assert not any(left.values()), {k: v for k, v in left.items() if v}
    errors = real_errors(console.errors)
    assert not errors, errors
