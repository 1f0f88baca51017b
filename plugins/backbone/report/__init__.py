"""The annual impact report: a print-ready, tagged PDF (PDF/A-2a, PDF/UA-1) from the site's data.

Read → model → render → write, as the site: ``letter`` reads content/reports/<year>.md (the
letter and what it features), ``assemble`` builds one plain ``ReportData`` from the objects
the build already has (the project, the metrics' figures and chart specs, ROI, the stories,
reviews and consented voices), ``typeset`` writes it as JSON beside a fixed Typst template
shipped here and compiles it in a folder holding only what the report needs. No MkDocs here.
"""
