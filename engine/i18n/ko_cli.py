"""Korean for the CLI, reproduce.md, report.html and the published claims and verdicts (English
text -> Korean), terms as in REFERENCES.md's glossary.
"""

KO: dict[str, str] = {
    # `reglab train`: progress, the run's table, messages (engine/cli.py, engine/console.py)
    "[{bar}] {done}/{total} epochs  {elapsed:5.1f}s  ETA {eta:5.1f}s": (
        "[{bar}] {done}/{total} 에폭  {elapsed:5.1f}s  남은 시간 {eta:5.1f}s"
    ),
    "reglab: cancelled": "reglab: 취소되었습니다",
    "note: {error}": "참고: {error}",
    "  note: {error}": "  참고: {error}",
    "run {job_id} stored; files in {out}": "실행 {job_id}을(를) 저장했습니다. 파일 위치: {out}",
    "variant": "변형",
    "status": "상태",
    "epochs": "에폭",
    "train": "훈련",
    "val": "검증",
    "test": "시험",
    "gap": "격차",
    # `reglab reproduce`: its lines and reproduce.md (engine/cli.py, engine/experiments/reproduce.py)
    "  reference: {reference}\n  ours:      {ours}": (
        "  발표된 결과: {reference}\n  이번 결과:   {ours}"
    ),
    "  claim holds: {claim}": "  주장 성립: {claim}",
    "  claim FAILS: {claim}": "  주장 불성립: {claim}",
    "{held} of {n} claims hold; table in {path}": (
        "주장 {n}개 중 {held}개가 성립합니다. 표 위치: {path}"
    ),
    "| experiment | reference (source) | ours | claim holds |": (
        "| 실험 | 발표된 결과 (출처) | 이번 결과 | 주장 성립 |"
    ),
    "yes": "예",
    "NO": "아니요",
    # the experiments' names, published references and claims (engine/experiments/reproduce.py)
    "activation histograms": "활성화 히스토그램",
    "std 1: mass at 0 and 1; std 0.01: mass at 0.5; Xavier spread; He for ReLU": (
        "std 1: 0과 1에 몰림; std 0.01: 0.5에 몰림; Xavier: 고르게 퍼짐; ReLU에는 He"
    ),
    "sigmoid std 1 >50 % at the ends, std 0.01 >95 % in [0.4, 0.6], Xavier <90 % there;"
    " ReLU He keeps 100× the spread of std 0.01": (
        "시그모이드 std 1은 양 끝에 50 % 초과, std 0.01은 [0.4, 0.6]에 95 % 초과, Xavier는 그 구간에"
        " 90 % 미만입니다. ReLU He는 std 0.01보다 100배 넓은 퍼짐을 유지합니다"
    ),
    "weight init compare": "가중치 초기화 비교",
    "loss at iteration 1900: std 0.01 2.305, Xavier 0.377, He 0.286": (
        "1900번째 반복의 손실: std 0.01 2.305, Xavier 0.377, He 0.286"
    ),
    "std 0.01 stuck near ln 10; He below Xavier below 1": (
        "std 0.01은 ln 10 근처에 머뭅니다. He < Xavier < 1입니다"
    ),
    "BN init sweep": "BN 초기화 스윕",
    "epoch 19 train acc plain/BN: 1.0 → 0.097/0.42; 0.29 → 0.98/0.63; 0.16 → 0.82/0.76;"
    " 0.086 → 0.24/0.89; 0.046 → 0.12/0.95; 0.025…0.002 → ≈0.116/0.99–1.0;"
    " 1e-3…1e-4 → 0.116/0.52–0.83": (
        "에폭 19 훈련 정확도 plain/BN: 1.0 → 0.097/0.42; 0.29 → 0.98/0.63; 0.16 → 0.82/0.76;"
        " 0.086 → 0.24/0.89; 0.046 → 0.12/0.95; 0.025…0.002 → ≈0.116/0.99–1.0;"
        " 1e-3…1e-4 → 0.116/0.52–0.83"
    ),
    "BN ahead at ≥12 of 16 scales; plain at chance for std ≤ 0.01": (
        "16개 스케일 중 12개 이상에서 BN이 앞섭니다. std ≤ 0.01에서 plain은 우연 수준입니다"
    ),
    "BN on MNIST": "MNIST에서의 BN",
    "BN's test accuracy higher and faster; the 15/50/85th percentiles of a last-layer"
    " sigmoid's input drift without BN and stay steady with it": (
        "BN의 시험 정확도가 더 높고 더 빨리 오름; 마지막 층 시그모이드 입력의 15/50/85번째 백분위수가"
        " BN 없이는 표류하고 BN과 함께면 안정적"
    ),
    "BN reaches 0.90 test accuracy in fewer steps; its percentiles move less after epoch 1": (
        "BN이 더 적은 스텝에 시험 정확도 0.90에 도달하고, 에폭 1 이후 백분위수가 덜 움직입니다"
    ),
    "BN at large learning rates": "큰 학습률에서의 BN",
    "BN trains at lr 0.1 and 0.5 where the plain net does not": (
        "일반 신경망이 학습하지 못하는 lr 0.1과 0.5에서도 BN은 학습함"
    ),
    "BN's test-accuracy margin over the plain net grows with the learning rate and is"
    " positive at lr 0.5": (
        "일반 신경망 대비 BN의 시험 정확도 우위가 학습률과 함께 커지고 lr 0.5에서 양수입니다"
    ),
    "BN train vs eval statistics": "BN의 훈련 통계와 평가 통계",
    "at inference BN uses population (running) statistics, so the output depends on the"
    " input only; normalizing a single example by itself leaves nothing": (
        "추론 때 BN은 모집단(이동 평균) 통계를 쓰므로 출력이 입력에만 의존함; 예제 하나를 그 자신으로"
        " 정규화하면 아무것도 남지 않음"
    ),
    "batch statistics of one example give chance (<0.15); running statistics score at least"
    " as well as test batches of 8": (
        "예제 하나의 배치 통계는 우연 수준(<0.15)이고, 이동 평균 통계는 크기 8의 시험 배치 이상의"
        " 점수를 냅니다"
    ),
    "overfitting and weight decay": "과적합과 가중치 감소",
    "baseline train ≈1.0 with a large gap; notebook λ = 0.1: train 0.927, test 0.721;"
    " book code on our data: baseline 1.000/0.807, λ = 0.1 0.897/0.737": (
        "baseline 훈련 ≈1.0, 큰 격차; 노트북 λ = 0.1: 훈련 0.927, 시험 0.721;"
        " 우리 데이터에서 책 코드: baseline 1.000/0.807, λ = 0.1 0.897/0.737"
    ),
    "baseline train ≥0.98 with gap ≥0.15; weight decay narrows the gap": (
        "baseline은 훈련 ≥0.98, 격차 ≥0.15이고, 가중치 감소가 격차를 줄입니다"
    ),
    "dropout rate sweep": "드롭아웃 비율 스윕",
    "book code on our data, p = 0.15 classic: 0.893/0.702; PyTorch inverted p = 0.15:"
    " 0.989/0.780, p = 0.2: 0.937/0.735": (
        "우리 데이터에서 책 코드, p = 0.15 고전 방식: 0.893/0.702; PyTorch 역 드롭아웃 p = 0.15:"
        " 0.989/0.780, p = 0.2: 0.937/0.735"
    ),
    "train accuracy lower at p = 0.8 than at 0; the gap smaller at p = 0.5 than at 0": (
        "p = 0.8에서 훈련 정확도가 p = 0보다 낮고, p = 0.5에서 격차가 p = 0보다 작습니다"
    ),
    "regularizers compared": "정규화 방법 비교",
    "MNIST test error %: L2 1.62, dropout + L2 1.25 (large nets, 60k images); with"
    " 100–500 training examples dropout gains little (Fig. 10)": (
        "MNIST 시험 오차 %: L2 1.62, dropout + L2 1.25 (큰 신경망, 이미지 60k); 훈련 예제가"
        " 100–500개면 드롭아웃의 이득이 작음 (Fig. 10)"
    ),
    "Fig. 10, the regime of 300 images: dropout raises test accuracy by at most 0.02": (
        "Fig. 10, 이미지 300장 구간: 드롭아웃이 시험 정확도를 최대 0.02만 올립니다"
    ),
    "forgot model.eval()": "model.eval()을 잊었을 때",
    "dropout must be off (and BN on running statistics) at test time": (
        "시험 때는 드롭아웃을 꺼야 함 (그리고 BN은 이동 평균 통계를 사용)"
    ),
    "every dropout net scores lower when evaluated in train mode": (
        "드롭아웃이 있는 모든 신경망이 train 모드로 평가하면 점수가 낮아집니다"
    ),
    "Monte-Carlo dropout": "몬테카를로 드롭아웃",
    "MC averaging matches weight scaling near k = 50; spread/entropy measures uncertainty": (
        "k = 50 근처에서 MC 평균이 가중치 스케일링과 일치함; 퍼짐/엔트로피가 불확실성을 측정함"
    ),
    "accuracy at T = 50 within 0.01 of weight scaling; entropy higher for wrong answers and"
    " for out-of-distribution inputs than for right answers": (
        "T = 50의 정확도가 가중치 스케일링과 0.01 이내이고, 엔트로피는 맞힌 답보다 틀린 답과 분포 밖(OOD)"
        " 입력에서 높습니다"
    ),
    "dropout sparsity": "드롭아웃과 희소성",
    "mean hidden activation ≈2.0 without dropout → ≈0.7 with; activations sparser": (
        "은닉층 평균 활성화가 드롭아웃 없이 ≈2.0 → 드롭아웃과 함께 ≈0.7; 활성화가 더 희소함"
    ),
    "with dropout the mean activation is lower and the share of zeros higher": (
        "드롭아웃을 쓰면 평균 활성화가 낮아지고 0의 비율이 높아집니다"
    ),
    "inverted vs classic dropout": "역 드롭아웃과 고전 드롭아웃",
    "at test, scale by the keep probability (classic) — or by 1/(1−p) in training"
    " (inverted): the same in expectation": (
        "시험 때 유지 확률을 곱하거나(고전 방식) 훈련 때 1/(1−p)를 곱함(역 드롭아웃): 기댓값은 같음"
    ),
    "the mean over 1000 masks matches eval mode within 1 % for both forms": (
        "두 방식 모두 마스크 1000개의 평균이 eval 모드와 1 % 이내로 일치합니다"
    ),
    "dropout in a ConvNet": "ConvNet에서의 드롭아웃",
    "element-wise dropout does little in conv layers (neighbouring activations are"
    " correlated); dropping whole channels regularizes; dropout is usually put before the"
    " fully connected layers": (
        "합성곱 층에서 원소별 드롭아웃은 효과가 작음 (이웃한 활성화가 상관되어 있음); 채널 전체를"
        " 드롭하면 정규화됨; 드롭아웃은 보통 완전 연결 층 앞에 둠"
    ),
    "FC dropout's train-test gap below no dropout's; spatial conv dropout's below element-wise": (
        "FC 드롭아웃의 훈련-시험 격차가 드롭아웃 없음보다 작고, 공간 합성곱 드롭아웃의 격차가 원소별"
        " 드롭아웃보다 작습니다"
    ),
    "DropConnect": "DropConnect",
    "on a 2-layer MLP the two methods are close across drop rates and both beat no dropping": (
        "2층 MLP에서 두 방법은 모든 드롭 비율에서 비슷하고 둘 다 드롭하지 않는 것보다 나음"
    ),
    "the best of each beats no dropping on test accuracy; the two bests within 2 points": (
        "각 방법의 최고 결과가 시험 정확도에서 드롭하지 않는 것을 앞서고, 두 최고 결과의 차이가 2포인트"
        " 이내입니다"
    ),
    "data augmentation": "데이터 증강",
    "augmentation helps most with little data; none published for MNIST at this size": (
        "데이터가 적을 때 증강이 가장 도움이 됨; 이 크기의 MNIST에 대해 발표된 값은 없음"
    ),
    "shifts raise test accuracy over none; every augmentation narrows the train-test gap": (
        "이동(shift)이 증강 없음보다 시험 정확도를 높이고, 모든 증강이 훈련-시험 격차를 줄입니다"
    ),
    "label smoothing": "레이블 스무딩",
    "smoothing α ≈ 0.05-0.1 curbs over-confidence (calibrates about as well as temperature"
    " scaling) at equal accuracy": (
        "α ≈ 0.05-0.1의 스무딩이 같은 정확도에서 과신을 억제함 (온도 스케일링과 비슷한 수준으로 보정)"
    ),
    "α 0.1 ends with a lower test NLL than α 0, test accuracy within 1 point": (
        "α 0.1이 α 0보다 낮은 시험 NLL로 끝나고, 시험 정확도 차이는 1포인트 이내입니다"
    ),
    "max-norm": "max-norm",
    "MNIST test error: L2 1.62, max-norm 1.35, dropout + L2 1.25, dropout + max-norm 1.05 %": (
        "MNIST 시험 오차: L2 1.62, max-norm 1.35, dropout + L2 1.25, dropout + max-norm 1.05 %"
    ),
    "dropout + max-norm at or below dropout + L2, both below the two without dropout": (
        "dropout + max-norm이 dropout + L2 이하이고, 둘 다 드롭아웃 없는 두 변형보다 낮습니다"
    ),
    "stochastic depth": "확률적 깊이 (stochastic depth)",
    "a 110-layer ResNet trains about 25 % faster with lower test error on CIFAR-10": (
        "CIFAR-10에서 110층 ResNet이 약 25 % 더 빨리 학습하고 시험 오차도 더 낮음"
    ),
    "test accuracy with stochastic depth no more than 1 point below all blocks, and its"
    " training steps (which skip the dropped blocks) take less time": (
        "stochastic depth의 시험 정확도가 all blocks보다 1포인트 넘게 낮지 않고, (드롭된 블록을 건너뛰는)"
        " 훈련 스텝이 더 짧게 걸립니다"
    ),
    "ensemble against dropout": "앙상블과 드롭아웃",
    "5 independently trained nets averaged beat one net and MC dropout in accuracy, and"
    " flag unfamiliar inputs with higher entropy": (
        "독립적으로 훈련한 신경망 5개의 평균이 정확도에서 신경망 하나와 MC 드롭아웃을 앞서고, 낯선 입력에"
        " 더 높은 엔트로피를 줌"
    ),
    "at equal epochs the ensemble of 5 beats one net and is at least as accurate as dropout"
    " with weight scaling and with MC averaging (T = 50); its entropy on Fashion-MNIST"
    " inputs is higher than one net's": (
        "같은 에폭에서 5개 앙상블이 신경망 하나를 앞서고, 가중치 스케일링 드롭아웃과 MC 평균(T = 50)"
        " 드롭아웃 이상으로 정확하며, Fashion-MNIST 입력에 대한 엔트로피가 신경망 하나보다 높습니다"
    ),
    "memorisation of random labels": "무작위 레이블 암기",
    "nets fit 100 % random labels to 100 % train accuracy, test at chance; dropout delays"
    " memorisation": (
        "신경망은 100 % 무작위 레이블도 훈련 정확도 100 %까지 맞추고 시험은 우연 수준; 드롭아웃은 암기를"
        " 늦춤"
    ),
    "100 % noise: train ≥ 0.95, test ≤ 0.15; test accuracy falls with every step of noise;"
    " at 80 % noise dropout reaches 0.9 train accuracy later, or never": (
        "노이즈 100 %: 훈련 ≥ 0.95, 시험 ≤ 0.15이고, 노이즈가 늘 때마다 시험 정확도가 떨어지며, 노이즈"
        " 80 %에서 드롭아웃은 훈련 정확도 0.9에 더 늦게 도달하거나 도달하지 못합니다"
    ),
    "bottleneck features": "병목 특징",
    "with few labelled examples, features learned on a related task and frozen beat"
    " training from scratch": (
        "레이블된 예제가 적을 때, 관련 작업에서 학습해 고정한 특징이 처음부터 훈련하는 것보다 나음"
    ),
    "the frozen bottleneck + new head beats the same head on raw pixels and the ConvNet"
    " trained from scratch on 50 examples": (
        "예제 50개에서 고정한 병목 특징 + 새 헤드가 원시 픽셀 위의 같은 헤드와 처음부터 훈련한 ConvNet을"
        " 앞섭니다"
    ),
    "calibration": "보정(캘리브레이션)",
    "ECE rises with depth and width and with BatchNorm, falls with more weight decay"
    " (ResNets on CIFAR-100); temperature scaling fitted on validation brings ECE near 0"
    " (e.g. CIFAR-100 ResNet-110: 16.53 → 0.96 %)": (
        "ECE는 깊이와 너비, BatchNorm과 함께 오르고 가중치 감소가 클수록 내려감 (CIFAR-100의 ResNet);"
        " 검증 데이터로 맞춘 온도 스케일링이 ECE를 0 가까이 낮춤 (예: CIFAR-100 ResNet-110: 16.53 →"
        " 0.96 %)"
    ),
    "ECE: 3×512 above 1×64, 3×512 BN above 3×512, the most weight decay below none;"
    " temperature scaling lowers every variant's ECE with accuracy unchanged": (
        "ECE: 3×512 > 1×64, 3×512 BN > 3×512, 가장 큰 가중치 감소 < 없음이고, 온도 스케일링이 정확도를"
        " 바꾸지 않고 모든 변형의 ECE를 낮춥니다"
    ),
    "out-of-distribution inputs": "분포 밖(OOD) 입력",
    "max-softmax probability tells unfamiliar inputs apart well above chance (AUROC 0.9+"
    " for MNIST against other image sets); ensembles of 5 give unfamiliar inputs higher"
    " entropy than one net and than MC dropout": (
        "최대 소프트맥스 확률이 낯선 입력을 우연보다 훨씬 잘 구별함 (MNIST 대 다른 이미지 세트에서"
        " AUROC 0.9+); 5개 앙상블은 낯선 입력에 신경망 하나나 MC 드롭아웃보다 높은 엔트로피를 줌"
    ),
    "both ways (MNIST ↔ Fashion-MNIST): one net's max-softmax AUROC above 0.5; the"
    " entropy AUROC of the ensemble of 5 and of MC dropout at least one net's": (
        "양방향(MNIST ↔ Fashion-MNIST)에서 신경망 하나의 최대 소프트맥스 AUROC가 0.5보다 높고, 5개"
        " 앙상블과 MC 드롭아웃의 엔트로피 AUROC가 신경망 하나 이상입니다"
    ),
}
