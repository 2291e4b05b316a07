"""minigrad.interop: take a model's weights to PyTorch, ONNX or Keras, and bring PyTorch weights back.

    from minigrad import interop
    state = interop.to_torch_state_dict(model)          # {"0.weight": ndarray, ...}: torch.nn's names and layouts
    interop.from_torch_state_dict(model, state)         # a mapping of arrays or torch tensors, or a .safetensors path
    interop.export_onnx(model, x, "model.onnx")         # an ONNX file that onnxruntime (or Netron) opens
    weights = interop.to_keras_weights(model)           # the list Keras' model.set_weights(weights) takes

No pickle anywhere: arrays cross as NumPy arrays or in ``.safetensors`` files. The optional packages (onnx,
safetensors) load only when a function needs them; ``pip install minigrad-edu[interop]`` installs them.
"""
from .keras_weights import from_keras_weights, to_keras_weights
from .onnx_export import OPSET, export_onnx
from .torch_state import from_torch_state_dict, save_safetensors, to_torch_state_dict

__all__ = ["to_torch_state_dict", "from_torch_state_dict", "save_safetensors", "export_onnx", "OPSET",
           "to_keras_weights", "from_keras_weights"]
