"""`backbone new story "Title"`: a new story file with every field explained."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from .model import SUMMARY_MAX

# The new story's file, in the site's language where there is one (fr, es, de), else English:
# its comments explain each field to the person writing it.
SCAFFOLDS = Path(__file__).parent / "scaffolds"


def template(language: str | None = None) -> str:
    """The story scaffold in ``language`` ('fr-CA' reads French), else in English."""
    base = (language or "en").split("-")[0].lower()
    found = SCAFFOLDS / f"story.{base}.md"
    return (found if found.is_file() else SCAFFOLDS / "story.md").read_text(encoding="utf-8")


SLUG_MAX = 60


def slugify(title: str, fallback: str = "story") -> str:
    """The title's words, lower-case with dashes, cut after a whole word at SLUG_MAX characters."""
    # 'Ça coûte' → 'ca coute': accents off rather than letters lost; any other mark parts words,
    # the typographic apostrophe as the typed one ('Point d’automne' → 'point-d-automne')
    spaced = "".join(" " if unicodedata.category(c)[0] in "PSZ" else c for c in title.casefold())
    plain = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", plain):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            # a first word longer than the limit is the only one cut mid-word
            return slug or candidate[:SLUG_MAX]
        slug = candidate
    return slug or fallback


def new_story(folder: Path, title: str, day: dt.date, metric: str | None = None, language: str | None = None) -> Path:
    """Write the scaffold, in ``language`` (the site's), citing ``metric`` (the site's first
    headline metric) if given; refuses to overwrite an existing file."""
    slug = slugify(title)
    path = Path(folder) / f"{day.isoformat()}-{slug}.md"
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose another title")
    taken = {re.sub(r"^\d{4}-\d{2}-\d{2}-", "", p.stem) for p in Path(folder).glob("*.md")}
    if slug in taken:
        raise FileExistsError(f"a story with the slug '{slug}' already exists in {folder}; choose another title")
    # json.dumps gives a double-quoted YAML string that any title survives
    text = template(language).format(
        title=json.dumps(title, ensure_ascii=False),
        date=day.isoformat(),
        slug=slug,
        max=SUMMARY_MAX,
        metrics=metric or "",
        example=metric or "your-metric-id",
    )
    data = text.encode("utf-8")  # before the file exists: a title that cannot be written leaves none
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
