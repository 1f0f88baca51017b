"""A story e-mail built for real: the metrics fixture with tests/fixtures/email laid over it."""

from __future__ import annotations

import shutil
from pathlib import Path

from metrics_helpers import build, metrics_project
from support import FIXTURES

STORY = "stories/evening-clinic"
GOLDEN = Path(__file__).resolve().parent / "golden" / "evening-clinic.email.txt"


def email_site(tmp_path: Path):
    """Build the story (with its chart, tables, picture and quote); returns the Built site."""
    project = metrics_project(tmp_path)
    shutil.copytree(FIXTURES / "email" / "content", project.root / "content", dirs_exist_ok=True)
    picture = project.path("content/stories/images/front-desk.png")
    picture.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "stories/content/stories/images/phone.png", picture)  # 800 × 500
    built = build(project)
    assert built.error is None, built.error
    return built
