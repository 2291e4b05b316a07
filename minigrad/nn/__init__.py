"""minigrad.nn: networks built from layers, PyTorch-style, with Keras' compile/fit on top.

    >>> from minigrad import nn
    >>> model = nn.Sequential(nn.Linear(2, 16, activation="relu"), nn.Linear(16, 1))
    >>> model = nn.Sequential([nn.Input(shape=(2,)), nn.Dense(16, activation="relu"), nn.Dense(1)])

``nn.scalar`` holds the lecture's neurons made of scalar Values (Neuron, Layer, MLP, Perceptron).
"""
from . import init, losses, scalar
from .activations import (CELU, ELU, GELU, SELU, Hardsigmoid, Hardswish, Hardtanh, Identity, LeakyReLU, LogSigmoid,
                          Mish, ReLU, ReLU6, Sigmoid, SiLU, Softmax, Softplus, Softsign, Step, Tanh, get_activation,
                          leaky_relu, relu, sigmoid, softmax, step, tanh)
from .attention import CausalSelfAttention
from .conv import AdaptiveAvgPool2d, AvgPool2d, Conv1d, Conv2d, ConvTranspose2d, MaxPool2d, Upsample
from .dropout import Dropout
from .linear import Dense, Embedding, Linear
from .losses import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HingeLoss, HuberLoss, KLDivLoss, L1Loss, MSELoss,
                     NLLLoss, SmoothL1Loss, hinge_loss)
from .module import Module, Parameter, Sequential
from .norm import BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm
from .shape import Flatten, Input, Reshape
from .spectral_norm import SpectralNorm

__all__ = ["Module", "Parameter", "Sequential", "Linear", "Dense", "Embedding", "Conv1d", "Conv2d",
           "ConvTranspose2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Upsample", "Flatten", "Reshape",
           "Input", "Dropout", "SpectralNorm", "BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm", "CausalSelfAttention",
           "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "Step", "Identity", "ELU", "SELU", "CELU", "GELU",
           "Softplus", "SiLU", "Mish", "ReLU6", "Hardtanh", "Hardsigmoid", "Hardswish", "LogSigmoid", "Softsign",
           "get_activation", "relu", "leaky_relu", "sigmoid", "tanh", "softmax", "step", "MSELoss", "L1Loss",
           "SmoothL1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss", "KLDivLoss",
           "HingeLoss", "hinge_loss", "init", "losses", "scalar"]
