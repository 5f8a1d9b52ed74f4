"""Korean for the reproductions' measured lines, the "ours" column of `reglab reproduce` and of
the guided pages' verdicts (engine/experiments/*_checks.py), terms as in REFERENCES.md's glossary.
"""

KO: dict[str, str] = {
    # the measured lines (engine/experiments/*_checks.py); variant names and numbers stay
    "sigmoid L5 share at 0/1: std 1 {ends_1:.2f}, std 0.01 {ends_001:.2f}, Xavier"
    " {ends_xavier:.2f}; share in [0.4, 0.6]: std 0.01 {mid_001:.2f}, Xavier"
    " {mid_xavier:.2f}; ReLU L5 std: std 0.01 {relu_001:.1e}, He {relu_he:.2f}": (
        "시그모이드 L5의 0/1 근처 비율: std 1 {ends_1:.2f}, std 0.01 {ends_001:.2f}, Xavier"
        " {ends_xavier:.2f}; [0.4, 0.6] 비율: std 0.01 {mid_001:.2f}, Xavier {mid_xavier:.2f};"
        " ReLU L5 표준편차: std 0.01 {relu_001:.1e}, He {relu_he:.2f}"
    ),
    "final train loss: {values}": "최종 훈련 손실: {values}",
    "BN ahead at {ahead}/16; final train acc plain/BN: {values}": (
        "BN이 앞선 스케일 {ahead}/16; 최종 훈련 정확도 plain/BN: {values}"
    ),
    "steps to 0.90 test acc: plain {steps_plain}, BN {steps_bn}; final test acc: plain"
    " {test_plain:.3f}, BN {test_bn:.3f}; percentile drift after epoch 1: plain"
    " {drift_plain:.2f}, BN {drift_bn:.2f}": (
        "시험 정확도 0.90까지의 스텝: plain {steps_plain}, BN {steps_bn}; 최종 시험 정확도: plain"
        " {test_plain:.3f}, BN {test_bn:.3f}; 에폭 1 이후 백분위수 표류: plain {drift_plain:.2f},"
        " BN {drift_bn:.2f}"
    ),
    "final test acc plain/BN: {values}": "최종 시험 정확도 plain/BN: {values}",
    "{variant}: running {running:.3f}, test batches of 1/8/512 {b1:.3f}/{b8:.3f}/{b512:.3f}": (
        "{variant}: 이동 평균 통계 {running:.3f}, 크기 1/8/512 시험 배치 {b1:.3f}/{b8:.3f}/{b512:.3f}"
    ),
    "{name} {train:.3f}/{test:.3f} (gap {gap:.3f})": "{name} {train:.3f}/{test:.3f} (격차 {gap:.3f})",
    "train/test: {values}": "훈련/시험: {values}",
    "Table 9's order (dropout + L2 above L2) holds on 300 images": (
        "이미지 300장에서 Table 9의 순서(dropout + L2가 L2보다 위)가 성립합니다"
    ),
    "Table 9's order (dropout + L2 above L2) does not hold on 300 images": (
        "이미지 300장에서 Table 9의 순서(dropout + L2가 L2보다 위)가 성립하지 않습니다"
    ),
    "test acc over {seeds} seeds: {values}; {order}": (
        "시드 {seeds}개에 걸친 시험 정확도: {values}; {order}"
    ),
    "test acc eval vs train mode: {values}": "시험 정확도 eval 모드 대 train 모드: {values}",
    "{variant}: T=1 {t1:.3f}, T=10 {t10:.3f}, T=50 {t50:.3f} vs weight scaling"
    " {scaled:.3f}; entropy right/wrong/OOD {right:.2f}/{wrong:.2f}/{ood:.2f}": (
        "{variant}: T=1 {t1:.3f}, T=10 {t10:.3f}, T=50 {t50:.3f}, 가중치 스케일링 {scaled:.3f};"
        " 엔트로피 맞음/틀림/OOD {right:.2f}/{wrong:.2f}/{ood:.2f}"
    ),
    "last hidden layer mean activation {mean_a:.2f} → {mean_b:.2f}; share of zeros"
    " {zeros_a:.2f} → {zeros_b:.2f}": (
        "마지막 은닉층 평균 활성화 {mean_a:.2f} → {mean_b:.2f}; 0의 비율 {zeros_a:.2f} → {zeros_b:.2f}"
    ),
    "inverted": "역 드롭아웃",
    "classic": "고전 드롭아웃",
    "{style}: mean over {n} masks {train:.4f}, eval {eval:.4f} ({rel:.2%})": (
        "{style}: 마스크 {n}개 평균 {train:.4f}, eval {eval:.4f} ({rel:.2%})"
    ),
    "test acc: {values}; best dropout {dropout}, best DropConnect {dropconnect}": (
        "시험 정확도: {values}; 최고 드롭아웃 {dropout}, 최고 DropConnect {dropconnect}"
    ),
    "{name}: test NLL {nll:.3f}, acc {acc:.3f}": "{name}: 시험 NLL {nll:.3f}, 정확도 {acc:.3f}",
    ", penultimate spread {spread:.2f}": ", 끝에서 두 번째 층 퍼짐 {spread:.2f}",
    "test error: {values}": "시험 오차: {values}",
    "test acc: {values}": "시험 정확도: {values}",
    "; training steps {full:.1f} s all blocks, {sd:.1f} s stochastic depth": (
        "; 훈련 스텝 시간: all blocks {full:.1f} s, stochastic depth {sd:.1f} s"
    ),
    "test acc: {values}; MC dropout T=50: dropout 0.5 {mc:.3f}; entropy of {source} inputs"
    " (nats): {entropies}": (
        "시험 정확도: {values}; MC 드롭아웃 T=50: dropout 0.5 {mc:.3f}; {source} 입력의 엔트로피"
        " (nats): {entropies}"
    ),
    "not reached": "도달하지 못함",
    "epoch {epoch}": "에폭 {epoch}",
    "train/test by noise: {values}; train acc 0.9 at 80 % noise: {plain} plain, {dropout}"
    " with dropout": (
        "노이즈별 훈련/시험: {values}; 노이즈 80 %에서 훈련 정확도 0.9 도달: 드롭아웃 없이 {plain},"
        " 드롭아웃과 함께 {dropout}"
    ),
    "{name}: ECE {ece:.3f} → {scaled:.3f} at T {temperature:.2f}, acc {acc:.3f}": (
        "{name}: ECE {ece:.3f} → T {temperature:.2f}에서 {scaled:.3f}, 정확도 {acc:.3f}"
    ),
    "{name}: ECE {ece:.3f}, acc {acc:.3f}": "{name}: ECE {ece:.3f}, 정확도 {acc:.3f}",
    "trained on {data}, shown {source}: AUROC of entropy {aucs}; max-softmax, one net {msp:.3f}": (
        "{data}에서 훈련, {source} 입력 제시: 엔트로피의 AUROC {aucs}; 최대 소프트맥스, 신경망 하나 {msp:.3f}"
    ),
}
