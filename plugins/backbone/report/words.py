"""Every word the report's template prints, in one place: a catalog translates this dict
(issue "Speak the partnership's language"); the template never holds a word of its own."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message for the catalog (render/words.py); the report translates it."""
    return message


WORDS_EN: dict[str, str] = {
    "annual_report": N_("Annual report"),
    "contents": N_("Contents"),
    "purpose": N_("Our purpose"),
    "letter": N_("A letter from the partnership"),
    "scorecard": N_("The scorecard"),
    "scorecard_intro": N_("The few numbers the partners watch together, each at its latest figure in {window}."),
    "metric": N_("Metric"),
    "latest": N_("Latest figure"),
    "status": N_("Status"),
    "change": N_("Change"),
    "target": N_("Target"),
    "progress": N_("Progress to target"),
    "no_target": N_("No target"),
    "period": N_("Period"),
    "value": N_("Value"),
    "note": N_("Note"),
    "owner": N_("Lead partner"),
    "baseline": N_("Baseline"),
    "roi": N_("The return on investment"),
    "roi_intro": N_("What partners put in from {window}, and the value that came back."),
    "collective": N_("Collective return"),
    "invested": N_("Resources invested"),
    "value_created": N_("Value created"),
    "hours": N_("Hours of staff and volunteer time"),
    "how_calculated": N_("How we calculated this"),
    "outcome": N_("Outcome"),
    "rule": N_("How it is counted"),
    "units": N_("Units"),
    "per_unit": N_("Value per unit"),
    "assumption": N_("Assumption"),
    "source": N_("Source"),
    "sector": N_("Sector"),
    "share": N_("Share"),
    "stories": N_("Stories of the year"),
    "key_figures": N_("Key figures"),
    "partners": N_("Partners and what each one puts in"),
    "partners_intro": N_("Contributions from {window}: money, staff and volunteer time, and in kind."),
    "partner": N_("Partner"),
    "role": N_("Role"),
    "contribution": N_("Contribution"),
    "no_contribution": N_("no contribution recorded"),
    "governance": N_("How we decide"),
    "body": N_("Body"),
    "chair": N_("Chair"),
    "members": N_("Members"),
    "meets": N_("Meets"),
    "decision": N_("Decision"),
    "decides": N_("Who decides"),
    "how": N_("How"),
    "learning": N_("What we learned"),
    "reviews": N_("Reviews"),
    "review": N_("Review"),
    "kind": N_("Kind"),
    "date": N_("Date"),
    "actions_done": N_("Actions done"),
    "actions_open": N_("Actions still open"),
    "action": N_("Action"),
    "due": N_("Due"),
    "done_on": N_("Done"),
    "state": N_("State"),
    "voices": N_("What we heard"),
    "voices_intro": N_("Quoted with each person's consent."),
    "you_said": N_("You said"),
    "we_did": N_("We did"),
    "notes": N_("Data notes"),
    "gaps": N_("Figures we do not have, and why"),
    "no_gaps": N_("Every featured metric has a figure for every period of the year."),
    "sources": N_("Where the figures come from"),
    "method": N_("How status is judged"),
    "method_text": N_(
        "A metric is on track when its figure is no further behind the straight path from its baseline to its "
        "target than {tolerance} of the distance between them, at risk within twice that, and off track further "
        "behind. A figure is due {lag} days after its period ends."
    ),
    "colophon": N_("Colophon"),
    "colophon_built": N_(
        "{name} made this report on {date} from the same data as its website, with Backbone. "
        "Every figure in it is the website's figure for the same metric and period."
    ),
    "colophon_site": N_("The website, with every figure, chart and source: {url}"),
    "colophon_font": N_("Set in {font}."),
    "colophon_standards": N_("A tagged PDF for screen readers (PDF/UA-1) and for archives (PDF/A-2a)."),
    "page": N_("Page"),
    "figure": N_("Figure"),
    "table": N_("Table"),
    "none": "–",  # a dash is no word
}
