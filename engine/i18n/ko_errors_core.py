"""Korean for the error messages of engine/core, training, runs and the CLI (English template -> Korean; see engine/i18n)."""

KO: dict[str, str] = {
    # a config's values (engine/core/validation.py, coerce.py); the key stays in front: "epochs: …"
    "{value!r} is out of range; allowed {interval}": (
        "{value!r}은(는) 허용 범위를 벗어났습니다. 허용 범위: {interval}"
    ),
    "{value!r} is not one of {allowed}": "{value!r}은(는) 허용되는 값이 아닙니다. 선택지: {allowed}",
    "picks digits or garments of an image set, not {dataset}": (
        "이미지 데이터셋의 숫자나 옷 종류를 고르는 설정입니다. {dataset}에는 쓸 수 없습니다"
    ),
    "{classes}: at least two different classes": "{classes}: 서로 다른 클래스가 2개 이상 필요합니다",
    "freezes conv blocks: needs arch=cnn, not {arch}": (
        "합성곱 블록을 고정하는 설정이라 arch=cnn이 필요합니다. 현재 값: {arch}"
    ),
    "needs at least one hidden layer, e.g. [100, 100]": (
        "은닉층이 하나 이상 필요합니다. 예: [100, 100]"
    ),
    "{n} layers; allowed 1 to 50": "층이 {n}개입니다. 1~50개까지 허용됩니다",
    "names the variant a branch starts from; empty here": (
        "분기가 시작될 변형의 이름을 적는 곳인데 비어 있습니다"
    ),
    "needs val_fraction > 0: stopping on the test set would leak it into training": (
        "val_fraction > 0이 필요합니다. 시험 데이터로 조기 종료를 하면 시험 데이터가 훈련에 새어 들어갑니다"
    ),
    "needs at least 2 examples per batch (batch_size={batch_size}, training examples="
    "{n_fit}): batch statistics of one example are undefined": (
        "배치마다 예제가 2개 이상 필요합니다(batch_size={batch_size}, 훈련 예제={n_fit}). 예제"
        " 하나로는 배치 통계를 정의할 수 없습니다"
    ),
    "leaves no validation example out of n_train={n_train}": (
        "n_train={n_train}에서 검증 예제가 하나도 남지 않습니다"
    ),
    "leaves no training example out of n_train={n_train}": (
        "n_train={n_train}에서 훈련 예제가 하나도 남지 않습니다"
    ),
    "works on images (mnist, fashion-mnist, digits), not {dataset}": (
        "이미지(mnist, fashion-mnist, digits)에만 쓸 수 있습니다. {dataset}에는 쓸 수 없습니다"
    ),
    "cnn needs images (mnist, fashion-mnist, digits), not {dataset}": (
        "cnn에는 이미지(mnist, fashion-mnist, digits)가 필요합니다. {dataset}에는 쓸 수 없습니다"
    ),
    "acts on conv feature maps: needs arch=cnn, not {arch}": (
        "합성곱 특징 맵에 작용하는 설정이라 arch=cnn이 필요합니다. 현재 값: {arch}"
    ),
    "drops residual blocks: needs arch=resmlp, not {arch}": (
        "잔차 블록을 건너뛰는 설정이라 arch=resmlp가 필요합니다. 현재 값: {arch}"
    ),
    "resmlp's residual blocks need one width, e.g. [100, 100]; got {hidden}": (
        "resmlp의 잔차 블록은 폭이 모두 같아야 합니다(예: [100, 100]). 받은 값: {hidden}"
    ),
    "an ensemble cannot be branched (its members train apart)": (
        "앙상블은 분기할 수 없습니다(구성원이 따로 훈련되기 때문입니다)"
    ),
    "unknown key; known keys: {keys}": "알 수 없는 키입니다. 사용할 수 있는 키: {keys}",
    "{value!r} is not true or false": "{value!r}은(는) true나 false가 아닙니다",
    "{value!r} is not an integer": "{value!r}은(는) 정수가 아닙니다",
    "{value!r} is not an integer or null": "{value!r}은(는) 정수나 null이 아닙니다",
    "{value!r} is not a number": "{value!r}은(는) 숫자가 아닙니다",
    "{value!r} is not a string": "{value!r}은(는) 문자열이 아닙니다",
    "{value!r} is not a variant name or null": "{value!r}은(는) 변형 이름이나 null이 아닙니다",
    "{value!r} is not a list of class labels like [5, 6, 7]": (
        "{value!r}은(는) [5, 6, 7] 같은 클래스 레이블 목록이 아닙니다"
    ),
    "{value!r} is not a list of layer widths like [100, 100]": (
        "{value!r}은(는) [100, 100] 같은 층 폭 목록이 아닙니다"
    ),
    # a job and its variants (engine/core/config.py)
    "a job needs at least one variant": "작업에는 변형이 하나 이상 필요합니다",
    "variant name {name!r} must be a non-empty string": (
        "변형 이름 {name!r}은(는) 비어 있지 않은 문자열이어야 합니다"
    ),
    "overrides must be a JSON object": "바꿀 값은 JSON 객체여야 합니다",
    "expected a JSON object, got {type}": "JSON 객체가 필요한데 {type}을(를) 받았습니다",
    "unknown job key; known: name, base, variants": (
        "알 수 없는 작업 키입니다. 사용할 수 있는 키: name, base, variants"
    ),
    "must be a JSON object of name -> overrides": "이름 -> 바꿀 값 형태의 JSON 객체여야 합니다",
    "not valid JSON ({error} at line {line})": "올바른 JSON이 아닙니다({line}번째 줄: {error})",
    "expected key=value": "key=value 형식이어야 합니다",
    "no variant {name!r}; variants: {variants}": "변형 {name!r}이(가) 없습니다. 변형: {variants}",
    "use key=value or VARIANT.key=value": "key=value 또는 VARIANT.key=value 형식을 쓰세요",
    "{name!r} is not a variant; variants: {variants}": (
        "{name!r}은(는) 변형이 아닙니다. 변형: {variants}"
    ),
    "{name!r} is itself a branch; branch from its parent": (
        "{name!r}은(는) 그 자체가 분기입니다. 그 부모에서 분기하세요"
    ),
    "{epoch} is out of range; a branch starts at an epoch from 1 to {last} of its parent's"
    " {epochs}": (
        "{epoch}은(는) 범위를 벗어났습니다. 분기는 부모의 {epochs} 에폭 중 1~{last} 에폭에서"
        " 시작합니다"
    ),
    "a branch can change only {keys} (it continues its parent's network and batches)": (
        "분기는 {keys}만 바꿀 수 있습니다(부모의 신경망과 배치를 이어서 쓰기 때문입니다)"
    ),
    # data (engine/core/data.py)
    "fashion-mnist files not found; install Debian's dataset-fashion-mnist or put the four IDX"
    " files in {folder}": (
        "fashion-mnist 파일을 찾을 수 없습니다. Debian의 dataset-fashion-mnist를 설치하거나"
        " IDX 파일 4개를 {folder}에 넣으세요"
    ),
    "{name!r} is not an image dataset": "{name!r}은(는) 이미지 데이터셋이 아닙니다",
    "asks {k} examples of class {cls}; only {n}": (
        "클래스 {cls}의 예제를 {k}개 요청했지만 {n}개뿐입니다"
    ),
    "{n_train} is larger than the {n} training images": (
        "{n_train}은(는) 훈련 이미지 {n}개보다 많습니다"
    ),
    "{n_test} is more than the {n} left": "{n_test}은(는) 남은 {n}개보다 많습니다",
    "{n_train} leaves no test images out of {total}; allowed 1 to {most}": (
        "{n_train}개를 쓰면 {total}개 중 시험 이미지가 남지 않습니다. 1~{most}까지 허용됩니다"
    ),
    "{name!r} is not a 2-D set": "{name!r}은(는) 2차원 데이터셋이 아닙니다",
    # training (engine/training)
    "cuda requested but torch sees no CUDA device": (
        "cuda를 요청했지만 torch가 CUDA 장치를 찾지 못했습니다"
    ),
    "{splits}: train and any of val, test": "{splits}: train과 함께 val, test 중에서 고르세요",
    "all variants must use one device": "모든 변형이 같은 장치를 써야 합니다",
    "loss became non-finite in epoch {epoch}": "에폭 {epoch}에서 손실이 유한하지 않은 값이 되었습니다",
    # the run store and its worker (engine/runs)
    "{shown!r} is not a run id (a whole number from 1 to {most})": (
        "{shown!r}은(는) 실행 번호가 아닙니다(1부터 {most}까지의 정수)"
    ),
    "{path} is not a readable Reglab store: {error}": (
        "{path}은(는) 읽을 수 있는 Reglab 저장소가 아닙니다: {error}"
    ),
    "cannot create a store at {path}: {error}": "{path}에 저장소를 만들 수 없습니다: {error}",
    "worker process ended": "작업 프로세스가 끝났습니다",
    "worker process killed by {signal}": "작업 프로세스가 {signal}(으)로 종료되었습니다",
    "worker process killed by signal {number}": "작업 프로세스가 시그널 {number}(으)로 종료되었습니다",
    "worker process exited with status {code}": "작업 프로세스가 상태 {code}(으)로 끝났습니다",
    "the server stopped while this job ran": "이 작업이 실행되는 중에 서버가 멈췄습니다",
    # the command line (engine/cli.py, cli_parser.py, console.py)
    "reglab: error: {error}": "reglab: 오류: {error}",
    "reglab: export: {error}": "reglab: 내보내기: {error}",
    "reglab: internal error: {kind}: {error} (details in {log})": (
        "reglab: 내부 오류: {kind}: {error} (자세한 내용: {log})"
    ),
    "argument {error}": "인자 {error}",
    "app: the dashboard package reglab_ui is not installed; reinstall reglab": (
        "app: 대시보드 패키지 reglab_ui가 설치되어 있지 않습니다. reglab을 다시 설치하세요"
    ),
    "--config: cannot read {path}: {reason}": "--config: {path}을(를) 읽을 수 없습니다: {reason}",
    "reproduce: {name!r} is not one of {allowed}": (
        "reproduce: {name!r}은(는) 재현할 수 있는 실험이 아닙니다. 선택지: {allowed}"
    ),
    "--format: {value!r} is not one of {allowed}": (
        "--format: {value!r}은(는) 허용되는 형식이 아닙니다. 선택지: {allowed}"
    ),
    "RUN_ID: no stored run {run_id} (see `reglab runs`)": (
        "RUN_ID: 저장된 실행 {run_id}이(가) 없습니다(`reglab runs`로 확인하세요)"
    ),
    "{out} is a file, not a folder": "{out}은(는) 폴더가 아니라 파일입니다",
    "cannot write in {out} ({reason})": "{out}에 쓸 수 없습니다({reason})",
    "source: {source}": "출처: {source}",
}
