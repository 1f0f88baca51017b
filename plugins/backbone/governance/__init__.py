"""Governance: data/governance.yml and its checks. Its page is in ``backbone.about``."""
