"""``save_img(path, x)``: write an image array to a file, as Keras' ``tf.keras.preprocessing.image.save_img``."""
import numpy as np


def save_img(path, x, file_format=None, scale=True):
    """Save ``x`` as an image file; the format comes from the file name (``.png``, ``.jpg``, ...) or
    ``file_format``.

    ``x`` is grey (H, W) or (H, W, 1), RGB (H, W, 3) or RGBA (H, W, 4). With ``scale=True`` (Keras' default)
    the values are stretched so the smallest becomes black and the largest white; with ``scale=False`` they
    must already lie in 0..255. Uses matplotlib (imported here, on first use)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 3 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim not in (2, 3) or (x.ndim == 3 and x.shape[-1] not in (3, 4)):
        raise ValueError(f"save_img: expected an image of shape (H, W), (H, W, 1), (H, W, 3) or (H, W, 4), "
                         f"got shape {x.shape}; pass one image, not a batch")
    if scale:
        x = x - x.min()
        x = x / x.max() if x.max() > 0 else x
    else:
        if x.min() < 0 or x.max() > 255:
            raise ValueError(f"save_img: with scale=False the values must lie in 0..255, got "
                             f"{x.min():g}..{x.max():g}; pass scale=True to stretch them")
        x = x / 255.0
    try:
        import matplotlib.image
    except ImportError:
        raise ImportError("save_img: writing images needs matplotlib: pip install minigrad-edu[demos]") from None
    matplotlib.image.imsave(path, x, cmap="gray", vmin=0.0, vmax=1.0, format=file_format)
