"""Korean for the error messages of engine/experiments, figures and the pages (English template -> Korean; see engine/i18n)."""

KO: dict[str, str] = {}
