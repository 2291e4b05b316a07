"""Keras-style training, as in the lectures' lab code: every nn.Module inherits KerasMixin, so

    model = nn.Sequential(nn.Input((2,)), nn.Dense(16, activation="relu"), nn.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=10, validation_split=0.2, verbose=2)
    history.history["val_accuracy"]          # one value per epoch

- mixin.py: compile, fit, evaluate, predict, train_on_batch, test_on_batch, summary (KerasMixin)
- callbacks.py: Callback, History, EarlyStopping, ModelCheckpoint, LambdaCallback, ReduceLROnPlateau,
  LearningRateScheduler, CSVLogger, TerminateOnNaN
- optimizers.py: Keras' optimizer objects (bound to the weights at the first step); batches.py: what fit accepts
- compiled.py: what compile chose, per output, and how targets are shaped to meet the outputs
- metrics.py: accuracy (binary / categorical / sparse, chosen from the shapes), mae, mse, and metric objects
- progress.py: the progress line; summary.py: the summary table
- symbolic.py: SymbolicTensor, the placeholder behind ``keras.Input`` and ``keras.Model(inputs, outputs)``

This package imports optim and data, never nn (nn imports it).
"""
from . import metrics
from .callbacks import (Callback, CSVLogger, EarlyStopping, History, LambdaCallback, LearningRateScheduler,
                        ModelCheckpoint, ReduceLROnPlateau, TerminateOnNaN)
from .mixin import KerasMixin
from .symbolic import SymbolicTensor

__all__ = ["KerasMixin", "Callback", "History", "EarlyStopping", "ModelCheckpoint", "LambdaCallback", "CSVLogger",
           "ReduceLROnPlateau", "LearningRateScheduler", "TerminateOnNaN",
           "SymbolicTensor", "metrics"]
