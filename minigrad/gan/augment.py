"""Differentiable augmentation (DiffAugment, Zhao et al. 2020) for a GAN's discriminator on little data.

On 5,000 digits a discriminator soon memorises the real images and wins the game: its gradient then tells the
generator little. DiffAugment shows the discriminator every image, real and generated, through the same random
changes, in both players' steps. The discriminator sees more varied data and cannot memorise it; the changes
are differentiable, so the generator still learns through them. Two changes, as in the paper's default for
small images:

- translation: shift each image by up to ``max_shift`` pixels in each direction, filling with the background.
  A shift is a linear map, out = R x C with 0/1 shift matrices R (rows) and C (columns), so its gradient is
  d out / d x: g -> R^T g C^T, which the matrix product's own rule computes.
- cutout: erase one random square of ``size`` x ``size`` pixels per image to the background:
  out = m * x + (1 - m) * fill with a 0/1 mask m, so d out / d x = m.

The generator's pixels lie in [low, high]; ``fill`` is the background value (low: black).
"""
import numpy as np

from ..engine import Value


def shift_matrices(shifts, size):
    """(n, size, size) 0/1 matrices S with (S v)[i] = v[i - shift]: multiplying a column of pixels by S moves it
    ``shift`` places down (up when negative); the pixels shifted in are 0."""
    rows = np.arange(size)
    return (rows[None, :, None] - np.asarray(shifts)[:, None, None] == rows[None, None, :]).astype(np.float32)


def translate(x, shifts_y, shifts_x, fill=0.0):
    """Shift image i of ``x`` (n, c, h, w) by shifts_y[i] rows down and shifts_x[i] columns right; the pixels that
    come in are ``fill``. out = R (x - fill) C + fill with R, C from ``shift_matrices`` (C transposed)."""
    n, _, h, w = x.shape
    rows = Value(shift_matrices(shifts_y, h)[:, None], requires_grad=False)
    cols = Value(shift_matrices(shifts_x, w).transpose(0, 2, 1)[:, None], requires_grad=False)
    return rows @ (x - fill) @ cols + fill


def cutout_masks(n, h, w, size, rng):
    """(n, 1, h, w) float masks, 1 everywhere but a ``size`` x ``size`` square per image (its centre uniform over
    the image, the square clipped at the border), which is 0."""
    top = rng.integers(0, h, n)[:, None, None] - size // 2
    left = rng.integers(0, w, n)[:, None, None] - size // 2
    ys, xs = np.arange(h)[None, :, None], np.arange(w)[None, None, :]
    inside = (ys >= top) & (ys < top + size) & (xs >= left) & (xs < left + size)
    return (~inside).astype(np.float32)[:, None]


def cutout(x, masks, fill=0.0):
    """out = m * x + (1 - m) * fill: the pixels where the mask is 0 become ``fill``."""
    return x * masks + (1.0 - masks) * fill


class DiffAugment:
    """The same kind of random translation and cutout for every image the discriminator sees.

    ``max_shift``: the largest shift in pixels (DiffAugment uses 1/8 of the image: 3 for 28 pixels; 0 turns
    translation off). ``cutout_size``: the side of the erased square (the paper's half of the image, 14 for 28
    pixels, erases too much of a thin digit stroke; 0 turns cutout off). ``fill``: the background value.
    Call it on a Value (n, c, h, w) or (n, h, w) image batch; it returns a Value of the same shape."""

    def __init__(self, max_shift=3, cutout_size=8, fill=0.0, seed=None):
        if max_shift < 0 or cutout_size < 0:
            raise ValueError(f"DiffAugment: max_shift and cutout_size must be >= 0 pixels, got {max_shift} and "
                             f"{cutout_size}")
        self.max_shift, self.cutout_size, self.fill = int(max_shift), int(cutout_size), float(fill)
        self.rng = np.random.default_rng(seed)

    def __call__(self, x):
        x = x if isinstance(x, Value) else Value(np.asarray(x, dtype=np.float32), requires_grad=False)
        flat = x.ndim == 3
        if flat:
            x = x.reshape((x.shape[0], 1) + x.shape[1:])
        if x.ndim != 4:
            raise ValueError(f"DiffAugment: expected images (n, c, h, w) or (n, h, w), got shape {x.shape}")
        n, _, h, w = x.shape
        if self.max_shift:
            shifts = self.rng.integers(-self.max_shift, self.max_shift + 1, (2, n))
            x = translate(x, shifts[0], shifts[1], self.fill)
        if self.cutout_size:
            x = cutout(x, cutout_masks(n, h, w, self.cutout_size, self.rng), self.fill)
        return x.reshape((n, h, w)) if flat else x
