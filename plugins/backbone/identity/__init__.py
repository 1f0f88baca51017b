"""The partnership's identity: data/identity.yml, its brand (colours, contrast, CSS), the theme's
languages, and the brand kit page."""
