"""Exercises, one module per chapter of the guide: you write the backward rules, the grader checks them.

Each ``chNN_*.py`` file here holds stubs that raise ``NotImplementedError``; their docstrings give the task, the
formula to derive and a hint. Work on your own copy, never on these:

    minigrad exercises init my_exercises      # copy the stubs into my_exercises/
    minigrad grade --path my_exercises        # grade every chapter (or: minigrad grade 4 --path my_exercises)
    minigrad grade --path my_exercises --json # the same, as JSON for course tooling

The grader (``minigrad.exercises.grader``) compares each answer with central differences computed by
``minigrad.numerical_grad`` (the heart of ``gradcheck``) or with an exact reference, and shows the worst entries
when they disagree. An exercise you have not started scores 0 and the others still run.
"""
from pathlib import Path

CHAPTERS = {
    1: ("ch01_neuron", "The neuron and the perceptron"),
    2: ("ch02_values", "Values and the computation graph"),
    3: ("ch03_activations", "Activations and their derivatives"),
    4: ("ch04_layers", "Layers in matrix form, and batching"),
    5: ("ch05_losses", "Losses"),
    6: ("ch06_optimizers", "Gradient descent and the optimizers"),
    7: ("ch07_overfitting", "Overfitting: dropout and early stopping"),
    8: ("ch08_training", "Keras-style training, and the same model in an explicit loop"),
    9: ("ch09_gans", "Generative adversarial networks"),
    10: ("ch10_under_the_hood", "Under the hood: the kernels"),
}

STUBS = Path(__file__).resolve().parent


def stub_files():
    """The unsolved exercise files shipped with minigrad, in chapter order."""
    return [STUBS / f"{module}.py" for module, _ in CHAPTERS.values()]


def init(directory):
    """Copy fresh stubs into ``directory`` (made if missing); never overwrites a file. Returns the paths written."""
    directory = Path(directory)
    targets = [directory / stub.name for stub in stub_files()]
    existing = [t.name for t in targets if t.exists()]
    if existing:
        more = f" and {len(existing) - 1} more exercise file(s)" if len(existing) > 1 else ""
        raise FileExistsError(f"minigrad exercises init: {directory} already holds {existing[0]}{more}; init never "
                              "overwrites your work. Choose a new folder, or move those files away first.")
    directory.mkdir(parents=True, exist_ok=True)
    for stub, target in zip(stub_files(), targets):
        target.write_text(stub.read_text(encoding="utf-8"), encoding="utf-8")
    return targets
