"""Korean for charts: titles, axis titles, legends, captions and hover labels (English text ->
Korean), terms as in REFERENCES.md's glossary.
"""

KO: dict[str, str] = {}
