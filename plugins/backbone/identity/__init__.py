"""The partnership's identity: data/identity.yml, its brand (colours, contrast, CSS), the logo's
contrast measured from its pixels, and the theme's languages. Its page, the brand kit, is in
``backbone.about``."""
