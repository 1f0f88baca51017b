"""The partners: data/partners.yml, its checks, the directory and a page per partner."""
