"""``model.summary()``: the Keras table of a model's layers, their output shapes and parameter counts.

    Model: "sequential"
    _________________________________________________________________
     Layer (type)                Output Shape              Param #
    =================================================================
     dense (Dense)               (None, 16)                48
     dense_1 (Dense)             (None, 1)                 17
    =================================================================
    Total params: 65
    Trainable params: 65
    Non-trainable params: 0
    _________________________________________________________________

The output shapes come from one forward pass on a batch of zeros, so they are known only when the model's
input shape is (Input(shape), input_dim, input_shape, or data it has already seen).
"""
import re

import numpy as np

from ..engine import no_grad

WIDTHS = (29, 26, 10)
WIDTH = sum(WIDTHS)


def snake_case(name):
    """Keras' layer names: ``Dense`` -> ``dense``, ``BatchNorm1d`` -> ``batch_norm1d``."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def summary_lines(model, input_shape, dtype, rows=None, shapes=None):
    """The lines of the table for ``model``; the rows are its direct submodules (itself when it has none), or
    ``rows`` [(name, module)]. ``shapes`` {id(module): output sample shape} when known without a forward pass."""
    rows = rows if rows is not None else list(model.named_children()) or [("", model)]
    if shapes is None:
        shapes = output_shapes(model, [module for _, module in rows], input_shape, dtype)
    trainable = {id(p) for p in model.trainable_parameters()}
    params = model.parameters()
    n_trainable = sum(p.size for p in params if id(p) in trainable)
    title = getattr(model, "name", None) or snake_case(type(model).__name__)
    lines = [f'Model: "{title}"', "_" * WIDTH,
             _row("Layer (type)", "Output Shape", "Param #"), "=" * WIDTH]
    counts = {}
    for name, module in rows:
        kind = type(module).__name__
        own = module.__dict__.get("name")
        if (not name or name.isdigit()) and isinstance(own, str):
            name = own
        if not name or name.isdigit():
            base = snake_case(kind)
            name = base if base not in counts else f"{base}_{counts[base]}"
            counts[base] = counts.get(base, 0) + 1
        shape = shapes.get(id(module))
        lines.append(_row(f"{name} ({kind})", "?" if shape is None else str((None, *shape)),
                          f"{sum(p.size for p in module.parameters()):,}"))
    lines += ["=" * WIDTH, f"Total params: {sum(p.size for p in params):,}",
              f"Trainable params: {n_trainable:,}",
              f"Non-trainable params: {sum(p.size for p in params) - n_trainable:,}", "_" * WIDTH]
    if input_shape is None and not shapes:
        lines.append("Output shapes are unknown: declare the input shape (Input(shape=...), input_dim=..., "
                     "input_shape=...) or fit the model once.")
    if not model.built:
        lines.append("Some layers are not built yet (they learn their input size from the first batch): "
                     "their parameters are not counted.")
    return lines


def output_shapes(model, modules, input_shape, dtype):
    """{id(module): output sample shape} for ``modules``, recorded during one forward of ``model`` on zeros
    (batch of 2, eval mode, no graph). Empty when ``input_shape`` is None."""
    if input_shape is None:
        return {}
    shapes = {}

    def recorder(module, forward):
        def record(*args, **kwargs):
            out = forward(*args, **kwargs)
            shapes.setdefault(id(module), tuple(np.shape(out.data)[1:]))
            return out
        return record

    wrapped = [module for module in {id(m): m for m in modules}.values()]
    modes = [(module, module.training) for module in model.modules()]
    for module in wrapped:
        module.__dict__["forward"] = recorder(module, module.forward)  # shadows the class's forward for a moment
    try:
        model.eval()
        with no_grad():
            model(np.zeros((2, *input_shape), dtype=dtype))
    finally:
        for module in wrapped:
            del module.__dict__["forward"]
        for module, mode in modes:
            module.training = mode
    return shapes


def _row(*cells):
    return " " + "".join(str(cell).ljust(width) for cell, width in zip(cells, WIDTHS)).rstrip()
