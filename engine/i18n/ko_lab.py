"""Korean for the Lab page: its sidebar, modes, variants table, live view and messages
(English text -> Korean), terms as in REFERENCES.md's glossary."""

KO: dict[str, str] = {
    # --- the Lab's page (reglab_ui/views/lab.py) --------------------------------------------
    "Reglab — see what regularization does": "Reglab — 정규화가 하는 일을 눈으로 보기",
    "Shared link: {problem}": "공유 링크: {problem}",
    "{error}; ignored": "{error}; 무시했습니다",
    "job: {text} is not a job in the store; ignored": (
        "job: {text}은(는) 저장소에 없는 작업입니다; 무시했습니다"
    ),
    "off": "끔",
    # data
    "Data": "데이터",
    "Dataset": "데이터셋",
    "n_train: {dataset} has {total} examples in all, too few for {asked} training examples and a"
    " test set; set to {n}.": (
        "n_train: {dataset}에는 예제가 모두 {total}개뿐이라 훈련 예제 {asked}개와 시험 데이터를"
        " 함께 둘 수 없습니다. {n}개로 맞췄습니다."
    ),
    "Training examples": "훈련 예제 수",
    "Log scale. 300 is where the book's overfitting shows.": (
        "로그 스케일. 책에서 과적합이 보이는 크기가 300입니다."
    ),
    "The book's 300": "책의 300개",
    "Noise": "노이즈",
    # model
    "Model": "모델",
    "Hidden layers": "은닉층 수",
    "Units per layer": "층당 유닛 수",
    "Activation": "활성화 함수",
    "Architecture": "구조",
    "small ConvNet": "작은 ConvNet",
    "residual MLP": "잔차 MLP",
    "MLP: the book's network. small ConvNet: two conv blocks (16, 32 channels), then the hidden"
    " layers above; images only. residual MLP: blocks h + f(h), for stochastic depth.": (
        "MLP: 책의 신경망. 작은 ConvNet: 합성곱 블록 2개(16, 32 채널) 뒤에 위의 은닉층; 이미지"
        " 전용. 잔차 MLP: h + f(h) 블록, 확률적 깊이(stochastic depth)용."
    ),
    # training
    "Training": "훈련",
    "Optimizer": "옵티마이저",
    "Learning rate": "학습률",
    "Batch size": "미니배치 크기",
    "Epochs": "에폭",
    "Seeds (mean ± band)": "시드 수 (평균 ± 범위)",
    "Validation fraction": "검증 데이터 비율",
    "Held out of the training images. Early stopping watches validation loss, never the test"
    " set.": ("훈련 이미지에서 떼어 둡니다. 조기 종료는 시험 데이터가 아니라 검증 손실을 봅니다."),
    "Device": "장치",
    "no GPU visible to torch here": "여기서는 torch에 보이는 GPU가 없음",
    # your regularizers
    "Your regularizers": "내 정규화 설정",
    "Custom rows: each row of the table sets its own dropout, BatchNorm, λ, init and early"
    " stopping, so these controls are off. Pick another comparison to use them.": (
        "직접 만든 행: 표의 각 행이 드롭아웃, 배치 정규화, λ, 가중치 초기화, 조기 종료를 스스로"
        " 정하므로 이 컨트롤은 꺼져 있습니다. 쓰려면 다른 비교 방식을 고르세요."
    ),
    "Dropout p": "드롭아웃 p",
    "Dropout style": "드롭아웃 방식",
    "inverted": "역 드롭아웃",
    "classic": "고전 드롭아웃",
    "inverted: ×1/(1−p) in training (PyTorch); classic: ×(1−p) at test (the book). Applies to"
    " every row.": (
        "역 드롭아웃: 훈련 때 ×1/(1−p) (PyTorch); 고전 드롭아웃: 시험 때 ×(1−p) (책). 모든 행에"
        " 적용됩니다."
    ),
    "BatchNorm": "배치 정규화",
    "BatchNorm position": "배치 정규화 위치",
    "before": "활성화 앞",
    "after": "활성화 뒤",
    "before or after the activation; applies to every row with BatchNorm": (
        "활성화 함수 앞 또는 뒤; 배치 정규화를 쓰는 모든 행에 적용됩니다"
    ),
    "Weight decay λ": "가중치 감소 λ",
    "adds 0.5·λ·ΣW² over every weight matrix": "모든 가중치 행렬에 대해 0.5·λ·ΣW²를 더합니다",
    "Weight init": "가중치 초기화",
    "he: N(0, 2/fan_in); xavier: N(0, 1/fan_in); normal: N(0, std²). Every row, the baseline"
    " too, starts from it.": (
        "he: N(0, 2/fan_in); xavier: N(0, 1/fan_in); normal: N(0, std²). 기준 모델을 포함한"
        " 모든 행이 이 초기화로 시작합니다."
    ),
    "Init std (normal)": "초기화 표준편차 (normal)",
    "Early stopping patience (0 = off)": "조기 종료 인내 에폭 (0 = 끔)",
    "Stops a variant after this many epochs without a lower validation loss; needs a validation"
    " fraction above 0.": (
        "검증 손실이 이 에폭 수 동안 낮아지지 않으면 그 변형의 훈련을 멈춥니다. 검증 데이터"
        " 비율이 0보다 커야 합니다."
    ),
    # comparison modes
    "Compare": "비교 방식",
    "Baseline vs yours": "기준 모델 대 내 설정",
    "Ablation": "하나씩 더하기 (ablation)",
    "Sweep one knob": "한 설정값 훑기 (sweep)",
    "Custom rows": "직접 만든 행",
    "Knob to sweep": "훑을 설정값",
    "Points": "값 개수",
    "dropout p": "드롭아웃 p",
    "init std": "초기화 표준편차",
    "weight decay λ": "가중치 감소 λ",
    "label smoothing ε": "레이블 스무딩 ε",
    "early stopping patience": "조기 종료 인내 에폭",
    # the variants table
    "name": "이름",
    "init": "초기화",
    "early stop": "조기 종료",
    "branch of": "분기 원본",
    "from epoch": "시작 에폭",
    "**{n} variants** — each row trains side by side on the same mini-batches from the same"
    " initial weights. Move a control in the sidebar and the rows follow.": (
        "**변형 {n}개** — 모든 행이 같은 초기 가중치에서 같은 미니배치로 나란히 훈련합니다."
        " 사이드바의 컨트롤을 움직이면 행이 따라 바뀝니다."
    ),
    "Edit these rows by hand": "이 행들을 직접 편집",
    "{knob}: {values}; your other regularizers stay on in every row.": (
        "{knob}: {values}; 다른 정규화 설정은 모든 행에서 그대로 켜져 있습니다."
    ),
    "**Custom rows** — add, rename, edit or remove rows; a blank cell takes the baseline's"
    " value. *branch of* / *from epoch* continue another row's network from that epoch.": (
        "**직접 만든 행** — 행을 추가하고, 이름을 바꾸고, 편집하거나 지울 수 있습니다. 빈 칸은"
        " 기준 모델의 값을 씁니다. *분기 원본* / *시작 에폭*은 다른 행의 신경망을 그 에폭부터"
        " 이어서 훈련합니다."
    ),
    # training, live retraining, branching
    "▶ Train": "▶ 훈련",
    "■ Stop": "■ 멈춤",
    "Retrain when I change something": "바꿀 때마다 다시 훈련",
    "Each change stops the running job and trains the new comparison (one job per burst of"
    " changes).": (
        "바꿀 때마다 실행 중인 작업을 멈추고 새 비교를 훈련합니다 (연달아 바꾸면 작업 하나)."
    ),
    "Retraining with your change…": "바꾼 설정으로 다시 훈련하는 중…",
    "Cannot train this setup — {error}": "이 설정으로는 훈련할 수 없습니다 — {error}",
    "Engine warming up (loading PyTorch and data)… a job submitted now starts when it is ready.": (
        "엔진 준비 중 (PyTorch와 데이터를 불러오는 중)… 지금 제출한 작업은 준비되는 대로"
        " 시작합니다."
    ),
    "Stopping job {job} …": "작업 {job} 멈추는 중 …",
    "Branch: change a regularizer mid-run": "분기: 훈련 도중 정규화 바꾸기",
    "A branch continues a variant's network and optimizer state from epoch N with one knob"
    " changed, on the same later mini-batches. Its curves start at epoch N on these charts; the"
    " comparison is retrained with it (the other rows give the same numbers, to float32"
    " round-off).": (
        "분기는 한 변형의 신경망과 옵티마이저 상태를 에폭 N부터 이어 받아 설정값 하나만 바꾸고,"
        " 이후의 같은 미니배치로 훈련합니다. 분기의 곡선은 이 그래프에서 에폭 N부터 시작합니다."
        " 비교 전체를 분기와 함께 다시 훈련합니다 (다른 행은 float32 반올림 오차 안에서 같은 값을"
        " 냅니다)."
    ),
    "Variant": "변형",
    "From epoch": "시작 에폭",
    "Change": "바꿀 설정",
    "to": "새 값",
    "Branch": "분기",
    "Cannot branch — {error}": "분기할 수 없습니다 — {error}",
    "press Train to start": "훈련을 눌러 시작하세요",
    "curves appear here live": "곡선이 여기에 실시간으로 나타납니다",
    "Set your regularizers in the sidebar, pick how to compare, and press **Train**. Every"
    " variant sees the same mini-batches in the same order, so differences are the"
    " regularizer's doing.": (
        "사이드바에서 정규화를 설정하고 비교 방식을 고른 뒤 **훈련**을 누르세요. 모든 변형이 같은"
        " 미니배치를 같은 순서로 보므로, 차이는 정규화 때문입니다."
    ),
    # --- the live view and export panel (reglab_ui/views/common.py) ---------------------------
    "Something went wrong: {kind}: {error}. Details were saved to {log}.": (
        "문제가 생겼습니다: {kind}: {error}. 자세한 내용은 {log}에 저장했습니다."
    ),
    "The file at {path} was not a readable Reglab store. It was kept, renamed to {name}, and a"
    " new store was started.": (
        "{path}의 파일은 읽을 수 있는 Reglab 저장소가 아니었습니다. 파일은 {name}(으)로 이름을"
        " 바꿔 보관했고, 새 저장소를 만들었습니다."
    ),
    "starting…": "시작하는 중…",
    "epoch {done} of {total} (all variants) · {elapsed:.0f} s elapsed · about {left:.0f} s"
    " left": "에폭 {done}/{total} (모든 변형) · {elapsed:.0f} s 지남 · 약 {left:.0f} s 남음",
    "Job {job} failed: {error}": "작업 {job} 실패: {error}",
    "Job {job} was interrupted ({error}); finished epochs are kept.": (
        "작업 {job} 중단됨 ({error}). 끝난 에폭은 그대로 남아 있습니다."
    ),
    "Job {job} was stopped; epochs trained so far are kept.": (
        "작업 {job} 멈춤. 지금까지 훈련한 에폭은 그대로 남아 있습니다."
    ),
    "Variant **{name}** diverged at epoch {epoch}: {message}": (
        "변형 **{name}**: 에폭 {epoch}에서 발산했습니다: {message}"
    ),
    "Job {job} is not in the store (deleted?).": "작업 {job}은(는) 저장소에 없습니다 (삭제됨?).",
    "Job {job}: {name} — status **{status}**": "작업 {job}: {name} — 상태 **{status}**",
    "Waiting for the first epoch…": "첫 에폭을 기다리는 중…",
    "View": "보기",
    "Curves": "곡선",
    "Inside the network": "신경망 내부",
    "Gradients & dead units": "기울기와 죽은 유닛",
    "Decision boundary": "결정 경계",
    "Bottleneck features": "병목 특징",
    "Calibration": "보정",
    "Layer": "층",
    "hidden layer {n}": "은닉층 {n}",
    "conv block {n}": "합성곱 블록 {n}",
    "Histograms are measured on 256 fixed test images after every epoch up to 20, then at about"
    " 50 more epochs of a long run and at the epoch a variant ends.": (
        "히스토그램은 고정된 시험 이미지 256장에서 측정합니다: 에폭 20까지는 매 에폭, 긴 실행에서는"
        " 그 뒤로 약 50개 에폭에서 더, 그리고 변형이 끝나는 에폭에서."
    ),
    "Measured once after training, on the test split, for each variant's first seed: ECE over 15"
    " confidence bins, NLL and Brier score. Temperature scaling is fitted on the validation split"
    " (set a validation fraction above 0 to see it); MC dropout averages 20 passes for MLP"
    " variants with dropout (a ConvNet's would take 20 test passes).": (
        "훈련이 끝난 뒤 시험 데이터에서 각 변형의 첫 시드로 한 번 측정합니다: 신뢰도 구간 15개에"
        " 대한 ECE, NLL, Brier 점수. 온도 스케일링은 검증 데이터에 맞춥니다 (보려면 검증 데이터"
        " 비율을 0보다 크게 하세요). MC 드롭아웃은 드롭아웃이 있는 MLP 변형에서 20번의 순전파를"
        " 평균합니다 (ConvNet이면 시험 데이터를 20번 통과해야 합니다)."
    ),
    "Export": "내보내기",
    "Chart": "그래프",
    "Format": "형식",
    "Download chart": "그래프 다운로드",
    "Metrics CSV": "지표 CSV",
    "Config JSON": "설정 JSON",
    "All (ZIP)": "전체 (ZIP)",
    # chart names in the export panel (common.CHART_TITLES)
    "Loss": "손실",
    "Accuracy": "정확도",
    "Train–test gap": "훈련–시험 격차",
    "Final accuracy": "최종 정확도",
    "Activation histograms": "활성화 히스토그램",
    "Pre-activation histograms": "활성화 전 값 히스토그램",
    "Weight histograms": "가중치 히스토그램",
    "Gradient norms": "기울기 노름",
    "Dead / saturated units": "죽은 / 포화된 유닛",
    "Reliability diagram": "신뢰도 다이어그램",
    "Confidence histogram": "신뢰도 히스토그램",
    "ECE, NLL and Brier score": "ECE, NLL, Brier 점수",
    "Unfamiliar inputs (OOD)": "낯선 입력 (OOD)",
    # the toolbox's sliders: the method's name stays, the symbol's role is said
    "DropConnect p": "DropConnect 비율 p",
    "L1 λ": "L1 계수 λ",
    "Max-norm c": "max-norm 상한 c",
    "Mixup α": "mixup 계수 α",
    # the export panel's chart names
    "Best epoch (validation)": "최고 에폭 (검증)",
    "BN against plain, per init scale": "초기화 크기별 배치 정규화 대 일반 신경망",
    "Final accuracy over init scale": "초기화 크기에 따른 최종 정확도",
    "Accuracy over dropout p": "드롭아웃 p에 따른 정확도",
    "Activation histograms by layer": "층별 활성화 히스토그램",
    "MC dropout": "MC 드롭아웃",
    "Unit percentiles over training": "훈련 중 유닛 백분위수",
    "BN over batch sizes": "배치 크기별 배치 정규화",
    "Train-mode against eval-mode": "훈련 모드 대 평가 모드",
    "Activation sparsity": "활성화 희소성",
    "One layer under dropout": "드롭아웃을 건 한 층",
    "MC dropout examples": "MC 드롭아웃 예시",
    "Feature maps": "특징 맵",
    "Bottleneck features (PCA)": "병목 특징 (PCA)",
    "Penultimate-layer clusters": "끝에서 두 번째 층의 군집",
}
