"""Reference solutions, chapter 9."""
import numpy as np


def sigmoid(s):
    return np.exp(-np.logaddexp(0.0, -s))


def generator_loss(fake_logits):
    m = len(fake_logits)
    return float(np.mean(np.logaddexp(0.0, -fake_logits))), (sigmoid(fake_logits) - 1) / m


def discriminator_loss(real_logits, fake_logits):
    loss = np.mean(np.logaddexp(0.0, -real_logits)) + np.mean(np.logaddexp(0.0, fake_logits))
    return float(loss), (sigmoid(real_logits) - 1) / len(real_logits), sigmoid(fake_logits) / len(fake_logits)
