"""Governance: data/governance.yml, its checks and the governance page."""
