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
}
