from pathlib import Path

import pytest

from engine.core.config import Job
from engine.figures.export import ExportError, _inside, export_job, safe_name
from engine.runs.store import Store
from engine.training.train import train


@pytest.mark.parametrize(
    "name, expected",
    [
        ("overfit book", "overfit-book"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c:d*e?f", "a-b-c-d-e-f"),
        ("..", "reglab"),
        ("드롭아웃 실험", "reglab"),
        ("x" * 300, "x" * 80),
    ],
)
def test_safe_names_cannot_escape_the_folder(name, expected, tmp_path):
    stem = safe_name(name)
    assert stem == expected
    assert _inside(tmp_path, stem + ".png").parent == tmp_path.resolve()
    with pytest.raises(ExportError):
        _inside(tmp_path, "../escape.png")


def test_a_hostile_job_name_exports_inside_the_folder(small, tmp_path):
    store = Store()
    job = Job("../../../tmp/pwned", small.replace(epochs=1))
    job_id = store.create_job(job)
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    files = export_job(store, job_id, tmp_path / "out", ["csv", "json", "html"])
    assert files and all(Path(f).parent == (tmp_path / "out").resolve() for f in files)
