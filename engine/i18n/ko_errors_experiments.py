"""Korean for the error messages of engine/experiments, figures and the pages (English template -> Korean; see engine/i18n)."""

KO: dict[str, str] = {
    # search ranges and settings (engine/experiments/search_spec.py)
    "{name!r} is not searchable; searchable: {params}": (
        "{name!r}은(는) 탐색할 수 없는 하이퍼파라미터입니다. 탐색 가능: {params}"
    ),
    "{value!r} is not a finite number": "{value!r}은(는) 유한한 수가 아닙니다",
    "low {lo:g} must be below high {hi:g}": "하한 {lo:g}은(는) 상한 {hi:g}보다 작아야 합니다",
    "low {lo:g} must be > 0 on a log scale": "로그 스케일에서는 하한 {lo:g}이(가) 0보다 커야 합니다",
    "{lo:g}..{hi:g} leaves the allowed {min:g}..{max:g}": (
        "{lo:g}..{hi:g}이(가) 허용 범위 {min:g}..{max:g}을(를) 벗어납니다"
    ),
    "{text!r}: expected NAME=LOW:HIGH, e.g. lr=1e-5:1e-1": (
        "{text!r}: NAME=LOW:HIGH 형식이어야 합니다 (예: lr=1e-5:1e-1)"
    ),
    "{bounds!r} is not LOW:HIGH numbers": "{bounds!r}은(는) LOW:HIGH 형식의 수가 아닙니다",
    "{value!r} is out of range; allowed {lo} to {hi}": (
        "{value!r}은(는) 범위를 벗어났습니다. 허용: {lo}~{hi}"
    ),
    "{value} is out of range; allowed {lo} to {hi}": (
        "{value}은(는) 범위를 벗어났습니다. 허용: {lo}~{hi}"
    ),
    "{value!r} is not one of {choices}": "{value!r}은(는) 다음 중 하나가 아닙니다: {choices}",
    "search at least one hyperparameter": "하이퍼파라미터를 하나 이상 탐색하세요",
    "a hyperparameter is given twice: {names}": "같은 하이퍼파라미터가 두 번 주어졌습니다: {names}",
    "{value} must be >= 0": "{value}은(는) 0 이상이어야 합니다",
    "a search needs a validation split (e.g. 0.2): it never selects on test": (
        "탐색에는 검증 데이터 분할(예: 0.2)이 필요합니다: 탐색은 시험 데이터로 고르지 않습니다"
    ),
    "a search trains one seed per trial; set seeds=1": (
        "탐색은 시도마다 시드 하나로 훈련합니다. seeds=1로 설정하세요"
    ),
    # the study's storage and Ray (engine/experiments/search.py, search_ray.py)
    "cannot open {url}: {kind}: {error}": "{url}을(를) 열 수 없습니다: {kind}: {error}",
    "Ray is not installed; install it with pip install 'reglab[ray]'": (
        "Ray가 설치되어 있지 않습니다. pip install 'reglab[ray]'로 설치하세요"
    ),
    "cannot join a Ray cluster at {address}: {error}": (
        "{address}의 Ray 클러스터에 참여할 수 없습니다: {error}"
    ),
    "{address!r} is not HOST:PORT (e.g. 127.0.0.1:6379)": (
        "{address!r}은(는) HOST:PORT 형식이 아닙니다 (예: 127.0.0.1:6379)"
    ),
    "no Ray cluster answers at {address} ({error})": "{address}에서 응답하는 Ray 클러스터가 없습니다 ({error})",
    # the Lab's comparison (engine/experiments/lab.py)
    "add at least one variant": "변형을 하나 이상 추가하세요",
    "every variant needs a name": "모든 변형에는 이름이 있어야 합니다",
    "two variants are called {name!r}; names must differ": (
        "변형 두 개의 이름이 모두 {name!r}입니다. 이름은 서로 달라야 합니다"
    ),
    "{parent!r} is not a variant of this comparison": "{parent!r}은(는) 이 비교의 변형이 아닙니다",
    "the images are {side} pixels wide": "이미지의 너비가 {side}픽셀입니다",
    # a shared link's problems (engine/experiments/lab_links.py)
    "variants: not a list of variant rows; kept the default ablation": (
        "variants: 변형 행의 목록이 아닙니다. 기본 하나씩 더하기(ablation)를 유지했습니다"
    ),
    "{key}: unknown setting in the link; ignored": "{key}: 링크에 알 수 없는 설정이 있어 무시했습니다",
    "{key}: {text!r} is not valid; kept {kept!r}": (
        "{key}: {text!r}은(는) 올바른 값이 아닙니다. {kept!r}을(를) 유지했습니다"
    ),
    "{key}: {text!r} is not valid ({why}); kept {kept!r}": (
        "{key}: {text!r}은(는) 올바른 값이 아닙니다 ({why}). {kept!r}을(를) 유지했습니다"
    ),
    "allowed true, false": "허용: true, false",
    "allowed {lo} to {hi}": "허용: {lo}~{hi}",
    "allowed {values}": "허용: {values}",
    "{error}; the link's setup was replaced by the defaults": (
        "{error}; 링크의 설정을 기본값으로 바꿨습니다"
    ),
    # figure export (engine/figures/export.py)
    "PNG/SVG/PDF export needs Chromium: install Debian's 'chromium' package"
    " (apt-get install chromium) or set BROWSER_PATH to a Chrome/Chromium binary."
    " HTML, CSV and JSON export work without it.": (
        "PNG/SVG/PDF로 내보내려면 Chromium이 필요합니다: Debian의 'chromium' 패키지를 설치하거나"
        " (apt-get install chromium) BROWSER_PATH를 Chrome/Chromium 실행 파일로 설정하세요."
        " HTML, CSV, JSON 내보내기는 Chromium 없이도 됩니다."
    ),
    "Korean PNG/SVG/PDF export needs a font with Hangul, and fontconfig finds none"
    " (fc-list :lang=ko is empty): install Debian's 'fonts-nanum' package"
    " (apt-get install fonts-nanum), or run `make chromium` (scripts/ensure-chromium.sh installs"
    " Chromium and the fonts). Without it every Korean letter is drawn as an empty box."
    " HTML, CSV and JSON export work without it.": (
        "한국어 PNG/SVG/PDF로 내보내려면 한글 글꼴이 필요한데, fontconfig가 찾지 못했습니다"
        " (fc-list :lang=ko 결과가 비어 있음): Debian의 'fonts-nanum' 패키지를 설치하거나"
        " (apt-get install fonts-nanum), `make chromium`을 실행하세요 (scripts/ensure-chromium.sh가"
        " Chromium과 글꼴을 설치합니다). 글꼴이 없으면 한글이 모두 빈 네모로 그려집니다."
        " HTML, CSV, JSON 내보내기는 글꼴 없이도 됩니다."
    ),
    "static export failed ({kind}: {error}). {hint}": (
        "정적 이미지 내보내기에 실패했습니다 ({kind}: {error}). {hint}"
    ),
    "unknown figure format {fmt!r}; choose png, svg, pdf or html": (
        "알 수 없는 그림 형식 {fmt!r}입니다. png, svg, pdf, html 중에서 고르세요"
    ),
    "no stored job with id {job_id}": "ID가 {job_id}인 작업이 저장소에 없습니다",
    "unknown format {fmt!r}; choose from {choices}": (
        "알 수 없는 형식 {fmt!r}입니다. 다음 중에서 고르세요: {choices}"
    ),
    "refusing to write outside {folder}: {name!r}": "{folder} 밖에는 쓰지 않습니다: {name!r}",
}
