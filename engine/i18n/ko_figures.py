"""Korean for charts: titles, axis titles, legends, captions and hover labels (English text ->
Korean), terms as in REFERENCES.md's glossary.
"""

KO: dict[str, str] = {
    # shared words: splits, axes, legends
    "train": "훈련",
    "val": "검증",
    "validation": "검증",
    "test": "시험",
    "epoch": "에폭",
    "epoch {epoch}": "에폭 {epoch}",
    "epochs": "에폭",
    "variant": "변형",
    "split": "데이터",
    "accuracy": "정확도",
    "loss": "손실",
    "gap": "격차",
    "class": "클래스",
    "fraction": "비율",
    "confidence": "신뢰도",
    "activation": "활성화",
    "test accuracy": "시험 정확도",
    "validation accuracy": "검증 정확도",
    "val acc": "검증 정확도",
    "eval mode": "평가 모드",
    "train mode": "훈련 모드",
    "MC dropout": "MC 드롭아웃",
    # captions (job_figures.caption_for) and report.html
    "{dataset}: {train} train / {val} val / {test} test": (
        "{dataset}: 훈련 {train} / 검증 {val} / 시험 {test}"
    ),
    "ConvNet 16-32 conv +": "합성곱 신경망 16-32 합성곱 +",
    "residual MLP": "잔차 MLP",
    "{kind} {arch} {activation}, init {init}": "{kind} {arch} {activation}, 초기화 {init}",
    "{optimizer} lr {lr}, batch {batch}, {epochs} epochs, seeds {seeds}": (
        "{optimizer} 학습률 {lr}, 배치 {batch}, {epochs} 에폭, 시드 {seeds}개"
    ),
    "Reglab job {id} ({name})": "Reglab 작업 {id} ({name})",
    "{name} from {parent} at epoch {epoch}": "{name}: {parent}의 에폭 {epoch}에서",
    "branched: {branches}": "분기: {branches}",
    "Reglab run {id}": "Reglab 실행 {id}",
    "{n} variants": "변형 {n}개",
    "Summary": "요약",
    "Figures": "그래프",
    "Config": "설정",
    "Job config (config.json)": "작업 설정 (config.json)",
    "status": "상태",
    "failed": "실패",
    "interrupted": "중단됨",
    "diverged": "발산",
    "cancelled": "취소됨",
    "running": "실행 중",
    "queued": "대기 중",
    "finished": "완료",
    # plots.py
    "Loss": "손실",
    "Accuracy": "정확도",
    "Accuracy (train dashed, test solid)": "정확도 (훈련 점선, 시험 실선)",
    "cross-entropy loss": "교차 엔트로피 손실",
    "Cross-entropy loss": "교차 엔트로피 손실",
    "{label} — diverged at epoch {epoch}": "{label} — 에폭 {epoch}에서 발산",
    "Generalization gap (train − {split} accuracy)": "일반화 격차 (훈련 − {split} 정확도)",
    "Final accuracy (hatched: train, solid: test)": "최종 정확도 (빗금: 훈련, 채움: 시험)",
    # guided_plots.py
    "{v}: input to one last-layer unit": "{v}: 마지막 층 한 유닛의 입력",
    "training steps": "훈련 단계",
    "BatchNorm keeps a unit's input distribution steady "
    "(15th dotted, 50th solid, 85th dashed percentile)": (
        "배치 정규화는 유닛 입력의 분포를 일정하게 유지한다 (15 백분위수 점선, 50 실선, 85 파선)"
    ),
    "running stats (eval)": "이동 평균 통계 (평가)",
    "batch stats, {b}": "배치 통계, {b}",
    "{v} (trained with batches of {b})": "{v} (배치 {b}로 훈련)",
    "BN at test time: running statistics vs the test batch's own": (
        "시험 때의 배치 정규화: 이동 평균 통계 대 시험 배치 자체의 통계"
    ),
    "how BN normalizes at test time": "시험 때 배치 정규화가 정규화하는 방법",
    "Test accuracy: model.eval() vs left in train mode": (
        "시험 정확도: model.eval() 대 훈련 모드 그대로"
    ),
    "evaluated in": "평가 방식",
    "{s}: one training pass vs eval": "{s}: 훈련 패스 한 번 대 평가",
    "{s}: mean of {n} passes": "{s}: 패스 {n}번의 평균",
    "training pass": "훈련 패스",
    "eval-mode output": "평가 모드 출력",
    "mean training output": "훈련 출력의 평균",
    "One ReLU layer under dropout p = {p}": "드롭아웃 p = {p}를 적용한 ReLU 층 하나",
    "mean activation of each unit": "유닛별 평균 활성화",
    "activations (log count)": "활성화 (로그 개수)",
    "{v} (mean {mean:.2f})": "{v} (평균 {mean:.2f})",
    "Dropout makes hidden activations sparser": "드롭아웃은 은닉층 활성화를 더 희소하게 만든다",
    "label {y}": "레이블 {y}",
    "Class probabilities over MC passes (mean ± std)": "MC 패스에 걸친 클래스 확률 (평균 ± 표준편차)",
    "best {epoch}": "최고 {epoch}",
    "Accuracy — dotted line: best validation epoch": "정확도 — 점선: 검증 정확도가 가장 높은 에폭",
    # sweep_plots.py
    "Final accuracy against {key}": "{key}에 따른 최종 정확도",
    "{split} {what} per epoch": "에폭별 {split} {what}",
    "test accuracy vs passes T": "패스 수 T에 따른 시험 정확도",
    "predictive entropy (nats)": "예측 엔트로피 (nats)",
    "correct": "정답",
    "wrong": "오답",
    "Monte-Carlo dropout (dotted: weight scaling)": "몬테카를로 드롭아웃 (점선: 가중치 스케일링)",
    # network.py, histograms.py
    "activations": "활성화",
    "pre-activations": "활성화 전 값",
    "weights": "가중치",
    "activation value": "활성화 값",
    "pre-activation value": "활성화 전 값",
    "weight value": "가중치 값",
    "layer {n} {what} (epoch {epoch})": "층 {n} {what} (에폭 {epoch})",
    "weight matrix {n} {what} (epoch {epoch})": "가중치 행렬 {n} {what} (에폭 {epoch})",
    "layer {n} {what}": "층 {n} {what}",
    "weight matrix {n} {what}": "가중치 행렬 {n} {what}",
    "layer {n}": "층 {n}",
    "≤ {lo} and {lo} … {next}": "≤ {lo} 및 {lo} … {next}",
    "{prev} … {hi} and ≥ {hi}": "{prev} … {hi} 및 ≥ {hi}",
    "end bins: ≤ {lo} and ≥ {hi}": "양 끝 구간: ≤ {lo}, ≥ {hi}",
    "Gradient norm per weight matrix": "가중치 행렬별 기울기 노름",
    "Dead (ReLU-like) or saturated (sigmoid/tanh) units": (
        "죽은 유닛 (ReLU 계열) 또는 포화된 유닛 (sigmoid/tanh)"
    ),
    "Activation histograms at initialization": "초기화 직후의 활성화 히스토그램",
    "no data yet": "아직 데이터 없음",
    "P(class 1)": "P(클래스 1)",
    "Decision boundary (training points)": "결정 경계 (훈련 데이터 점)",
    # paper.py
    "{label} (best)": "{label} (최고)",
    # calibration_plots.py
    "as trained": "훈련된 그대로",
    "temperature-scaled": "온도 스케일링",
    "perfectly calibrated": "완벽한 보정",
    "%{customdata} examples": "예제 %{customdata}개",
    "Reliability diagram, test split ({way})": "신뢰도 다이어그램, 시험 데이터 ({way})",
    "%{y:.1%} of examples (%{customdata})": "예제의 %{y:.1%} (%{customdata})",
    "Confidence histogram, test split": "신뢰도 히스토그램, 시험 데이터",
    "confidence (max softmax probability)": "신뢰도 (최대 softmax 확률)",
    "fraction of test examples": "시험 예제 비율",
    "Brier score": "Brier 점수",
    "Calibration of each variant, test split (lower is better)": (
        "변형별 보정, 시험 데이터 (낮을수록 좋음)"
    ),
    "1 − max softmax probability": "1 − 최대 softmax 확률",
    "against {source}: AUROC {auroc:.3f}": "{source}와 비교: AUROC {auroc:.3f}",
    "its own test split": "자체 시험 데이터",
    "the other dataset": "다른 데이터셋",
    "one pass": "한 번의 패스",
    "Unfamiliar inputs ({how}): {label}": "낯선 입력 ({how}): {label}",
    "inputs": "입력",
    # transfer_plots.py
    "input ({label})": "입력 ({label})",
    "channel {c}": "채널 {c}",
    "Bottleneck feature maps of the source ConvNet on the target task's images": (
        "목표 과제의 이미지에 대한 원본 합성곱 신경망의 병목 특징 맵"
    ),
    "bottleneck features": "병목 특징",
    "raw pixels": "원시 픽셀",
    "Two principal components, coloured by class": "두 주성분, 클래스별 색",
    "spread {spread:.2f}": "퍼짐 {spread:.2f}",
    "class template": "클래스 템플릿",
    "Penultimate layer: three classes on the plane of their templates": (
        "끝에서 두 번째 층: 템플릿이 이루는 평면 위의 세 클래스"
    ),
    "spread: mean distance to one's class centre over mean distance between centres": (
        "퍼짐: 자기 클래스 중심까지의 평균 거리 ÷ 중심 사이의 평균 거리"
    ),
    # search_plots.py
    "learning rate": "학습률",
    "weight decay λ": "가중치 감소 λ",
    "dropout p": "드롭아웃 p",
    "init std": "초기화 표준편차",
    "The best {name} ({value:.3g}) sits at the top edge of the searched range"
    " {lo:g}…{hi:g} (outer {fraction:.0%} of the {scale}range): the optimum may"
    " lie beyond it; widen the range on that side.": (
        "가장 좋은 {name} ({value:.3g})이(가) 탐색 범위 {lo:g}…{hi:g}의 위쪽 끝"
        " ({scale}범위의 바깥쪽 {fraction:.0%})에 있습니다: 최적값이 범위 밖에 있을 수 있으니"
        " 그쪽으로 범위를 넓히세요."
    ),
    "The best {name} ({value:.3g}) sits at the bottom edge of the searched"
    " range {lo:g}…{hi:g} (outer {fraction:.0%} of the {scale}range): the"
    " optimum may lie beyond it; widen the range on that side.": (
        "가장 좋은 {name} ({value:.3g})이(가) 탐색 범위 {lo:g}…{hi:g}의 아래쪽 끝"
        " ({scale}범위의 바깥쪽 {fraction:.0%})에 있습니다: 최적값이 범위 밖에 있을 수 있으니"
        " 그쪽으로 범위를 넓히세요."
    ),
    "log ": "로그 ",
    "trial": "시도",
    "trials": "시도",
    "pruned": "가지치기됨",
    "best (trial {trial})": "최고 (시도 {trial})",
    "Validation accuracy over the search space": "탐색 공간에 걸친 검증 정확도",
    "Top {k} trials: validation (solid) and train (dashed)": (
        "상위 {k}개 시도: 검증 (실선)과 훈련 (점선)"
    ),
    "Parallel coordinates: parameters → validation accuracy": "평행 좌표: 파라미터 → 검증 정확도",
    "Grid: {n} distinct x": "그리드: 서로 다른 x {n}개",
    "Random: {n} distinct x": "랜덤: 서로 다른 x {n}개",
    "g(x), important": "g(x), 중요함",
    "tried x": "시도한 x",
    " · best score {score:.2f} of 1.00": " · 최고 점수 {score:.2f} / 1.00",
    "x (important)": "x (중요함)",
    "y (unimportant)": "y (중요하지 않음)",
    "Grid vs random search, same budget of {budget} trials (synthetic score, not a training run)": (
        "그리드 서치 대 랜덤 서치, 같은 예산 {budget}번의 시도 (합성 점수이며 훈련 실행이 아님)"
    ),
    "f(x, y) = g(x) + h(y): g (blue) a narrow peak, h a ±0.05 ripple; red: the trials. Random"
    " search tries {budget} values of the parameter that matters; a grid tries {side}. After"
    " Bergstra & Bengio 2012, Fig. 1; cs231n.": (
        "f(x, y) = g(x) + h(y): g(파랑)는 좁은 봉우리, h는 ±0.05의 잔물결; 빨강: 시도."
        " 랜덤 서치는 중요한 파라미터의 값을 {budget}개 시도하고, 그리드는 {side}개만 시도합니다."
        " Bergstra & Bengio 2012, 그림 1; cs231n을 따름."
    ),
}
