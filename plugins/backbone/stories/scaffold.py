"""`backbone new story "Title"`: a new story file with every field explained."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from .model import SUMMARY_MAX

TEMPLATE = """\
---
# The headline. Short and concrete: a person, a change, a number.
title: {title}
# Publication date (YYYY-MM-DD). A story dated in the future waits for its date.
date: "{date}"
# The share text, shown under the title, in link previews and e-mails (at most {max} characters).
summary: "Write one or two sentences: who, what changed, and the number that proves it."
# The address is /stories/<slug>/, from the file name. Set a slug only to choose another one,
# and list former slugs under aliases so that old links keep working.
# slug: {slug}
# aliases: [old-slug]
# The partners who did the work (ids from data/partners.yml).
partners: []
# The figures this story cites (ids from data/metrics/), with @period to quote one period:
# metrics: [{example}@2025-Q3]. Their values show as "key figures" on the page and card.
metrics: [{metrics}]
# Topics, lower-case with dashes; each gets a page listing its stories.
tags: []
# Which of the six backbone principles this story illustrates (1-6), optional.
# principle: 2
# An image beside the story (path relative to this file) and its description for screen readers.
# image:
#   src: images/{slug}.png
#   alt: What the image shows, in one sentence.
# A pull quote, with the consent of the person quoted.
# quote:
#   text: "What they said."
#   name: Their name
#   role: Their role, organisation
author: Your name
# A draft is shown by `mkdocs serve` only. Remove this line (or set false) to publish.
draft: true
# When you change a published story, set the date of the change.
# updated: "YYYY-MM-DD"
---

Start with a person or an employer, then bring in the number. 250 to 500 words.
Cite live figures with `{{{{ metric:{example} }}}}` (the newest value) or
`{{{{ metric:{example}@2025-Q3 }}}}` (one period), without the backticks.

**What's next:** end with the next step.
"""


SLUG_MAX = 60


def slugify(title: str, fallback: str = "story") -> str:
    """The title's words, lower-case with dashes, cut after a whole word at SLUG_MAX characters."""
    # 'Ça coûte' → 'ca coute': accents off rather than letters lost
    plain = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", plain):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            # a first word longer than the limit is the only one cut mid-word
            return slug or candidate[:SLUG_MAX]
        slug = candidate
    return slug or fallback


def new_story(folder: Path, title: str, day: dt.date, metric: str | None = None) -> Path:
    """Write the scaffold, citing ``metric`` (the site's first headline metric) if given;
    refuses to overwrite an existing file."""
    slug = slugify(title)
    path = Path(folder) / f"{day.isoformat()}-{slug}.md"
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose another title")
    taken = {re.sub(r"^\d{4}-\d{2}-\d{2}-", "", p.stem) for p in Path(folder).glob("*.md")}
    if slug in taken:
        raise FileExistsError(f"a story with the slug '{slug}' already exists in {folder}; choose another title")
    # json.dumps gives a double-quoted YAML string that any title survives
    text = TEMPLATE.format(
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
