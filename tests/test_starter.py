"""The starter partnership `backbone new site` copies reads right before anyone edits it
(issue 22 item 9): the home page does not repeat the banner's tagline as its heading, and
what a file's comments say matches what the file does."""

from __future__ import annotations

from importlib import resources

import yaml

STARTER = resources.files("backbone") / "starter"


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---")[1])


def test_the_home_pages_heading_is_not_the_tagline_the_banner_shows():
    identity = yaml.safe_load((STARTER / "data/identity.yml").read_text(encoding="utf-8"))
    home = (STARTER / "content/index.md").read_text(encoding="utf-8")
    assert front_matter(home)["template"] == "home.html", "the banner with the tagline and purpose is shown"
    heading = next(line.removeprefix("# ") for line in home.splitlines() if line.startswith("# "))
    assert heading.casefold() != identity["tagline"].casefold()
    assert identity["purpose"].split(".")[0] not in home, "nor its purpose, word for word"


def test_each_storys_comment_says_what_its_draft_field_does():
    for story in (STARTER / "content/stories").iterdir():
        text = story.read_text(encoding="utf-8")
        draft = front_matter(text).get("draft", False)
        says_remove = "Remove 'draft: true'" in text or "remove 'draft: true'" in text
        assert says_remove == draft, f"{story.name}: draft is {draft}, its comment says otherwise"
