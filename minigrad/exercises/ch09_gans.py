"""Exercises for chapter 9, generative adversarial networks (docs/guide/09_gans.rst).

The discriminator outputs a logit s per image, and D = sigmoid(s) is its probability that the image is real.
Losses are means over the batch. They must stay finite for logits of +-1e4, so never take log(sigmoid(s))
directly: log sigmoid(s) = -softplus(-s) and log(1 - sigmoid(s)) = -softplus(s), with
softplus(u) = log(1 + e^u) = ``np.logaddexp(0, u)``. Grade with ``minigrad grade 9 --path DIR``.
"""
import numpy as np


def generator_loss(fake_logits):
    """Exercise 9.1: the generator's non-saturating loss, forward and backward.

    Task: return (loss, grad): the float L = mean(-log D(G(z))) over the m fake logits, and dL/dfake_logits.
    Formula: L = mean(softplus(-s)), and dL/ds = -(1 - sigmoid(s)) / m = (sigmoid(s) - 1) / m.
    Hint: this is the BCE of the fakes against the label "real". The saturating loss log(1 - D) has the
    gradient sigmoid(s) / m instead, almost 0 exactly where D spots the fakes (sigmoid(s) ~ 0).
    """
    raise NotImplementedError("exercise 9.1: write generator_loss")


def discriminator_loss(real_logits, fake_logits):
    """Exercise 9.2: the discriminator's loss: real images labelled 1, generated ones 0.

    Task: return (loss, grad_real, grad_fake): the float
        L = mean(-log D(x)) + mean(-log(1 - D(G(z)))),
    and its gradients with respect to both arrays of logits (each mean over its own batch).
    Formula: L = mean(softplus(-r)) + mean(softplus(f)); dL/dr = (sigmoid(r) - 1) / m_real and
    dL/df = sigmoid(f) / m_fake.
    Hint: the two terms are the chapter's two BCE calls, added; the sigmoid of a large negative logit must not
    overflow (``np.exp(-s)`` at s = -1e4 does), so use a stable form.
    """
    raise NotImplementedError("exercise 9.2: write discriminator_loss")
