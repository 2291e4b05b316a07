"""9.1 with the saturating loss's gradient, sigmoid(s) / m, beside the right loss value."""


def generator_loss(fake_logits):
    return float(np.mean(np.logaddexp(0.0, -fake_logits))), sigmoid(fake_logits) / len(fake_logits)
