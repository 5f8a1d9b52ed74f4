"""What the page "More regularizers (cs231n)" says, in English and Korean (merged into TEXTS).

Same rules as texts.py: every entry is {"en": ..., "ko": ...}, markdown allowed, terms as in
shared/REFERENCES.md's glossary, and no measured numbers — the page shows what the runs
measured, and the published claims come from engine.experiments.reproduce. The numbers here
are the set-up (images, layers, rates) only.
"""

from __future__ import annotations

TOOLBOX_TEXTS: dict[str, dict[str, str]] = {
    "tb_title": {"en": "More regularizers (cs231n)", "ko": "더 많은 정규화 방법 (cs231n)"},
    "tb_intro": {
        "en": "cs231n's list of regularizers goes beyond dropout, batch normalization and L2:"
        " data augmentation (with cutout and mixup), dropout placed for ConvNets, DropConnect,"
        " max-norm constraints, label smoothing, stochastic depth and ensembles. Two more"
        " sections ask what a network can learn at all: it memorises even random labels, and"
        " features learned on one task carry over to another. Each section runs one experiment"
        " on MNIST, small enough for a class, and checks the method's published claim against"
        " what this run measured. A claim can fail at this size — the verdict then says so.",
        "ko": "cs231n이 소개하는 정규화 방법은 드롭아웃, 배치 정규화, L2에서 끝나지 않습니다. 데이터"
        " 증강(cutout, mixup 포함), 합성곱 신경망에 맞춘 드롭아웃, DropConnect, max-norm 제약, 레이블"
        " 스무딩, 확률적 깊이(stochastic depth), 앙상블이 있습니다. 마지막 두 절은 신경망이 무엇을 배울"
        " 수 있는지를 묻습니다: 무작위 레이블까지 외워 버린다는 것, 그리고 한 작업에서 배운 특징이 다른"
        " 작업으로 옮겨 간다는 것입니다. 각 절은 수업 시간에 돌릴 수 있는 크기로 MNIST에서 실험 하나를"
        " 실행하고, 그 방법의 발표된 주장을 이번 실행에서 측정한 값과 비교합니다. 이 크기에서는 주장이"
        " 성립하지 않을 수도 있으며, 그럴 때는 판정이 그대로 알려 줍니다.",
    },
    # --- data augmentation ---------------------------------------------------------------
    "tb_aug_title": {
        "en": "Data augmentation: shifts, cutout, mixup",
        "ko": "데이터 증강: 이동, cutout, mixup",
    },
    "tb_aug_text": {
        "en": "The best regularizer is more data, and augmentation makes some up: every epoch"
        " each training image is shown slightly changed, in a way that keeps its label. A small"
        " ConvNet learns from 500 MNIST images with random shifts of up to 2 pixels and"
        " rotations of up to 10°, with *cutout* (an 8×8 square zeroed at a random place,"
        " DeVries & Taylor 2017), with *mixup* (two images and their labels blended, Zhang et"
        " al. 2018), and with all three. Training accuracy rises more slowly — the task got"
        " harder — and the question is whether the gap to the test accuracy closes. Only the"
        " training images are changed; the test images stay as they are.",
        "ko": "가장 좋은 정규화는 데이터를 더 모으는 것이고, 데이터 증강은 데이터를 어느 정도 만들어"
        " 냅니다: 에폭마다 훈련 이미지를 레이블이 바뀌지 않는 범위에서 조금씩 바꿔 보여 줍니다. 작은"
        " 합성곱 신경망이 MNIST 이미지 500장으로 학습하는데, 최대 2픽셀 이동과 최대 10° 회전, *cutout*"
        "(무작위 위치의 8×8 정사각형을 0으로, DeVries & Taylor 2017), *mixup*(두 이미지와 레이블을"
        " 섞음, Zhang 등 2018), 그리고 셋 모두를 쓴 경우를 비교합니다. 과제가 어려워졌으니 훈련 정확도는"
        " 더 천천히 오르고, 관건은 시험 정확도와의 차이가 줄어드는지입니다. 바꾸는 것은 훈련 이미지뿐이고,"
        " 시험 이미지는 그대로 둡니다.",
    },
    "tb_aug_formula": {
        "en": "mixup trains on blends of two examples and their one-hot labels (α = 0.2 here):",
        "ko": "mixup은 두 예제와 그 원-핫 레이블을 섞은 것으로 훈련합니다 (여기서는 α = 0.2):",
    },
    # --- dropout in a ConvNet ------------------------------------------------------------
    "tb_cnn_title": {"en": "Dropout in a ConvNet", "ko": "합성곱 신경망의 드롭아웃"},
    "tb_cnn_text": {
        "en": "In a convolutional layer neighbouring activations are strongly correlated: drop"
        " one position of a feature map and its neighbours still carry nearly the same"
        " information. Element-wise dropout therefore does little there, and ConvNets seldom"
        " use it in their conv layers. *Spatial dropout* (Tompson et al. 2015) drops whole"
        " channels — entire feature maps — instead; the usual place for dropout in a ConvNet is"
        " before the fully connected layers. A small ConvNet on 1000 images: no dropout,"
        " element-wise or spatial dropout 0.2 after each conv block, and dropout 0.5 before the"
        " output layer only. Compare the train–test gaps.",
        "ko": "합성곱 층에서는 이웃한 활성화 값끼리 상관관계가 강합니다: 특징 맵의 한 위치를 꺼도 이웃"
        " 위치들이 거의 같은 정보를 여전히 전달합니다. 그래서 원소 단위 드롭아웃은 합성곱 층에서 효과가"
        " 적고, 합성곱 신경망은 합성곱 층에 드롭아웃을 잘 쓰지 않습니다. *공간 드롭아웃(spatial dropout)*"
        "(Tompson 등 2015)은 대신 채널 전체, 즉 특징 맵 하나를 통째로 끕니다. 합성곱 신경망에서 드롭아웃의"
        " 일반적인 자리는 완전 연결층 앞입니다. 이미지 1000장에서 작은 합성곱 신경망을 네 가지로"
        " 훈련합니다: 드롭아웃 없음, 각 합성곱 블록 뒤에 원소 단위 또는 공간 드롭아웃 0.2, 출력층 앞에만"
        " 드롭아웃 0.5. 훈련·시험 정확도의 차이를 비교해 보세요.",
    },
    "tb_cnn_formula": {
        "en": "The keep mask for a feature map with channels c and positions (h, w):",
        "ko": "채널 c, 위치 (h, w)로 이루어진 특징 맵에 대한 유지 마스크:",
    },
    # --- DropConnect ---------------------------------------------------------------------
    "tb_dc_title": {
        "en": "DropConnect: dropping weights instead of units",
        "ko": "DropConnect: 유닛 대신 가중치를 끈다",
    },
    "tb_dc_text": {
        "en": "Dropout zeroes whole units; DropConnect (Wan et al. 2013) zeroes single weights:"
        " each connection of a hidden layer is dropped with probability p, with a new mask for"
        " every mini-batch. Dropout is the special case in which all the weights leaving one"
        " unit are dropped together. At test time the layer uses the expected weights; with the"
        " inverted scaling used here (kept weights × 1/(1−p) in training) that is W itself. A"
        " 784-400-400-10 MLP on 1000 images, trained without dropping, and with dropout and"
        " with DropConnect at p = 0.2, 0.4 and 0.6.",
        "ko": "드롭아웃은 유닛 전체를 0으로 만들고, DropConnect(Wan 등 2013)는 가중치 하나하나를 0으로"
        " 만듭니다: 은닉층의 연결 각각을 확률 p로 끄며, 마스크는 미니배치마다 새로 뽑습니다. 한 유닛에서"
        " 나가는 가중치를 모두 함께 끄는 특수한 경우가 바로 드롭아웃입니다. 시험 때에는 가중치의 기댓값을"
        " 쓰는데, 여기서처럼 역 드롭아웃 방식으로 크기를 맞추면 (훈련 중 남은 가중치에 1/(1−p)를 곱함)"
        " 그 기댓값은 W 그대로입니다. 이미지 1000장에서 784-400-400-10 MLP를 끄기 없이, 그리고"
        " p = 0.2, 0.4, 0.6의 드롭아웃과 DropConnect로 훈련합니다.",
    },
    "tb_dc_formula": {
        "en": "DropConnect masks the weight matrix, dropout the layer's output (M and m drawn"
        " anew for every mini-batch):",
        "ko": "DropConnect는 가중치 행렬에, 드롭아웃은 층의 출력에 마스크를 씌웁니다 (M과 m은 미니배치마다"
        " 새로 뽑음):",
    },
    # --- max-norm ------------------------------------------------------------------------
    "tb_mn_title": {"en": "Max-norm constraints", "ko": "max-norm 제약"},
    "tb_mn_text": {
        "en": "L2 penalises large weights through the loss; max-norm puts a hard ceiling on"
        " them instead. After every update, each hidden unit's incoming weight vector that has"
        " grown longer than c is scaled back to length c. The weights cannot blow up however"
        " large the steps are, which is why Srivastava et al. (2014) paired max-norm with"
        " dropout and large learning rates. A 784-512-512-10 MLP on 2000 images with a"
        " fairly large learning rate: L2, max-norm 3, and each of them with dropout 0.5.",
        "ko": "L2는 손실을 통해 큰 가중치에 벌점을 주지만, max-norm은 가중치에 넘을 수 없는 상한을"
        " 둡니다. 매 갱신 뒤에 각 은닉 유닛으로 들어오는 가중치 벡터의 길이가 c를 넘으면 길이 c로 다시"
        " 줄입니다. 아무리 큰 걸음으로 학습해도 가중치가 폭발할 수 없기 때문에, Srivastava 등(2014)은"
        " max-norm을 드롭아웃, 큰 학습률과 함께 썼습니다. 이미지 2000장에서 꽤 큰 학습률로 784-512-512-10"
        " MLP를 훈련합니다: L2, max-norm 3, 그리고 각각에 드롭아웃 0.5를 더한 경우.",
    },
    "tb_mn_formula": {
        "en": "For the incoming weights w of every hidden unit, after every step:",
        "ko": "모든 은닉 유닛의 입력 가중치 w에 대해, 매 단계 뒤에:",
    },
    # --- label smoothing -----------------------------------------------------------------
    "tb_ls_title": {"en": "Label smoothing", "ko": "레이블 스무딩"},
    "tb_ls_text": {
        "en": "With one-hot targets, cross-entropy keeps pushing the correct logit up even"
        " after the answer is right, so the network grows ever more confident — also when it is"
        " wrong. Label smoothing softens the target: 1−ε on the label and ε spread evenly over"
        " all K classes, so finite logits are already the best answer. Müller, Kornblith &"
        " Hinton (2019) found that it pulls each class's penultimate-layer activations into a"
        " tight cluster and curbs over-confidence. The variants are named by the smoothing"
        " strength (α = ε); a 784-256-256-10 MLP on 1000 images. Watch the test loss (plain"
        " cross-entropy against the true labels): over-confident mistakes push it up even"
        " while the accuracy stays flat.",
        "ko": "원-핫 목표를 쓰면 교차 엔트로피는 답이 이미 맞은 뒤에도 정답 로짓을 계속 키우므로, 신경망은"
        " 틀릴 때조차 점점 더 확신하게 됩니다. 레이블 스무딩은 목표를 부드럽게 만듭니다: 정답에는 1−ε,"
        " 그리고 K개 클래스 전체에 ε를 고르게 나눠 주므로 유한한 로짓이 이미 최선의 답이 됩니다. Müller,"
        " Kornblith & Hinton(2019)은 레이블 스무딩이 각 클래스의 끝에서 두 번째 층 활성화를 촘촘한 군집으로"
        " 모으고 과신을 억제한다는 것을 보였습니다. 모델 이름은 스무딩 세기(α = ε)를 나타내며, 이미지"
        " 1000장에서 784-256-256-10 MLP를 씁니다. 시험 손실(실제 레이블에 대한 보통의 교차 엔트로피)을"
        " 보세요: 정확도가 그대로여도 과신한 실수가 손실을 끌어올립니다.",
    },
    "tb_ls_formula": {
        "en": "The target for an example of class y among K classes, as PyTorch's"
        " `cross_entropy(label_smoothing=ε)`:",
        "ko": "K개 클래스 중 클래스 y인 예제의 목표값 (PyTorch의 `cross_entropy(label_smoothing=ε)`와"
        " 같음):",
    },
    # --- stochastic depth ----------------------------------------------------------------
    "tb_sd_title": {"en": "Stochastic depth", "ko": "확률적 깊이 (stochastic depth)"},
    "tb_sd_text": {
        "en": "Dropout for whole layers. A residual block computes x + f(x), so skipping f"
        " still leaves a working, shallower network. Stochastic depth (Huang et al. 2016) skips"
        " each block for a whole mini-batch at random during training — deeper blocks more"
        " often — and at test uses every block, its f scaled by its survival probability. The"
        " network trains as an implicit ensemble of shallower networks, and a skipped block"
        " costs no computation. A residual MLP of 8 blocks of 128 units with batch"
        " normalization on 1000 images, with all blocks and with the last block surviving with"
        " p_L = 0.5.",
        "ko": "층 전체에 대한 드롭아웃입니다. 잔차 블록은 x + f(x)를 계산하므로, f를 건너뛰어도 더 얕지만"
        " 제대로 동작하는 신경망이 남습니다. 확률적 깊이(Huang 등 2016)는 훈련 중 미니배치마다 각 블록을"
        " 무작위로 통째로 건너뛰며(깊은 블록일수록 더 자주), 시험 때에는 모든 블록을 쓰되 f에 그 블록의"
        " 생존 확률을 곱합니다. 신경망은 더 얕은 신경망들의 암묵적인 앙상블처럼 훈련되고, 건너뛴 블록은"
        " 계산 비용이 들지 않습니다. 이미지 1000장에서 유닛 128개짜리 블록 8개와 배치 정규화를 쓴 잔차"
        " MLP를, 모든 블록을 쓴 경우와 마지막 블록의 생존 확률이 p_L = 0.5인 경우로 비교합니다.",
    },
    "tb_sd_formula": {
        "en": "Block l of L survives a mini-batch with probability p_l (b_l = 1 if it does):",
        "ko": "L개 중 l번째 블록은 미니배치마다 확률 p_l로 살아남습니다 (살아남으면 b_l = 1):",
    },
    # --- ensemble against dropout --------------------------------------------------------
    "tb_ens_title": {"en": "Ensembles against dropout", "ko": "앙상블과 드롭아웃"},
    "tb_ens_text": {
        "en": "Averaging several independently trained networks is the most dependable way to"
        " gain a little accuracy (cs231n's *model ensembles*), and dropout is often explained as"
        " a cheap imitation of it: exponentially many thinned networks that share their"
        " weights. Here the real thing meets the imitation on a 784-256-256-10 MLP and 1000"
        " images: one net, dropout 0.5, five nets from different initial weights with their"
        " probabilities averaged, and dropout given the ensemble's compute (five times the"
        " epochs at the published size). Dropout is evaluated with weight scaling and by"
        " Monte-Carlo averaging of T passes. The entropy of the predictions on Fashion-MNIST"
        " images, which none of the nets has seen, shows which one knows that it does not know"
        " (Lakshminarayanan et al. 2017).",
        "ko": "독립적으로 훈련한 신경망 여러 개의 평균을 내는 것은 정확도를 조금 올리는 가장 믿을 만한"
        " 방법이고 (cs231n의 *모델 앙상블*), 드롭아웃은 흔히 그 값싼 흉내로 설명됩니다: 가중치를 공유하는,"
        " 지수적으로 많은, 유닛 일부를 솎아 낸 신경망이라는 것이죠. 여기서는 784-256-256-10 MLP와 이미지 1000장으로"
        " 진짜와 흉내를 맞붙입니다: 신경망 하나, 드롭아웃 0.5, 서로 다른 초기 가중치로 훈련해 확률을 평균한"
        " 신경망 다섯 개, 그리고 앙상블만큼의 계산을 준 드롭아웃(발표된 크기에서 에폭 다섯 배). 드롭아웃은"
        " 가중치 스케일링과, T번 순전파의 몬테카를로 평균 두 가지로 평가합니다. 어떤 신경망도 본 적 없는"
        " Fashion-MNIST 이미지에 대한 예측 엔트로피는, 어느 쪽이 자신이 모른다는 것을 아는지 보여 줍니다"
        " (Lakshminarayanan 등 2017).",
    },
    "tb_ens_formula": {
        "en": "The ensemble of M nets predicts the mean of their probabilities; the entropy"
        " measures its uncertainty:",
        "ko": "M개 신경망의 앙상블은 확률의 평균을 예측하고, 엔트로피가 그 불확실성을 잽니다:",
    },
    # --- memorization --------------------------------------------------------------------
    "tb_mem_title": {"en": "Memorising random labels", "ko": "무작위 레이블 외우기"},
    "tb_mem_text": {
        "en": "Zhang et al. (2017) replaced some or all of the labels by random ones. A random"
        " label has nothing to learn from, yet a large enough network fits them all: training"
        " accuracy becomes perfect while test accuracy falls to chance. Capacity alone cannot"
        " explain why networks generalize, and explicit regularizers do not stop the"
        " memorising. Arpit et al. (2017) added that networks learn the shared, simple patterns"
        " first and memorise the noise later, and that dropout delays the memorising. A"
        " 784-512-512-10 MLP on 1000 images with 0, 20, 50, 80 and 100 % of the labels random,"
        " and 80 % with dropout 0.5. Watch the dashed training curves of the noisy variants"
        " climb late; a short run can stop before they do.",
        "ko": "Zhang 등(2017)은 레이블의 일부 또는 전부를 무작위 레이블로 바꿨습니다. 무작위 레이블에는"
        " 배울 것이 없는데도 충분히 큰 신경망은 그것들을 모두 맞춥니다: 훈련 정확도는 완벽해지고 시험"
        " 정확도는 우연 수준으로 떨어집니다. 용량만으로는 신경망이 왜 일반화하는지 설명할 수 없고,"
        " 명시적인 정규화도 이 암기를 막지 못합니다. Arpit 등(2017)은 신경망이 공통되고 단순한 패턴을 먼저"
        " 배우고 잡음은 나중에 외우며, 드롭아웃이 그 암기를 늦춘다는 것을 덧붙였습니다. 이미지 1000장에서"
        " 784-512-512-10 MLP를 레이블의 0, 20, 50, 80, 100 %를 무작위로 바꿔 훈련하고, 80 %에는 드롭아웃"
        " 0.5를 더한 경우도 봅니다. 잡음이 섞인 모델의 훈련 곡선(점선)이 늦게 올라가는 것을 보세요. 짧은"
        " 실행은 그 전에 멈출 수 있습니다.",
    },
    # --- bottleneck features -------------------------------------------------------------
    "tb_tr_title": {
        "en": "Transfer learning with bottleneck features",
        "ko": "병목 특징을 이용한 전이 학습",
    },
    "tb_tr_text": {
        "en": "With few labelled examples, train little. cs231n's recipe: take a network"
        " trained on a large related task, freeze its convolutional layers, and train only a new"
        " classifier on their output, the *bottleneck features*. A ConvNet learns the digits 0–4"
        " from 2000 images; its conv blocks are frozen, and a new head learns the digits 5–9"
        " from just 50 labelled images. It is compared with the same head on raw pixels and with"
        " the whole ConvNet trained from scratch on the 50. The feature maps show what the"
        " frozen filters respond to; the PCA shows whether the digits 5–9, which the source"
        " net never saw, fall apart more cleanly in the bottleneck features than in the pixels.",
        "ko": "레이블이 붙은 예제가 적을 때는 적게 훈련하세요. cs231n의 방법은 이렇습니다: 관련된 큰 작업으로"
        " 훈련한 신경망을 가져와 합성곱 층을 고정하고, 그 출력인 *병목 특징* 위에 새 분류기만 훈련합니다."
        " 합성곱 신경망이 이미지 2000장으로 숫자 0–4를 배우고, 그 합성곱 블록을 고정한 뒤 새 출력부(head)가"
        " 레이블이 붙은 이미지 50장만으로 숫자 5–9를 배웁니다. 이를 원시 픽셀 위의 같은 출력부, 그리고 50장으로"
        " 처음부터 훈련한 합성곱 신경망 전체와 비교합니다. 특징 맵은 고정된 필터가 무엇에 반응하는지를"
        " 보여 주고, PCA는 원래 신경망이 한 번도 보지 못한 숫자 5–9가 픽셀보다 병목 특징에서 더 깔끔하게"
        " 갈라지는지를 보여 줍니다.",
    },
    "tb_tr_formula": {
        "en": "Only the head's W and b learn; φ, the conv blocks, stays as the source task left"
        " it:",
        "ko": "출력부의 W와 b만 학습하고, 합성곱 블록 φ는 원래 작업이 남긴 그대로 둡니다:",
    },
    # --- closing -------------------------------------------------------------------------
    "tb_outro_title": {"en": "Which ones to use", "ko": "무엇을 쓸까"},
    "tb_outro_text": {
        "en": "cs231n's practical advice: tune one L2 weight decay strength on validation data,"
        " combine it with dropout (in a ConvNet, before the fully connected layers), use batch"
        " normalization, and augment the data whenever a transformation keeps the labels. An"
        " ensemble of a few nets is a dependable last gain if you can pay for it. The rest are"
        " for particular cases: label smoothing against over-confidence, max-norm together with"
        " dropout and large learning rates, stochastic depth for very deep residual networks,"
        " transfer learning when labels are scarce. And remember the random labels: perfect"
        " training accuracy does not mean that anything was learned — only data the network"
        " has not seen can tell.",
        "ko": "cs231n의 실용적인 조언: L2 가중치 감소의 세기 하나를 검증 데이터로 조정하고, 드롭아웃과"
        " 함께 쓰세요 (합성곱 신경망에서는 완전 연결층 앞에). 배치 정규화를 쓰고, 레이블을 바꾸지 않는"
        " 변환이 있다면 언제든 데이터를 증강하세요. 비용을 감당할 수 있다면 신경망 몇 개의 앙상블이 마지막"
        " 이득을 믿을 만하게 가져다줍니다. 나머지는 특정한 경우를 위한 도구입니다: 과신에는 레이블 스무딩,"
        " 드롭아웃과 큰 학습률에는 max-norm, 아주 깊은 잔차 신경망에는 확률적 깊이, 레이블이 부족할 때는"
        " 전이 학습. 그리고 무작위 레이블 실험을 기억하세요: 훈련 정확도가 완벽하다고 무언가를 배웠다는"
        " 뜻은 아닙니다 — 신경망이 보지 못한 데이터만이 그것을 알려 줍니다.",
    },
}
