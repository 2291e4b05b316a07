"""Keras' callbacks (minigrad.training.callbacks)."""
from ..training.callbacks import Callback, EarlyStopping, History, LambdaCallback, ModelCheckpoint

__all__ = ["Callback", "History", "EarlyStopping", "ModelCheckpoint", "LambdaCallback"]
