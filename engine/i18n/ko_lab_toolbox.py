"""Korean for the Lab's toolbox controls (reglab_ui/views/lab_toolbox.py): DropConnect, max-norm,
label smoothing, augmentation, cutout, mixup, stochastic depth, ensembles; terms as in
REFERENCES.md's glossary."""

KO: dict[str, str] = {
    # --- more regularizers (reglab_ui/views/lab_toolbox.py) -----------------------------------
    "More regularizers": "더 많은 정규화 방법",
    " — off here: {reason}.": " — 여기서는 꺼짐: {reason}.",
    "conv dropout needs the ConvNet": "합성곱 드롭아웃은 ConvNet에서만 씁니다",
    "stochastic depth needs the residual MLP": "확률적 깊이는 잔차 MLP에서만 씁니다",
    "shifts and cutout need images": "이동과 Cutout은 이미지에만 씁니다",
    "Drops each hidden weight (not unit) with probability p for a mini-batch, ×1/(1−p); at test"
    " the layer uses W itself, the expectation (Wan et al. 2013).": (
        "미니배치마다 은닉층의 각 가중치(유닛이 아니라)를 확률 p로 버리고 ×1/(1−p) 합니다. 시험"
        " 때는 기댓값인 W 자체를 씁니다 (Wan et al. 2013)."
    ),
    "Adds λ·Σ|W| over every weight matrix: pushes weights to exactly 0.": (
        "모든 가중치 행렬에 대해 λ·Σ|W|를 더합니다: 가중치를 정확히 0으로 밀어냅니다."
    ),
    "After every step, each hidden unit's incoming weight vector is scaled back to norm ≤ c"
    " (Srivastava et al. 2014). 0 = off.": (
        "매 스텝 뒤에 각 은닉 유닛으로 들어오는 가중치 벡터를 노름 ≤ c로 줄입니다"
        " (Srivastava et al. 2014). 0 = 끔."
    ),
    "Targets (1−ε) on the label and ε spread over all classes, as PyTorch's"
    " cross_entropy(label_smoothing=ε).": (
        "정답 레이블에 (1−ε), 모든 클래스에 ε를 나눠 준 목표값을 씁니다. PyTorch의"
        " cross_entropy(label_smoothing=ε)와 같습니다."
    ),
    "Random shifts of up to this many pixels, with rotations of up to 10°, drawn anew every"
    " epoch (the same draws for every row).": (
        "이 픽셀 수까지의 무작위 이동과 10°까지의 회전을 에폭마다 새로 뽑습니다 (모든 행이 같은"
        " 값을 씁니다)."
    ),
    "Zeroes a square of this side at a random place in each image (DeVries & Taylor 2017). 0 ="
    " off.": (
        "각 이미지의 무작위 위치에서 이 한 변 길이의 정사각형을 0으로 지웁니다 (DeVries & Taylor"
        " 2017). 0 = 끔."
    ),
    "Blends each image and its label with a random partner, λ ~ Beta(α, α) (Zhang et al. 2018)."
    " 0 = off.": (
        "각 이미지와 레이블을 무작위 짝과 섞습니다, λ ~ Beta(α, α) (Zhang et al. 2018). 0 = 끔."
    ),
    "Dropout after each conv block: element-wise, or whole channels (spatial).": (
        "각 합성곱 블록 뒤의 드롭아웃: 원소 단위, 또는 채널 전체 (spatial)."
    ),
    "Each residual block is skipped for a mini-batch with probability rising linearly to 1 − p"
    " at the last block (Huang et al. 2016). 1 = off.": (
        "각 잔차 블록을 미니배치마다 건너뛰며, 그 확률은 마지막 블록의 1 − p까지 선형으로"
        " 커집니다 (Huang et al. 2016). 1 = 끔."
    ),
    "K copies from different initial weights, trained side by side; their probabilities"
    " averaged at test. 1 = off.": (
        "서로 다른 초기 가중치에서 시작한 K개의 사본을 나란히 훈련하고, 시험 때 확률을"
        " 평균합니다. 1 = 끔."
    ),
    "Label smoothing ε": "레이블 스무딩 ε",
    "Augment: shift ± pixels": "데이터 증강: 이동 ± 픽셀",
    "Cutout square (pixels)": "Cutout 정사각형 (픽셀)",
    "Conv dropout p": "합성곱 드롭아웃 p",
    "Conv dropout style": "합성곱 드롭아웃 방식",
    "element": "원소 단위",
    "spatial": "채널 전체",
    "element: nn.Dropout; spatial: nn.Dropout2d drops whole channels. Every row.": (
        "원소 단위: nn.Dropout; 채널 전체: nn.Dropout2d가 채널을 통째로 버립니다. 모든 행에"
        " 적용됩니다."
    ),
    "Stochastic depth: last block survives": "확률적 깊이: 마지막 블록 생존 확률",
    "Ensemble of K nets": "K개 신경망의 앙상블",
    "smoothing": "스무딩",
    "shift ±": "이동 ±",
    "conv dropout": "합성곱 드롭아웃",
    "depth p": "깊이 p",
    "ensemble": "앙상블",
}
