"""Metrics: the balanced scorecard, metric pages, charts, live figures and ROI.

Importing the package registers the metrics loader, so metric problems are
reported with every other problem of the partnership's files.
"""

from ..project import FEATURE_LOADERS
from .load import load_metrics

if load_metrics not in FEATURE_LOADERS:
    FEATURE_LOADERS.append(load_metrics)
