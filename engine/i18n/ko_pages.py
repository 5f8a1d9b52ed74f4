"""Korean for the dashboard: navigation, the Runs and search pages, the guided pages' widgets
and messages (English text -> Korean), terms as in REFERENCES.md's glossary."""

KO: dict[str, str] = {
    # navigation (reglab_ui/app.py)
    "Experiment": "실험",
    "Lab": "실험실",
    "Runs": "실행 기록",
    "Hyperparameter search": "하이퍼파라미터 탐색",
    "Guided experiments": "안내 실험",
    "Init & BatchNorm": "초기화와 배치 정규화",
    "Dropout & MC dropout": "드롭아웃과 MC 드롭아웃",
    "Overfitting lab": "과적합 실험실",
    "More regularizers (cs231n)": "더 많은 정규화 방법 (cs231n)",
    # (job and variant status words: engine.i18n.STATUSES, Korean in ko_figures)
    # Runs page (reglab_ui/views/runs.py)
    "{dataset} n={n}, {depth}×{width} {activation}, {optimizer} lr {lr:g}, {epochs} ep"
    " · {variants} variants": "{dataset} n={n}, {depth}×{width} {activation}, {optimizer} lr"
    " {lr:g}, {epochs} 에폭 · 변형 {variants}개",
    "name": "이름",
    "status": "상태",
    "date": "날짜",
    "config": "설정",
    "job {n}: ": "작업 {n}: ",
    "Overlay of jobs {ids}": "작업 {ids} 겹쳐 보기",
    "Name": "이름",
    "Rename": "이름 바꾸기",
    "Run again": "다시 실행",
    "Queued as job {n}; follow it on the Lab page.": "작업 {n}(으)로 대기열에 넣었습니다."
    " 실험실 페이지에서 진행을 지켜보세요.",
    "Delete": "삭제",
    "Delete job {n} and all its epochs?": "작업 {n}과(와) 그 모든 에폭을 삭제할까요?",
    "Yes, delete": "예, 삭제합니다",
    "No runs yet. Train something on the Lab page, or"
    " `reglab train --preset overfit-book --out out/`.": "아직 실행 기록이 없습니다. 실험실 페이지에서"
    " 무언가를 훈련하거나 `reglab train --preset overfit-book --out out/`을 실행하세요.",
    "Open a run, or pick several to overlay their variants": "실행 하나를 열거나, 여러 개를 골라 변형들을"
    " 겹쳐 보세요",
    "Pick one run to open it, several to overlay their variants.": "하나를 고르면 그 실행을 열고,"
    " 여러 개를 고르면 변형들을 겹쳐 봅니다.",
    "Choose options": "골라 주세요",
    "Open this search's results": "이 탐색의 결과 열기",
    # Hyperparameter search page (reglab_ui/views/search.py)
    "learning rate (log scale)": "학습률 (로그 스케일)",
    "weight decay λ (log scale)": "가중치 감소 λ (로그 스케일)",
    "dropout p (linear scale)": "드롭아웃 p (선형 스케일)",
    "init std (log scale)": "초기화 표준편차 (로그 스케일)",
    "random": "랜덤",
    "Search ranges": "탐색 범위",
    "{name} low": "{name} 하한",
    "{name} high": "{name} 상한",
    "lr, weight decay and init std are sampled as 10^U(log low, log high);"
    " dropout uniformly.": "학습률, 가중치 감소, 초기화 표준편차는 10^U(log 하한, log 상한)으로,"
    " 드롭아웃은 균등 분포로 뽑습니다.",
    "Budget": "예산",
    "Trials": "시도 횟수",
    "Epochs per trial": "시도당 에폭",
    "Training + validation images": "훈련 + 검증 이미지 수",
    "20 % of them form the validation split": "그중 20 %가 검증 데이터가 됩니다",
    "Sampler": "샘플러",
    "random: the book's and cs231n's; tpe: Optuna's model-based sampler": "랜덤: 책과 cs231n의"
    " 방식(랜덤 서치), tpe: Optuna의 모델 기반 샘플러",
    "Stop bad trials early (median pruning)": "나쁜 시도는 일찍 멈추기 (중앙값 가지치기)",
    "Search {n} is not in the store (deleted?).": "탐색 {n}이(가) 저장소에 없습니다 (삭제되었나요?).",
    "Search {n}: study {study} — status **{status}**": "탐색 {n}: 스터디 {study} — 상태 **{status}**",
    "{done} of {total} trial-epochs · {s:.0f} s": "시도-에폭 {total}개 중 {done}개 · {s:.0f} s",
    "Search {n} failed: {error}": "탐색 {n} 실패: {error}",
    "Best: trial {trial} ({params}) — validation {val:.3f}; test {test:.3f}, measured"
    " once, for this trial only.": "최고: 시도 {trial} ({params}) — 검증 {val:.3f}; 시험 {test:.3f}"
    " (이 시도에 대해서만 한 번 측정).",
    "{n} trials: {finished} finished, {pruned} pruned, {diverged} diverged · {s:.0f} s": "시도"
    " {n}개: 완료 {finished}, 가지치기 {pruned}, 발산 {diverged} · {s:.0f} s",
    "Narrow around the best: {ranges}": "최고 값 주변으로 좁히기: {ranges}",
    "Tune on the **validation** split; the test set is looked at once, for the best trial."
    " Search on log scales, distrust a best value at the edge of a range, narrow and search"
    " again.": "**검증 데이터**로 조정하고, 시험 데이터는 최고 시도에 대해 한 번만 봅니다. 로그 스케일로"
    " 탐색하고, 범위 가장자리에 있는 최고 값은 의심하고, 범위를 좁혀 다시 탐색하세요.",
    "Range — {problem}": "범위 — {problem}",
    "▶ Start search": "▶ 탐색 시작",
    "■ Stop": "■ 멈춤",
    "Cannot search this setup — {error}": "이 설정으로는 탐색할 수 없습니다 — {error}",
    "Pick ranges and a budget in the sidebar and press **Start search**.": "사이드바에서 범위와"
    " 예산을 정하고 **탐색 시작**을 누르세요.",
    "Why random, not a grid": "왜 그리드 서치가 아니라 랜덤 서치인가",
    # guided pages (reglab_ui/views/guide.py, guide_*.py)
    "job {n} — **{status}**": "작업 {n} — **{status}**",
    "Export": "내보내기",
    "variant": "변형",
    "seeds": "시드",
    "train": "훈련",
    "test": "시험",
    "gap": "격차",
}
