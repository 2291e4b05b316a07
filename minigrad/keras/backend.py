"""The few ``keras.backend`` (``K``) helpers that model-building code asks: the image layout and shapes."""


def image_data_format():
    """Keras' layers here are channels-last: images are (N, H, W, C)."""
    return "channels_last"


def int_shape(x):
    """The shape of a keras.Input/layer output ((None, ...)) or of an array, as a tuple."""
    return tuple(x.shape)


def floatx():
    return "float32"


def clear_session():
    """Start layer names again from ``dense``, ``dense_1``, ... (Keras forgets its graph here)."""
    from .layers import base
    base.reset_names()
