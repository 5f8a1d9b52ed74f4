"""Korean for the Lab page: its sidebar, modes, variants table, live view and messages
(English text -> Korean), terms as in REFERENCES.md's glossary."""

KO: dict[str, str] = {}
