"""Korean for the CLI, reproduce.md, report.html and the published claims and verdicts (English
text -> Korean), terms as in REFERENCES.md's glossary.
"""

KO: dict[str, str] = {}
