"""`reglab ... --lang ko` says its error lines in Korean (exit codes as in English); without
--lang they read exactly as before. In-process: engine.cli.main, its stderr captured."""

import re

import pytest

from engine.cli import main, requested_language

HANGUL = re.compile("[\uac00-\ud7a3]")


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.err.strip().splitlines()


BAD_SET = ("train", "--preset", "overfit-book", "--set", "dropout=1.5", "--out", "x")


def test_a_bad_setting_is_one_korean_line_with_lang_ko(capsys, reglab_home):
    code, lines = run(capsys, *BAD_SET, "--lang", "ko")
    assert code == 2 and len(lines) == 1, lines
    assert lines[0].startswith("reglab: 오류: dropout: 1.5") and "[0.0, 1.0)" in lines[0]
    code, lines = run(capsys, *BAD_SET)
    assert code == 2
    assert lines == ["reglab: error: dropout: 1.5 is out of range; allowed [0.0, 1.0)"]


def test_a_bad_run_id_is_one_korean_line_even_before_lang_is_parsed(capsys, reglab_home):
    code, lines = run(capsys, "export", "abc", "--lang", "ko", "--out", "x")
    assert code == 2 and len(lines) == 1, lines
    assert lines[0].startswith("reglab: 오류: 인자 RUN_ID: 'abc'") and HANGUL.search(lines[0][12:])
    code, lines = run(capsys, "export", "abc", "--out", "x")
    assert code == 2 and lines == [
        "reglab: error: argument RUN_ID: 'abc' is not a run id (a whole number from 1 to"
        " 9223372036854775807)"
    ]


def test_a_missing_run_and_a_bad_format_in_korean(capsys, reglab_home, tmp_path):
    code, lines = run(capsys, "export", "7", "--lang", "ko", "--out", str(tmp_path / "o"))
    assert code == 2 and lines[0].startswith("reglab: 오류: RUN_ID: ") and "7" in lines[0]
    code, lines = run(capsys, "export", "7", "--format", "gif", "--lang=ko", "--out", "x")
    assert code == 2 and "'gif'" in lines[0] and HANGUL.search(lines[0])


def test_argparse_own_messages_stay_english_behind_a_korean_prefix(capsys, reglab_home):
    code, lines = run(capsys, "train", "--preset", "overfit-book", "--lang", "ko")
    assert code == 2 and lines == ["reglab: 오류: the following arguments are required: --out"]


@pytest.mark.parametrize(
    "argv, lang",
    [
        (["train", "--lang", "ko"], "ko"),
        (["train", "--lang=ko"], "ko"),
        (["train", "--lang", "fr"], "en"),
        (["train", "--lang"], "en"),
        (["runs"], "en"),
    ],
)
def test_the_requested_language_is_read_from_the_raw_command_line(argv, lang):
    assert requested_language(argv) == lang


def test_runs_and_presets_take_lang(capsys, reglab_home):
    assert main(["presets", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert "overfit-book" in out and "출처: " in out
    assert main(["runs", "--lang", "ko"]) == 0
