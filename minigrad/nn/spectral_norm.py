"""Spectral normalisation (Miyato et al. 2018): a layer whose weight is divided by its largest singular value.

For a weight W seen as a matrix (rows: the output units; a convolution's kernel flattened per output channel),
sigma(W) = max |W v| / |v| is the most the layer can stretch any input. Using W / sigma(W) makes the layer
1-Lipschitz, so a discriminator built from such layers cannot grow arbitrarily steep around the real data: its
gradient stays informative for the generator.

sigma is estimated by power iteration (15 steps when the layer is wrapped, then one per training forward
pass), carrying the vectors u and v over:

    v <- W^T u / |W^T u|,   u <- W v / |W v|,   sigma = u^T W v

u and v are treated as constants; sigma's gradient is d sigma / d W = u v^T, which backward computes through
u^T W v. As in PyTorch (torch.nn.utils.spectral_norm), W / sigma(W) is recomputed from the trained weight
``weight_orig`` in every forward pass, and evaluation mode uses u and v as they are.

    layer = nn.SpectralNorm(nn.Conv2d(1, 32, 4, stride=2, padding=1))
"""
import numpy as np

from . import init
from .module import Module, Parameter


class SpectralNorm(Module):
    """Wrap ``layer`` (any module with a ``weight`` Parameter: Linear, Conv2d, ConvTranspose2d) so that it computes
    with W / sigma(W). ``dim``: the weight's axis of output units (0; 1 for ConvTranspose2d, whose weight is
    (in, out, kh, kw)). ``power_iterations``: power-iteration steps per training forward pass."""

    def __init__(self, layer, dim=0, power_iterations=1, eps=1e-12, rng=None):
        super().__init__()
        weight = getattr(layer, "weight", None)
        if not isinstance(weight, Parameter):
            raise ValueError(f"SpectralNorm: {type(layer).__name__} has no built weight Parameter to normalise; "
                             "give the layer its input size (e.g. nn.Linear(in, out)) before wrapping it")
        if power_iterations < 1:
            raise ValueError(f"SpectralNorm: power_iterations must be >= 1, got {power_iterations}")
        del layer.weight  # the layer's weight becomes a computed Value: W / sigma(W)
        self.layer, self.weight_orig, self.dim = layer, weight, int(dim)
        self.power_iterations, self.eps = int(power_iterations), float(eps)
        rows, cols = self.matrix().shape
        rng = init.default_rng(rng)
        for name, size in (("u", rows), ("v", cols)):
            vector = rng.standard_normal(size)
            self.register_buffer(name, (vector / np.linalg.norm(vector)).astype(weight.dtype))
        self.power_iteration(15)
        self.layer.weight = self.normalized_weight()

    def matrix(self):
        """The weight as a matrix (output units, everything else), as a Value (its gradient reaches weight_orig)."""
        w = self.weight_orig
        if self.dim:
            w = w.transpose((self.dim,) + tuple(a for a in range(w.ndim) if a != self.dim))
        return w.reshape((w.shape[0], -1))

    def power_iteration(self, steps):
        """``steps`` steps of v <- W^T u / |W^T u|, u <- W v / |W v| on the weight's data (no graph), kept in the
        buffers u and v."""
        matrix = np.asarray(self.matrix().data)
        u, v = self.u, self.v
        for _ in range(steps):
            v = matrix.T @ u
            v = v / max(np.linalg.norm(v), self.eps)
            u = matrix @ v
            u = u / max(np.linalg.norm(u), self.eps)
        self.u, self.v = u.astype(self.u.dtype), v.astype(self.v.dtype)

    def sigma(self):
        """u^T W v, the estimate of W's largest singular value, as a Value (u and v constants); in training mode
        the power iteration first advances u and v."""
        if self.training:
            self.power_iteration(self.power_iterations)
        return (self.matrix() @ self.v) @ self.u

    def normalized_weight(self):
        return self.weight_orig / self.sigma()

    def forward(self, *args):
        self.layer.weight = self.normalized_weight()
        return self.layer(*args)

    def extra_repr(self):
        return f"power_iterations={self.power_iterations}"
