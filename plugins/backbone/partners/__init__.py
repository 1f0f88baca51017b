"""The partners: data/partners.yml and its checks. Their pages are in ``backbone.about``."""
