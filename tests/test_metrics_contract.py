"""The FigureSource contract other features use, and the metric pages' sections (data)."""

from __future__ import annotations

from metrics_helpers import build, fixed_date, metrics_project
from mkdocs.config import load_config

from backbone.figures_api import FigureSource, KeyFigure


def test_plugin_exposes_figures_after_on_config(tmp_path):
    project = metrics_project(tmp_path)
    with fixed_date():
        config = load_config(str(project.path("site_config.yml")), site_dir=str(tmp_path / "site"))
        config = config.plugins.run_event("config", config)
    figures = config.plugins["backbone"].ctx.figures
    assert all(callable(getattr(figures, name, None)) for name in vars(FigureSource) if not name.startswith("_"))
    assert figures.metric_ids() == ["clinic-visits", "voucher-spend", "wait-days"]
    assert list(figures.periods("wait-days")) == ["2020", "2021", "2022", "2023"]
    assert figures.key_figure("clinic-visits") == KeyFigure(
        metric_id="clinic-visits",
        title="Clinic visits",
        value=160.0,
        text="160",
        period="2024-Q2",
        period_label="Q2 2024",
        change_text="up 6.7% on Q1 2024",
        latest_period="2024-Q2",
        page="metrics/clinic-visits/",
        unit="people",
    )
    old = figures.key_figure("voucher-spend", "2024-02")
    assert (old.text, old.period_label, old.change_text, old.latest_period, old.currency, old.decimals) == (
        "€1,100.00",
        "February 2024",
        "down 8.4% on January 2024",
        "2024-05",
        "EUR",
        2,
    )
    first = figures.key_figure("clinic-visits", "2022-Q4")  # the baseline: nothing earlier to compare with
    assert first.change_text is None and first.text == "100"


def test_metric_sections_are_rendered_on_metric_pages(tmp_path):
    project = metrics_project(tmp_path)
    # a tiny plugin standing in for the stories feature, registered through a local module:
    # a metric page's sections are HTML by metric id, made before the metric pages are
    project.write(
        "hooks.py",
        (
            "def on_config(config):\n"
            "    config.plugins['backbone'].ctx.metric_sections.setdefault('wait-days', []).append(\n"
            '        \'<section class="cited"><a href="../../">cited wait-days</a> & <b>x</b></section>\')\n'
            "    return config\n"
        ),
    )
    text = project.path("site_config.yml").read_text() + "hooks:\n  - hooks.py\n"
    project.write("site_config.yml", text)
    built = build(project)
    assert built.error is None, built.error
    section = built.html("metrics/wait-days/index.html").find("section", class_="cited")
    assert section.a.get_text() == "cited wait-days" and section.a["href"] == "../../"
    assert section.b.get_text() == "x"
