"""Keras' Sequential and functional Model, as minigrad Modules (so compile/fit/... come with them).

    generator = Sequential([Dense(128, activation="relu", input_dim=100), Dense(784, activation="sigmoid")])
    inp = keras.Input(shape=(100,))
    gan = keras.Model(inp, discriminator(generator(inp)))    # the chain Input -> generator -> discriminator

The functional API here covers chains: one input, each layer or model applied to the previous output.
"""
from .. import nn
from ..training import SymbolicTensor


class Sequential(nn.Sequential):
    """Keras' ``Sequential([layer, ...], name=None)``. A ``keras.Input(shape=...)`` in the list declares the
    input shape."""

    def __init__(self, layers=None, name=None):
        super().__init__()
        self.name = name
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Append a layer (or the layers a keras.Input placeholder has recorded)."""
        for each in layer.layers if isinstance(layer, SymbolicTensor) else [layer]:
            super().add(each)


class Model(nn.Sequential):
    """Keras' functional ``Model(inputs, outputs)``: the layers that turned ``inputs`` (a keras.Input) into
    ``outputs``, run in that order."""

    def __init__(self, inputs, outputs, name=None):
        for what, value in (("inputs", inputs), ("outputs", outputs)):
            if not isinstance(value, SymbolicTensor):
                raise TypeError(f"Model: {what} must come from keras.Input(shape=...) (one input, chains of "
                                f"layers only), got {type(value).__name__}")
        if outputs.source is not inputs:
            raise ValueError(f"Model: outputs {outputs} were not computed from inputs {inputs}; pass the "
                             "keras.Input that the output's chain of layers starts from")
        super().__init__(*outputs.layers)
        self.name = name
