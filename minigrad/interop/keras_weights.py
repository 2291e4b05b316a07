"""Keras weight lists: a model's weights in the order and layouts of Keras' ``get_weights`` / ``set_weights``.

Keras keeps a model's weights as one flat list: layer after layer, each layer's arrays in a fixed order. minigrad
stores them PyTorch's way, so some are transposed on the way:

    minigrad layer     Keras layer           Keras arrays, in order
    Linear / Dense     Dense                 kernel (in, out) = W^T, bias (out,)
    Conv2d             Conv2D                kernel (kh, kw, in, out) = W (out, in, kh, kw) moved to (2, 3, 1, 0), bias
    ConvTranspose2d    Conv2DTranspose       kernel (kh, kw, out, in) = W (in, out, kh, kw) moved to (2, 3, 1, 0), bias
    BatchNorm1d/2d     BatchNormalization    gamma, beta, moving_mean, moving_variance
    Embedding          Embedding             embeddings (input_dim, output_dim)
    LayerNorm          LayerNormalization    gamma, beta

A layer without bias (``use_bias=False``) or without gamma and beta (``affine=False``; Keras' ``center=False,
scale=False``) has those arrays left out, as in Keras. Keras' twin must also use the same settings where they
change the numbers: BatchNormalization(epsilon=1e-5, momentum=0.9) is minigrad's eps=1e-5, momentum=0.1.
Keras convolutions take images channels-last (N, H, W, C): feed the twin ``x.transpose(0, 2, 3, 1)``. A Flatten
after them then orders the features (H, W, C) where minigrad orders them (C, H, W), so the Dense that follows
sees them in another order; the conversion maps each layer's own weights and does not reorder for that.
"""
import numpy as np

from .. import nn

# (minigrad attribute, axes that move it into Keras' layout or None), in Keras' order
_CONV = (("weight", (2, 3, 1, 0)), ("bias", None))
_AFFINE = (("weight", None), ("bias", None))
_LAYOUTS = [((nn.Linear,), "Dense", (("weight", (1, 0)), ("bias", None))),
            ((nn.Conv2d,), "Conv2D", _CONV),
            ((nn.ConvTranspose2d,), "Conv2DTranspose", _CONV),
            ((nn.BatchNorm1d, nn.BatchNorm2d), "BatchNormalization", _AFFINE + (("running_mean", None),
                                                                                  ("running_var", None))),
            ((nn.Embedding,), "Embedding", (("weight", None),))]
if getattr(nn, "LayerNorm", None) is not None:  # LayerNorm joins nn in another change; mapped once it is there
    _LAYOUTS.append(((nn.LayerNorm,), "LayerNormalization", _AFFINE))

SUPPORTED = ", ".join(f"{'/'.join(k.__name__ for k in kinds)} (Keras {keras})" for kinds, keras, _ in _LAYOUTS)


def to_keras_weights(model):
    """The list of arrays that ``keras_twin.set_weights`` takes: each layer's weights in Keras' order and layout."""
    return [np.ascontiguousarray(array.transpose(axes) if axes else array)
            for _, array, axes in _slots(model, "to_keras_weights")]


def from_keras_weights(model, weights):
    """Copy a Keras ``get_weights()`` list into ``model`` (the same layers, in the same order) and return it.

    The number of arrays and each shape are checked first: on a mismatch one ValueError names every problem and
    the model is left unchanged."""
    where = f"from_keras_weights({type(model).__name__})"
    slots, weights = _slots(model, where), [np.asarray(w) for w in weights]
    problems = []
    if len(weights) != len(slots):
        problems.append(f"got {len(weights)} arrays, the model has {len(slots)}")
    for i, ((name, array, axes), weight) in enumerate(zip(slots, weights)):
        want = array.transpose(axes).shape if axes else array.shape
        if weight.shape != want:
            problems.append(f"array {i} (for {name!r}) has shape {weight.shape}, expected {want}")
    if problems:
        raise ValueError(f"{where}: the weights do not match the model: " + "; ".join(problems)
                         + ". Nothing was loaded. Build the same layers in the same order as the Keras model.")
    state = model.state_dict()
    for (name, array, axes), weight in zip(slots, weights):
        state[name] = (weight.transpose(np.argsort(axes)) if axes else weight).astype(array.dtype)
    model.load_state_dict(state)
    return model


def _slots(model, where):
    """(state name, array, axes to Keras' layout) for every weight, in Keras' order."""
    if not model.built:
        raise ValueError(f"{where}: {type(model).__name__} has layers that do not know their input size yet. "
                         "Call the model on one batch first, or give the first layer input_shape=... .")
    state, slots = model.state_dict(), []
    for prefix, module in model.named_modules():
        own = [name for name, _ in [*module.named_parameters(), *module.named_buffers()] if "." not in name]
        layout = next((fields for kinds, _, fields in _LAYOUTS if isinstance(module, kinds)), None)
        if layout is None:
            if own:
                raise TypeError(f"{where}: layer {prefix!r} ({type(module).__name__}) has weights {own} but no "
                                f"Keras layout here. Supported layers with weights: {SUPPORTED}.")
            continue
        for attribute, axes in layout:
            name = f"{prefix}.{attribute}" if prefix else attribute
            if name in state:
                slots.append((name, state[name], axes))
    return slots
