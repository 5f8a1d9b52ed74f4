"""Korean for the dashboard: navigation, the Lab, Runs and search pages, widgets, messages (English
text -> Korean), terms as in REFERENCES.md's glossary.
"""

KO: dict[str, str] = {}
