"""SymbolicTensor: what Keras' ``Input(shape=...)`` returns, for the functional API.

It holds no numbers. It has the shape of one sample, and it remembers the layers applied to it, in order:

    inp = keras.Input(shape=(100,))
    out = discriminator(generator(inp))      # calling a model on a SymbolicTensor records it
    gan = keras.Model(inp, out)              # the chain Input -> generator -> discriminator

Each call works out the output shape at once (``layer.compute_output_shape``), so a layer that does not fit
fails where it is written, and lazily sized layers (``Dense(128)``) are built then.
"""


class SymbolicTensor:
    """A placeholder for a batch of samples of ``shape`` (no batch axis) and the ``layers`` applied so far.

    ``source`` is the SymbolicTensor the chain started from, so ``keras.Model(inputs, outputs)`` can check
    that its outputs were computed from its inputs.
    """

    def __init__(self, shape, layers=(), source=None):
        self.shape = tuple(shape)
        self.layers = list(layers)
        self.source = self if source is None else source

    def apply(self, layer):
        """The SymbolicTensor for ``layer(self)``: the chain one layer longer, with the new sample shape."""
        return SymbolicTensor(layer.compute_output_shape(self.shape), self.layers + [layer], self.source)

    def __repr__(self):
        names = ", ".join(type(layer).__name__ for layer in self.layers)
        return f"SymbolicTensor(shape={(None, *self.shape)}, layers=[{names}])"
