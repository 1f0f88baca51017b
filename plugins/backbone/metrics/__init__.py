"""Metrics: the balanced scorecard, metric pages, charts, live figures and ROI.

Its loader (``load.load_metrics``) is passed to ``backbone.project.read_project`` by the
build when metrics are on; importing this package registers nothing.
"""
