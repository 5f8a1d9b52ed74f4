"""Korean for the error messages of engine/core, training, runs and the CLI (English template -> Korean; see engine/i18n)."""

KO: dict[str, str] = {}
