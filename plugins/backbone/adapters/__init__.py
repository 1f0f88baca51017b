"""MkDocs plugins: thin adapters that hand MkDocs what the core produced."""
