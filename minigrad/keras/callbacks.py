"""Keras' callbacks (minigrad.training.callbacks)."""
from ..training.callbacks import (Callback, CSVLogger, EarlyStopping, History, LambdaCallback, LearningRateScheduler,
                                  ModelCheckpoint, ReduceLROnPlateau, TerminateOnNaN)

__all__ = ["Callback", "History", "EarlyStopping", "ModelCheckpoint", "LambdaCallback", "ReduceLROnPlateau",
           "LearningRateScheduler", "CSVLogger", "TerminateOnNaN"]
