"""What the guided pages say, in English and Korean (terms as in shared/REFERENCES.md's glossary).

Every entry is {"en": ..., "ko": ...}; markdown allowed. Numbers never appear here:
the pages show what the runs measured.
"""

from __future__ import annotations

from engine.i18n import LANGUAGES, N_, tr  # noqa: F401  (LANGUAGES: the pages' languages)
from reglab_ui.views.texts_toolbox import TOOLBOX_TEXTS

TEXTS: dict[str, dict[str, str]] = {
    # --- shared --------------------------------------------------------------------------
    "language": {"en": "Language", "ko": "언어"},
    "size": {"en": "Run size", "ko": "실행 크기"},
    "size_quick": {"en": "quick (seconds, for class)", "ko": "빠르게 (수 초, 수업용)"},
    "size_full": {"en": "full (as published)", "ko": "전체 (논문·책과 같은 크기)"},
    "size_help": {
        "en": "Quick runs use fewer epochs so a class can watch them finish; full runs use the"
        " published setup (what `reglab reproduce` checks).",
        "ko": "빠른 실행은 에폭 수를 줄여 수업 중에 끝까지 볼 수 있게 하고, 전체 실행은 책과 논문의"
        " 설정 그대로 돌립니다 (`reglab reproduce`가 검사하는 크기).",
    },
    "epoch_cap": {"en": "Epoch cap (0 = none)", "ko": "최대 에폭 (0 = 제한 없음)"},
    "epoch_cap_help": {
        "en": "Stop every run on this page after this many epochs — for when the bell is about"
        " to ring. Published claims may not hold on capped runs.",
        "ko": "이 페이지의 모든 실행을 이 에폭 수에서 멈춥니다 — 수업 종료가 가까울 때. 제한된 실행에서는"
        " 발표된 주장이 성립하지 않을 수 있습니다.",
    },
    "run": {"en": "Run", "ko": "실행"},
    "run_all": {"en": "Run every experiment on this page", "ko": "이 페이지의 실험 모두 실행"},
    "no_run": {
        "en": "Not run yet. Press **Run** — it trains in the background; charts fill in live.",
        "ko": "아직 실행하지 않았습니다. **실행**을 누르면 백그라운드에서 훈련하며 그래프가 실시간으로 채워집니다.",
    },
    "stored_run": {"en": "Showing stored run", "ko": "저장된 실행 표시 중"},
    "measured": {"en": "Measured in this run", "ko": "이번 실행에서 측정한 값"},
    "reference": {"en": "Published", "ko": "발표된 결과"},
    "claim_holds": {
        "en": "The published claim holds here",
        "ko": "발표된 주장이 여기서도 성립합니다",
    },
    "claim_fails": {
        "en": "The published claim does not hold in this run (quick runs may be too short)",
        "ko": "이번 실행에서는 발표된 주장이 성립하지 않습니다 (빠른 실행은 너무 짧을 수 있습니다)",
    },
    "size_full_note": {
        "en": "Run at the published size ({E} epochs).",
        "ko": "발표된 설정과 같은 크기로 실행했습니다 ({E} 에폭).",
    },
    "size_short_note": {
        "en": "A short run: {e} of the published {E} epochs. A claim can hold here for trivial"
        " reasons; choose the full run size to reproduce it.",
        "ko": "짧은 실행입니다: 발표된 {E} 에폭 중 {e} 에폭. 여기서는 주장이 사소한 이유로"
        " 성립할 수 있으니, 재현하려면 전체 실행 크기를 고르세요.",
    },
    "waiting": {"en": "Training…", "ko": "훈련 중…"},
    # --- Init & BN -------------------------------------------------------------------------
    "init_bn_title": {"en": "Initialization & BatchNorm", "ko": "가중치 초기화와 배치 정규화"},
    "init_bn_intro": {
        "en": "How the scale of the initial weights decides whether signals survive a deep"
        " network, and how batch normalization takes that decision away.",
        "ko": "초기 가중치의 크기가 깊은 신경망에서 신호가 살아남을지를 어떻게 결정하는지, 그리고 배치"
        " 정규화가 그 의존성을 어떻게 없애는지 봅니다.",
    },
    "hist_title": {"en": "Activations at initialization", "ko": "초기화 직후의 활성화 값"},
    "hist_text": {
        "en": "1000 random inputs pass through 5 layers of 100 units, no training. With std 1"
        " sigmoid units pile up at 0 and 1 (saturated: gradient vanishing); with std 0.01 they"
        " all sit at 0.5 (every unit says the same thing). Xavier (std √(1/n)) keeps them"
        " spread; for ReLU, He (std √(2/n)) does.",
        "ko": "무작위 입력 1000개를 100개 유닛의 5개 층에 통과시킵니다 (훈련 없음). 표준편차 1이면"
        " 시그모이드 활성화 값이 0과 1에 몰립니다 (포화: 기울기 소실). 0.01이면 모두 0.5에 모여 모든"
        " 유닛이 같은 값을 냅니다. Xavier 초기화(√(1/n))는 고르게 퍼뜨리고, ReLU에는 He 초기화(√(2/n))가"
        " 그 역할을 합니다.",
    },
    "custom_std": {
        "en": "Custom init std (all three activations)",
        "ko": "직접 정한 초기화 표준편차 (세 활성화 함수 모두)",
    },
    "compare_title": {
        "en": "Initialization decides whether training starts",
        "ko": "초기화가 학습의 시작을 결정한다",
    },
    "compare_text": {
        "en": "The book's weight_init_compare: a 784-[100×4]-10 ReLU net, SGD 0.01. With std 0.01"
        " the loss stays at ln 10 ≈ 2.30 (the signal dies); Xavier and He train, He fastest.",
        "ko": "책의 weight_init_compare 실험: 784-[100×4]-10 ReLU 신경망, SGD 학습률 0.01. 표준편차"
        " 0.01이면 손실이 ln 10 ≈ 2.30에 머뭅니다 (신호가 사라짐). Xavier와 He는 학습되고 He가 가장 빠릅니다.",
    },
    "sweep_title": {"en": "The book's 16-panel sweep", "ko": "책의 16개 패널 실험"},
    "sweep_text": {
        "en": "Training accuracy with (blue) and without (red) BatchNorm for init std ="
        " logspace(0, −4, 16), on the same mini-batches. Without BN only a narrow band of scales"
        " learns; with BN almost every scale does.",
        "ko": "초기화 표준편차 logspace(0, −4, 16)마다 배치 정규화가 있을 때(파랑)와 없을 때(빨강)의 훈련"
        " 정확도이며, 같은 미니배치를 씁니다. 배치 정규화가 없으면 좁은 범위의 크기만 학습되고, 있으면"
        " 거의 모든 크기에서 학습됩니다.",
    },
    "bn_formula": {
        "en": "BatchNorm normalizes each unit over the mini-batch, then lets the network rescale it:",
        "ko": "배치 정규화는 각 유닛을 미니배치 안에서 정규화한 뒤, 신경망이 다시 크기를 조정하게 합니다:",
    },
    "ioffe_title": {"en": "Ioffe & Szegedy's MNIST figure", "ko": "Ioffe & Szegedy의 MNIST 그림"},
    "ioffe_text": {
        "en": "Three hidden layers of 100 sigmoids, batches of 60. Left: test accuracy against"
        " steps. Right: the 15th, 50th and 85th percentile of the input to one sigmoid of the last"
        " hidden layer. Without BN that distribution keeps moving while the layers below learn"
        " (internal covariate shift); with BN it stays put.",
        "ko": "시그모이드 유닛 100개짜리 은닉층 3개, 미니배치 60. 왼쪽은 훈련 단계에 따른 시험 정확도,"
        " 오른쪽은 마지막 은닉층의 한 시그모이드 입력값의 15/50/85 백분위수입니다. 배치 정규화가 없으면"
        " 아래층이 학습되는 동안 이 분포가 계속 움직이고, 있으면 제자리를 지킵니다.",
    },
    "lr_title": {"en": "Large learning rates", "ko": "큰 학습률"},
    "lr_text": {
        "en": "Learning rates 0.01, 0.1 and 0.5 with and without BN (Santurkar et al. 2018). BN"
        " smooths the loss landscape, so large steps stay stable where the plain net stalls or"
        " diverges.",
        "ko": "학습률 0.01, 0.1, 0.5에서 배치 정규화 유무를 비교합니다 (Santurkar 등 2018). 배치"
        " 정규화는 손실 지형을 매끄럽게 만들어, 일반 신경망이 멈추거나 발산하는 큰 학습률에서도 안정적입니다.",
    },
    "bnmode_title": {"en": "BN in train vs eval mode", "ko": "훈련 모드와 평가 모드의 배치 정규화"},
    "bnmode_text": {
        "en": "In training BN uses the statistics of the current batch; in eval it uses running"
        " averages collected during training. Bars: test accuracy with running statistics, and"
        " with each test batch normalized by its own statistics. A batch of one has nothing to"
        " normalize with: x − mean = 0, every image leaves BN as β and gets the same answer"
        " (PyTorch refuses a batch of one in training for that reason). Small training batches"
        " make noisy statistics.",
        "ko": "훈련 중 배치 정규화는 현재 미니배치의 통계를, 평가 때는 훈련 중 모은 이동 평균을 씁니다."
        " 막대는 이동 평균으로 평가한 시험 정확도와, 시험 배치마다 그 배치의 통계로 정규화한 정확도입니다."
        " 배치 크기가 1이면 x − 평균 = 0이 되어 모든 이미지가 β로 바뀌고 같은 답을 냅니다 (그래서 PyTorch는"
        " 훈련 중 배치 크기 1을 거부합니다). 작은 훈련 배치는 통계가 불안정합니다.",
    },
    # --- Dropout ---------------------------------------------------------------------------
    "dropout_title": {"en": "Dropout", "ko": "드롭아웃"},
    "dropout_intro": {
        "en": "Dropout switches off a random share p of hidden units at every training step, so"
        " no unit can rely on another; at test time every unit is used and the scale is"
        " corrected.",
        "ko": "드롭아웃은 훈련 단계마다 은닉 유닛의 비율 p를 무작위로 끄기 때문에 어떤 유닛도 다른 유닛에"
        " 기댈 수 없습니다. 시험 때에는 모든 유닛을 쓰고 크기를 보정합니다.",
    },
    "layer_title": {"en": "What dropout does to one layer", "ko": "드롭아웃이 한 층에 하는 일"},
    "layer_text": {
        "en": "The same batch of activations in train mode (one random mask) and in eval mode."
        " Inverted dropout (PyTorch) scales the kept units by 1/(1−p) during training and does"
        " nothing at test; classic dropout (the book) keeps them as they are and multiplies by"
        " (1−p) at test. Right: the mean over many masks lands on the eval output — both forms"
        " agree in expectation.",
        "ko": "같은 활성화 값 배치를 훈련 모드(무작위 마스크 하나)와 평가 모드로 봅니다. 역 드롭아웃"
        "(PyTorch)은 훈련 중 남은 유닛에 1/(1−p)를 곱하고 시험 때에는 아무것도 하지 않습니다. 책의"
        " 드롭아웃은 훈련 중 그대로 두고 시험 때 (1−p)를 곱합니다. 오른쪽: 여러 마스크의 평균이 평가 모드"
        " 출력과 일치합니다 — 두 방식은 기댓값이 같습니다.",
    },
    "p_slider": {"en": "Dropout p", "ko": "드롭아웃 비율 p"},
    "dropout_formula": {
        "en": "The two forms, with a keep mask m drawn anew at every step:",
        "ko": "매 단계 새로 뽑는 유지 마스크 m을 쓰는 두 가지 방식:",
    },
    "dsweep_title": {"en": "Dropout rate sweep", "ko": "드롭아웃 비율 실험"},
    "dsweep_text": {
        "en": "The book's overfitting setup (300 images, 7 layers) with p = 0 … 0.8: final train"
        " and test accuracy and their gap against p. More dropout lowers training accuracy"
        " first; whether test accuracy rises depends on how much data there is.",
        "ko": "책의 과적합 설정(이미지 300장, 7층)에서 p = 0 … 0.8: p에 따른 최종 훈련·시험 정확도와"
        " 그 차이. 드롭아웃을 늘리면 먼저 훈련 정확도가 내려가고, 시험 정확도가 오르는지는 데이터 양에"
        " 달려 있습니다.",
    },
    "modes_title": {"en": "Forgot model.eval()?", "ko": "model.eval()을 잊었다면?"},
    "modes_text": {
        "en": "The same trained nets evaluated on the test set in eval mode and left in train"
        " mode (batches of 100). In train mode dropout keeps dropping units and BN normalizes"
        " with each batch's statistics — the dropout nets lose accuracy.",
        "ko": "같은 훈련된 신경망을 평가 모드와, 훈련 모드로 둔 채(배치 100) 시험 데이터로 평가합니다. 훈련"
        " 모드에서는 드롭아웃이 계속 유닛을 끄고 배치 정규화가 배치마다의 통계를 써서, 드롭아웃 신경망의"
        " 정확도가 떨어집니다.",
    },
    "mc_title": {"en": "Monte-Carlo dropout", "ko": "몬테카를로 드롭아웃"},
    "mc_text": {
        "en": "Keep dropout on at test time and average T stochastic passes (Gal & Ghahramani"
        " 2016). BN must stay in eval mode while dropout samples — calling model.train() for"
        " this also switches BN to batch statistics. The spread of the passes measures"
        " uncertainty: predictive entropy is higher for wrong answers and for inputs unlike"
        " the training data (Fashion-MNIST shown to an MNIST net).",
        "ko": "시험 때에도 드롭아웃을 켜 두고 T번의 확률적 순전파를 평균합니다 (Gal & Ghahramani 2016)."
        " 드롭아웃이 샘플링하는 동안 배치 정규화는 평가 모드여야 합니다 — 이를 위해 model.train()을"
        " 호출하면 배치 정규화도 배치 통계를 쓰게 됩니다. 순전파 결과의 퍼짐이 불확실성을 나타냅니다:"
        " 틀린 답과, 훈련 데이터와 다른 입력(MNIST 신경망에 보인 Fashion-MNIST)에서 예측 엔트로피가 큽니다.",
    },
    "mc_wrong": {
        "en": "MC with model.train() (BN on batches of {batch}): accuracy {wrong:.3f}, against"
        " {right:.3f} with BN kept in eval",
        "ko": "model.train()으로 한 MC (배치 {batch}의 배치 정규화): 정확도 {wrong:.3f}, 배치 정규화를"
        " 평가 모드로 둔 경우 {right:.3f}",
    },
    "calib_title": {
        "en": "How far can its confidence be trusted? Reading a reliability diagram",
        "ko": "신뢰도를 얼마나 믿을 수 있을까? 신뢰도 다이어그램 읽기",
    },
    "calib_text": {
        "en": 'A network that says "90 % sure" should be right 9 times in 10. The reliability'
        " diagram sorts the test images by the network's confidence (its largest softmax"
        " probability) into 15 bins and plots, for each bin, how often the network was right"
        " against how sure it was. On the dashed diagonal the network is calibrated; points"
        " below it are over-confidence (sure, but wrong more often than it admits), points above"
        " it under-confidence. The large markers are the bins that hold most images; the small"
        " ones at low confidence hold few and jump about. The expected calibration error (ECE)"
        " is the distance from the diagonal averaged over the images (Guo et al. 2017).\n\n"
        "Three ways to be more honest are compared on the same trained nets: temperature"
        " scaling (the logits divided by one number T fitted on the validation split, so"
        " accuracy stays and over-confidence shrinks), MC dropout (many passes with dropout on,"
        " averaged) and an ensemble of 5 nets. The last chart shows each net the images of the"
        " other dataset (Fashion-MNIST to an MNIST net, and the reverse). A net that knows what"
        " it does not know is less sure of them; the AUROC says how well its confidence tells"
        " the two kinds apart (0.5: chance, 1: perfectly).",
        "ko": '"90 % 확신한다"고 말하는 신경망이라면 열 번에 아홉 번은 맞아야 합니다. 신뢰도'
        " 다이어그램은 시험 이미지를 신경망의 신뢰도(소프트맥스 확률의 최댓값)에 따라 15개 구간으로"
        " 나누고, 구간마다 신경망이 얼마나 확신했는지에 대해 실제로 얼마나 자주 맞았는지를 그립니다."
        " 점선 대각선 위에 있으면 보정(캘리브레이션)이 잘 된 것이고, 대각선 아래의 점은 과신(확신하지만"
        " 인정하는 것보다 더 자주 틀림), 위의 점은 과소 확신입니다. 큰 표시는 이미지가 많이 모인 구간,"
        " 신뢰도가 낮은 쪽의 작은 표시는 이미지가 적어 들쭉날쭉한 구간입니다. 기대 보정 오차(ECE)는"
        " 대각선에서 떨어진 거리를 이미지에 대해 평균한 값입니다 (Guo 등 2017).\n\n"
        "같은 훈련된 신경망에서 더 정직해지는 세 가지 방법을 비교합니다: 온도 스케일링(검증 데이터로"
        " 맞춘 숫자 하나 T로 로짓을 나눔 — 정확도는 그대로, 과신은 줄어듦), MC 드롭아웃(드롭아웃을 켠"
        " 순전파 여러 번의 평균), 신경망 5개의 앙상블. 마지막 그래프는 각 신경망에 다른 데이터셋의"
        " 이미지(MNIST 신경망에는 Fashion-MNIST, 그 반대도)를 보여 줍니다. 자기가 모르는 것을 아는"
        " 신경망은 그런 이미지에 덜 확신하며, AUROC는 그 신뢰도로 두 종류를 얼마나 잘 구별하는지를"
        " 나타냅니다 (0.5: 우연 수준, 1: 완벽).",
    },
    "sparsity_title": {
        "en": "Dropout makes activations sparse",
        "ko": "드롭아웃은 활성화를 희소하게 만든다",
    },
    "sparsity_text": {
        "en": "Srivastava et al. 2014, Fig. 8: with dropout, hidden units are active less often"
        " and less strongly — the mean activation drops and more units sit at zero.",
        "ko": "Srivastava 등 2014, 그림 8: 드롭아웃을 쓰면 은닉 유닛이 덜 자주, 덜 세게 활성화됩니다 —"
        " 평균 활성화 값이 줄고 0인 유닛이 늘어납니다.",
    },
    # --- Overfitting -----------------------------------------------------------------------
    "overfit_title": {"en": "Overfitting lab", "ko": "과적합 실험실"},
    "overfit_intro": {
        "en": "300 training images and a 7-layer net: it memorizes the training set and the"
        " gap to the test set opens. Weight decay, dropout and early stopping each push back.",
        "ko": "훈련 이미지 300장과 7층 신경망: 훈련 데이터를 외워 버려 시험 데이터와의 차이가 벌어집니다."
        " 가중치 감소, 드롭아웃, 조기 종료가 각각 이를 억제합니다.",
    },
    "lab_title": {"en": "The book's 300-image setup", "ko": "책의 이미지 300장 설정"},
    "lab_text": {
        "en": "Baseline against a variant with your weight decay λ and dropout p. 20 % of the"
        " images are held out for validation; the dotted line marks each variant's best"
        " validation epoch — where early stopping would keep the weights.",
        "ko": "기준 모델과, 직접 정한 가중치 감소 λ와 드롭아웃 p를 쓴 모델을 비교합니다. 이미지의 20%는"
        " 검증 데이터로 떼어 두고, 점선은 각 모델의 검증 정확도가 가장 높은 에폭 — 조기 종료가 가중치를"
        " 남길 지점 — 을 표시합니다.",
    },
    "lambda": {"en": "Weight decay λ", "ko": "가중치 감소 λ"},
    "patience": {
        "en": "Early stopping patience (epochs, 0 = off)",
        "ko": "조기 종료 인내 (에폭, 0 = 끔)",
    },
    "l2_formula": {
        "en": "Weight decay adds to the loss, over every weight matrix:",
        "ko": "가중치 감소는 모든 가중치 행렬에 대해 손실에 다음을 더합니다:",
    },
    "table_title": {"en": "Regularizers side by side", "ko": "정규화 방법 비교"},
    "table_text": {
        "en": "None, L2, dropout, dropout + L2, BN and all of them on the same 300 images, each"
        " over several seeds (mean ± std), in the spirit of Srivastava et al.'s Table 9. With"
        " this little data the differences are small (their Fig. 10) — the table shows what"
        " actually happens.",
        "ko": "같은 이미지 300장에서 정규화 없음, L2, 드롭아웃, 드롭아웃 + L2, 배치 정규화, 전부를 여러"
        " 시드로 (평균 ± 표준편차) 비교합니다 (Srivastava 등의 표 9와 같은 취지). 데이터가 이렇게 적으면"
        " 차이가 작습니다 (그들의 그림 10) — 표는 실제로 일어나는 일을 보여 줍니다.",
    },
    "rates_title": {"en": "Typical dropout rates", "ko": "일반적인 드롭아웃 비율"},
    "rates_text": {
        "en": "- **MLP** hidden layers: 10–50 % (0.5 for large layers, Srivastava et al.)\n"
        "- **CNN**: 40–50 % on the fully connected layers, less or none on convolutions\n"
        "- **RNN**: 20–30 %, between layers rather than on the recurrent connection\n\n"
        "Put dropout **after the activation** of hidden layers — not on the output layer, and"
        " rarely on the input (at most ~20 % there).",
        "ko": "- **MLP** 은닉층: 10–50 % (큰 층에는 0.5, Srivastava 등)\n"
        "- **CNN**: 완전 연결층에 40–50 %, 합성곱 층에는 더 적게 또는 사용하지 않음\n"
        "- **RNN**: 20–30 %, 순환 연결이 아니라 층 사이에\n\n"
        "드롭아웃은 은닉층의 **활성화 함수 뒤에** 둡니다 — 출력층에는 두지 않고, 입력층에는 드물게"
        " (많아야 20 % 정도) 둡니다.",
    },
}


def text(key: str, lang: str) -> str:
    """The text for `key` in `lang`, English when a translation is missing."""
    entry = TEXTS[key]
    return entry.get(lang) or entry["en"]


assert not TOOLBOX_TEXTS.keys() & TEXTS.keys(), TOOLBOX_TEXTS.keys() & TEXTS.keys()  # no collision
TEXTS.update(TOOLBOX_TEXTS)  # the page "More regularizers (cs231n)"
