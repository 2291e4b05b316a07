"""Tests for minigrad.training: compile / fit / evaluate / predict / train_on_batch / summary, the progress
line, callbacks, metrics, and trainable snapshots (the GAN lab's frozen discriminator)."""
import io
import re
import sys

import numpy as np
import pytest

from minigrad import nn
from minigrad.data import DataLoader, datasets
from minigrad.training import (Callback, EarlyStopping, History, LambdaCallback, ModelCheckpoint, SymbolicTensor,
                               metrics)


def make_model(seed=0, hidden=8, features=2, outputs=1, activation="sigmoid"):
    rng = np.random.default_rng(seed)
    return nn.Sequential(nn.Input((features,)), nn.Dense(hidden, activation="tanh", rng=rng),
                         nn.Dense(outputs, activation=activation, rng=rng))


def moons(n=200, seed=0):
    x, y = datasets.make_moons(n, noise=0.1, seed=seed)
    return x, y


def weights(model):
    return [p.data.copy() for p in model.parameters()]


def changed(before, model):
    return [not np.array_equal(a, p.data) for a, p in zip(before, model.parameters())]


# ---------------------------------------------------------------------------------------------------- compile

def test_compile_builds_the_keras_optimizer_over_the_trainable_parameters():
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    assert type(model.optimizer).__name__ == "Adam"
    assert model.optimizer.lr == pytest.approx(0.001)
    assert [id(p) for p in model.optimizer.params] == [id(p) for p in model.parameters()]


def test_compile_keeps_an_optimizer_instance():
    from minigrad import optim
    model = make_model()
    sgd = optim.SGD(model.parameters(), lr=0.5)
    model.compile(optimizer=sgd, loss="mse")
    assert model.optimizer is sgd


def test_compile_of_a_lazy_model_builds_the_optimizer_at_the_first_batch():
    model = nn.Sequential(nn.Dense(4, activation="relu"), nn.Dense(1))
    model.compile(optimizer="sgd", loss="mse")
    assert model.optimizer is None
    model.train_on_batch(np.ones((3, 5)), np.zeros((3, 1)))
    assert len(model.optimizer.params) == 4
    assert model.optimizer.params[0].shape == (4, 5)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"optimizer": "adamax", "loss": "mse"}, ValueError, "compile: unknown optimizer 'adamax'; use one of sgd"),
    ({"optimizer": 0.1, "loss": "mse"}, TypeError, "compile: optimizer must be a name .* got float"),
    ({"optimizer": "adam", "loss": "mse", "metrics": ["precision"]}, ValueError,
     "compile: unknown metric 'precision'; use one of accuracy"),
])
def test_compile_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_model().compile(**kwargs)


@pytest.mark.parametrize("call", [
    lambda m: m.fit(np.ones((4, 2)), np.ones(4)),
    lambda m: m.evaluate(np.ones((4, 2)), np.ones(4)),
    lambda m: m.train_on_batch(np.ones((4, 2)), np.ones(4)),
    lambda m: m.test_on_batch(np.ones((4, 2)), np.ones(4)),
])
def test_training_before_compile_says_to_compile(call):
    with pytest.raises(RuntimeError, match=r"the model is not compiled; call model.compile\("):
        call(make_model())


# ------------------------------------------------------------------------------------------------------- fit

def test_fit_lowers_the_loss_and_returns_a_keras_history():
    x, y = moons()
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", "mae"])
    history = model.fit(x, y, epochs=5, batch_size=16, validation_split=0.25, verbose=0, seed=0)
    assert isinstance(history, History) and model.history is history
    assert list(history.history) == ["loss", "accuracy", "mae", "val_loss", "val_accuracy", "val_mae"]
    assert all(len(values) == 5 for values in history.history.values())
    assert history.epoch == [0, 1, 2, 3, 4]
    assert history.params == {"epochs": 5, "steps": 10, "verbose": 0, "do_validation": True}
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert all(0 <= a <= 1 for a in history.history["accuracy"])


def test_fit_reports_the_sample_weighted_mean_of_the_batch_losses():
    x, y = moons(50)
    model = make_model()
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    seen = []
    probe = LambdaCallback(on_batch_begin=lambda batch, logs: seen.append(model.evaluate(
        *batches[batch], batch_size=len(x), verbose=0)))
    batches = list(DataLoader(x, y, batch_size=16))
    history = model.fit(x, y, batch_size=16, shuffle=False, verbose=0, callbacks=[probe])
    sizes = [len(b[0]) for b in batches]
    assert history.history["loss"][0] == pytest.approx(np.dot(seen, sizes) / sum(sizes), rel=1e-5)


def test_validation_split_holds_out_the_last_samples_before_shuffling():
    x, y = moons(100)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x, y, epochs=2, validation_split=0.2, shuffle=True, seed=1, verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(model.evaluate(x[80:], y[80:], verbose=0), rel=1e-6)
    assert history.history["val_loss"][-1] != pytest.approx(model.evaluate(x[:20], y[:20], verbose=0), rel=1e-3)


def test_validation_data_wins_over_validation_split():
    x, y = moons(100)
    x_val, y_val = moons(40, seed=5)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, validation_data=(x_val, y_val), validation_split=0.5, verbose=0)
    assert history.params["steps"] == 4
    loss, accuracy = model.evaluate(x_val, y_val, verbose=0)
    assert history.history["val_loss"] == [pytest.approx(loss, rel=1e-6)]
    assert history.history["val_accuracy"] == [pytest.approx(accuracy)]


def test_a_seed_makes_fit_repeatable_and_shuffling_changes_the_run():
    x, y = moons()

    def run(seed):
        model = make_model(seed=3)
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        return model.fit(x, y, epochs=3, batch_size=20, validation_split=0.2, seed=seed, verbose=0).history

    first, second, other = run(7), run(7), run(8)
    assert first == second
    assert first["loss"] != other["loss"]


def test_with_dropout_nn_init_seed_and_the_fit_seed_repeat_a_run():
    x, y = moons()

    def run():
        nn.init.seed(4)
        model = nn.Sequential(nn.Input((2,)), nn.Dense(16, activation="relu"), nn.Dropout(0.5),
                              nn.Dense(1, activation="sigmoid"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        return model.fit(x, y, epochs=2, seed=2, verbose=0).history

    assert run() == run()


def test_fit_takes_a_dataloader_and_restores_the_modes():
    x, y = moons(60)
    model = make_model()
    model.eval()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(DataLoader(x, y, batch_size=20), epochs=2, validation_data=DataLoader(x, y), verbose=0)
    assert history.params["steps"] == 3
    assert len(history.history["val_accuracy"]) == 2
    assert not any(module.training for module in model.modules())


def test_fit_casts_float64_inputs_to_the_model_dtype_once():
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(np.ones((8, 2), dtype=np.float64), np.ones(8), verbose=0)
    assert all(p.dtype == np.float32 for p in model.parameters())
    assert model.predict(np.ones((2, 2))).dtype == np.float32


def test_zero_epochs_train_nothing():
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    before = weights(model)
    history = model.fit(np.ones((8, 2)), np.ones(8), epochs=0, verbose=0)
    assert history.history == {} and not any(changed(before, model))


@pytest.mark.parametrize("kwargs, match", [
    ({"y": None}, "fit: y is missing"),
    ({"y": np.ones(5)}, r"fit: x has 10 samples \(shape \(10, 2\)\) but y has 5"),
    ({"x": np.ones((0, 2)), "y": np.ones(0)}, r"fit: x must hold at least one sample .* shape \(0, 2\)"),
    ({"validation_split": 1.0}, r"fit: validation_split is the fraction .* \[0, 1\), got 1.0"),
    ({"validation_split": 0.95}, "fit: validation_split=0.95 of 10 samples leaves 0 to train on and 10"),
    ({"validation_data": (np.ones((2, 2)),)}, "fit: validation_data must be a pair .* of length 1"),
    ({"validation_data": (np.ones((2, 2)), np.ones(3))}, r"fit \(validation_data\): x has 2 samples"),
    ({"epochs": -1}, "fit: epochs must be an integer >= 0, got -1"),
    ({"batch_size": 0}, "fit: batch_size must be an integer >= 1, got 0"),
    ({"verbose": 3}, r"fit: verbose must be 0 \(silent\), 1 \(progress bar\) or 2"),
    ({"x": DataLoader(np.ones((4, 2)), np.ones(4)), "y": np.ones(4)}, "fit: x is a DataLoader, .* leave y out"),
    ({"x": DataLoader(np.ones((4, 2)), np.ones(4)), "y": None, "validation_split": 0.5},
     "fit: validation_split cannot split a DataLoader"),
    ({"callbacks": [print]}, "fit: callbacks must be Callback instances .* got builtin_function_or_method"),
])
def test_fit_rejects_bad_arguments(kwargs, match):
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    arguments = {"x": np.ones((10, 2)), "y": np.ones(10), "verbose": 0, **kwargs}
    with pytest.raises((ValueError, TypeError), match=match):
        model.fit(**arguments)


def test_a_loss_that_does_not_reduce_to_one_number_is_reported():
    model = make_model()
    model.compile(optimizer="adam", loss=lambda y_pred, y_true: (y_pred - y_true) ** 2)
    with pytest.raises(ValueError, match=r"train_on_batch: the loss must return one number .* shape \(4, 1\)"):
        model.train_on_batch(np.ones((4, 2)), np.ones((4, 1)))
    with pytest.raises(ValueError, match=r"fit: the loss must return one number .* shape \(4, 1\)"):
        model.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)


def test_a_custom_loss_function_is_called_prediction_first():
    calls = []

    def loss(y_pred, y_true):
        calls.append((y_pred.shape, y_true.shape))
        return ((y_pred - y_true) ** 2).mean()

    model = make_model()
    model.compile(optimizer="sgd", loss=loss)
    model.train_on_batch(np.ones((4, 2)), np.ones(4))
    assert calls == [((4, 1), (4, 1))]


# ---------------------------------------------------------------------------------- evaluate, predict, batches

def test_evaluate_returns_keras_shaped_results():
    x, y = moons(40)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    loss = model.evaluate(x, y, verbose=0)
    assert isinstance(loss, float)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    loss_again, accuracy = model.evaluate(x, y, batch_size=7, verbose=0)
    assert loss_again == pytest.approx(loss, rel=1e-6)
    probabilities = model.predict(x)
    assert accuracy == pytest.approx(np.mean((probabilities[:, 0] > 0.5) == y))
    assert model.evaluate(x, y, verbose=0, return_dict=True) == {"loss": pytest.approx(loss, rel=1e-6),
                                                                 "accuracy": pytest.approx(accuracy)}


def test_predict_runs_in_eval_mode_in_batches_without_a_graph():
    x = np.random.default_rng(0).normal(size=(10, 2))
    model = nn.Sequential(nn.Input((2,)), nn.Dense(16, activation="relu", rng=np.random.default_rng(1)),
                          nn.Dropout(0.5), nn.Dense(3, rng=np.random.default_rng(2)))
    out = model.predict(x, batch_size=3)
    assert isinstance(out, np.ndarray) and out.shape == (10, 3)
    model.eval()
    np.testing.assert_allclose(out, model(x).data, rtol=1e-6)
    model.train()
    assert all(module.training for module in model.modules())
    np.testing.assert_array_equal(model.predict(x), out)
    assert not any(p.has_grad for p in model.parameters())


def test_predict_and_evaluate_reject_missing_or_doubled_targets():
    with pytest.raises(ValueError, match="predict: x is missing"):
        make_model().predict(None)
    model = make_model()
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="evaluate: x is a DataLoader, .* leave y out"):
        model.evaluate(DataLoader(np.ones((4, 2)), np.ones(4)), np.ones(4))
    with pytest.raises(ValueError, match="evaluate: y is missing"):
        model.evaluate(np.ones((4, 2)))


def test_train_on_batch_takes_one_step_and_returns_the_loss_or_a_list():
    x, y = moons(32)
    model = make_model()
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    before_loss = model.test_on_batch(x, y)
    before = weights(model)
    loss = model.train_on_batch(x, y)
    assert isinstance(loss, float) and loss == pytest.approx(before_loss, rel=1e-6)
    assert all(changed(before, model))
    assert model.test_on_batch(x, y) < loss
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    result = model.train_on_batch(x, y)
    assert isinstance(result, list) and len(result) == 2
    logs = model.test_on_batch(x, y, return_dict=True)
    assert list(logs) == ["loss", "accuracy"]


def test_integer_labels_drive_sparse_categorical_training():
    x, y = datasets.make_blobs(90, centers=3, noise=0.5, seed=0)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    model = make_model(outputs=3, activation="softmax")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=30, batch_size=8, verbose=0, seed=0)
    assert history.history["accuracy"][-1] > 0.9
    predicted = model.predict(x).argmax(axis=1)
    assert model.evaluate(x, y, verbose=0)[1] == pytest.approx(np.mean(predicted == y))


def test_integer_labels_of_shape_n_1_count_as_class_indices():
    model = make_model(outputs=3, activation="softmax")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x, labels = np.ones((4, 2)), np.array([[0], [2], [1], [2]])
    loss, accuracy = model.test_on_batch(x, labels)
    probabilities = model.predict(x)
    assert loss == pytest.approx(-np.mean(np.log(probabilities[np.arange(4), labels[:, 0]])), rel=1e-5)
    assert accuracy == np.mean(probabilities.argmax(axis=1) == labels[:, 0])


def test_a_loss_module_from_logits_makes_binary_accuracy_threshold_at_zero():
    x, y = moons(100)
    model = make_model(activation=None)
    model.compile(optimizer="adam", loss=nn.BCEWithLogitsLoss(), metrics=["accuracy"])
    model.fit(x, y, epochs=10, verbose=0, seed=0)
    scores = model.predict(x)[:, 0]
    assert model.evaluate(x, y, verbose=0)[1] == pytest.approx(np.mean((scores > 0) == y))


# ------------------------------------------------------------------------------------------------- metrics

def test_accuracy_kind_follows_keras_from_the_shapes():
    assert metrics.accuracy_kind((5, 1), (5, 1)) == "binary"
    assert metrics.accuracy_kind((5,), (5,)) == "binary"
    assert metrics.accuracy_kind((5, 3), (5,)) == "sparse"
    assert metrics.accuracy_kind((5, 3), (5, 1)) == "sparse"
    assert metrics.accuracy_kind((5, 3), (5, 3)) == "categorical"


def test_metric_values_on_small_batches():
    probabilities = np.array([[0.9], [0.2], [0.6], [0.4]])
    labels = np.array([1, 0, 0, 0])
    assert metrics.accuracy(probabilities, labels) == 0.75
    assert metrics.accuracy(probabilities - 0.5, labels, from_logits=True) == 0.75
    scores = np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]])
    assert metrics.accuracy(scores, np.array([1, 2])) == 0.5
    assert metrics.accuracy(scores, np.array([[0, 1, 0], [1, 0, 0]])) == 1.0
    assert metrics.mean_absolute_error(np.array([[1.0], [3.0]]), np.array([2.0, 1.0])) == 1.5
    assert metrics.mean_squared_error(np.array([1.0, 3.0]), np.array([2.0, 1.0])) == 2.5


def test_metric_functions_and_names():
    def hits(y_pred, y_true):
        return float(np.sum(y_pred > 0))
    assert metrics.get(hits) == ("hits", hits)
    assert metrics.get("mae") == ("mae", metrics.mean_absolute_error)
    assert metrics.takes_logits(nn.BCEWithLogitsLoss())
    assert not metrics.takes_logits(nn.BCELoss())
    x, y = moons(20)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[hits, "acc"])
    assert list(model.evaluate(x, y, verbose=0, return_dict=True)) == ["loss", "hits", "acc"]


# ------------------------------------------------------------------------------------------- progress output

def test_verbose_1_prints_a_keras_line_per_epoch(capsys):
    x, y = moons(100)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=32, validation_split=0.2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    number = r"\d+\.\d{4}(e[+-]\d+)?"
    assert re.fullmatch(rf"3/3 \[={{30}}\] - \d+s \d+(s|ms|us)/step - loss: {number} - accuracy: {number}"
                        rf" - val_loss: {number} - val_accuracy: {number}", lines[1])


def test_verbose_2_prints_one_line_per_epoch_and_0_prints_nothing(capsys):
    x, y = moons(40)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, epochs=3, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert all(re.fullmatch(rf"Epoch {i + 1}/3 - 2/2 - \d+s \d+(s|ms|us)/step - loss: \d\.\d{{4}}", line)
               for i, line in enumerate(lines))
    model.fit(x, y, epochs=2, verbose=0)
    model.predict(x)
    assert capsys.readouterr().out == ""


def test_evaluate_and_predict_print_a_bar_without_a_title(capsys):
    x, y = moons(40)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.evaluate(x, y)
    model.predict(x, verbose=1)
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"2/2 \[=+\] - \d+s \d+(s|ms|us)/step - loss: \d\.\d{4}", lines[0])
    assert re.fullmatch(r"2/2 \[=+\] - \d+s \d+(s|ms|us)/step", lines[1])


def test_tiny_values_are_printed_in_scientific_notation(capsys):
    from minigrad.training.progress import format_logs, format_time
    assert format_logs({"loss": 0.25, "mae": 0.00012}) == " - loss: 0.2500 - mae: 1.2000e-04"
    assert format_time(0.04, 5) == "0s 8ms/step"
    assert format_time(3.0, 2) == "3s 2s/step"
    assert format_time(0.0005, 10) == "0s 50us/step"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_verbose_1_on_a_terminal_redraws_a_keras_bar_in_place(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr("minigrad.training.progress.REDRAW_EVERY", 0.0)
    x, y = moons(64)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25)
    out = terminal.getvalue()
    assert out.startswith("Epoch 1/2\n") and "\nEpoch 2/2\n" in out
    frames = [frame for line in out.split("\n") for frame in line.split("\r") if frame.strip()]
    assert "1/3 [=========>....................] - ETA: " in out
    final = [frame for frame in frames if frame.startswith("3/3 [==============================] - ") and "/step" in frame]
    assert len(final) == 2 and all("val_loss: " in frame for frame in final)
    bars = [frame[frame.index("["):frame.index("]") + 1] for frame in frames if "[" in frame]
    assert {len(b) for b in bars} == {32}  # the bar keeps its width when the val_ metrics appear
    for line in out.split("\n"):  # each redraw covers the whole of the line before it
        frames = line.split("\r")[1:]
        assert all(len(later) >= len(earlier.rstrip()) for earlier, later in zip(frames, frames[1:]))


def test_verbose_1_in_jupyter_updates_the_line_in_place(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipykernel", sys)  # what a Jupyter kernel has loaded
    monkeypatch.setattr("minigrad.training.progress.REDRAW_EVERY", 0.0)
    x, y = moons(64)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, epochs=1, batch_size=32)
    out = capsys.readouterr().out
    assert out.count("\r") == 3 and out.endswith("\n") and out.count("\n") == 2  # title, then one line redrawn


# ------------------------------------------------------------------------------------------------- callbacks

def test_callbacks_see_every_hook_in_order():
    events = []

    class Recorder(Callback):
        def on_train_begin(self, logs=None):
            events.append("train_begin")

        def on_epoch_begin(self, epoch, logs=None):
            events.append(f"epoch_begin {epoch}")

        def on_train_batch_end(self, batch, logs=None):
            events.append(f"batch {batch} {sorted(logs)}")

        def on_epoch_end(self, epoch, logs=None):
            events.append(f"epoch_end {epoch} {sorted(logs)}")

        def on_train_end(self, logs=None):
            events.append(f"train_end {sorted(logs)}")

    recorder = Recorder()
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(np.ones((6, 2)), np.ones(6), batch_size=4, epochs=2, validation_split=0.5, callbacks=[recorder],
              verbose=0)
    assert recorder.model is model
    assert events == ["train_begin",
                      "epoch_begin 0", "batch 0 ['loss']", "epoch_end 0 ['loss', 'val_loss']",
                      "epoch_begin 1", "batch 0 ['loss']", "epoch_end 1 ['loss', 'val_loss']",
                      "train_end ['loss', 'val_loss']"]


def test_lambda_callback_calls_the_given_functions():
    seen = {"epochs": [], "batches": 0, "end": None}
    callback = LambdaCallback(on_epoch_end=lambda epoch, logs: seen["epochs"].append(logs["loss"]),
                              on_batch_end=lambda batch, logs: seen.update(batches=seen["batches"] + 1),
                              on_train_end=lambda logs: seen.update(end=logs))
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(np.ones((10, 2)), np.ones(10), batch_size=4, epochs=2, callbacks=[callback], verbose=0)
    assert seen["epochs"] == history.history["loss"]
    assert seen["batches"] == 6
    assert seen["end"]["loss"] == history.history["loss"][-1]
    with pytest.raises(TypeError, match="LambdaCallback: on_batch_end must be a function, got int"):
        LambdaCallback(on_batch_end=3)


class Scripted(Callback):
    """Overwrites the logged val_loss with a fixed sequence, so the early-stopping rule can be checked exactly."""

    def __init__(self, values):
        super().__init__()
        self.values = values

    def on_epoch_end(self, epoch, logs=None):
        logs["val_loss"] = self.values[epoch]


def test_early_stopping_waits_patience_epochs_then_restores_the_best_weights():
    values = [1.0, 0.5, 0.6, 0.55, 0.7, 0.2, 0.1]
    snapshots = []
    keep = LambdaCallback(on_epoch_end=lambda epoch, logs: snapshots.append(model.state_dict()))
    stop = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    x, y = moons(40)
    history = model.fit(x, y, epochs=len(values), validation_split=0.5, verbose=0,
                        callbacks=[Scripted(values), keep, stop])
    assert history.epoch == [0, 1, 2, 3] and stop.stopped_epoch == 3 and stop.best_epoch == 1
    assert history.history["val_loss"] == values[:4]
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, snapshots[1][name])


def test_early_stopping_min_delta_and_max_mode():
    stop = EarlyStopping(monitor="accuracy", min_delta=0.1, patience=0)
    assert stop.mode == "max"
    stop.set_model(make_model())
    stop.on_train_begin()
    for epoch, accuracy in enumerate([0.5, 0.65, 0.7]):
        stop.on_epoch_end(epoch, {"accuracy": accuracy})
    assert stop.model.stop_training and stop.stopped_epoch == 2 and stop.best == 0.65


def test_early_stopping_errors():
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    with pytest.raises(ValueError, match=r"EarlyStopping: monitor='val_loss' needs validation logs, but fit has no "
                                         r"validation data; pass validation_data=\(x_val, y_val\) or "
                                         r"validation_split=0\.2 to fit, or use the training logs \(loss\)"):
        model.fit(np.ones((4, 2)), np.ones(4), callbacks=[EarlyStopping()], verbose=0)
    with pytest.raises(ValueError, match=r"EarlyStopping: monitor='accuracy' is not logged; the logs are \['loss'\]"):
        model.fit(np.ones((4, 2)), np.ones(4), callbacks=[EarlyStopping(monitor="accuracy")], verbose=0)
    with pytest.raises(ValueError, match="EarlyStopping: mode must be 'auto', 'min' or 'max', got 'up'"):
        EarlyStopping(mode="up")
    with pytest.raises(ValueError, match="EarlyStopping: patience must be an integer >= 0, got -1"):
        EarlyStopping(patience=-1)


def test_model_checkpoint_saves_every_epoch_or_only_the_best(tmp_path):
    values = [1.0, 0.5, 0.7]
    model = make_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    x, y = moons(40)
    every = ModelCheckpoint(tmp_path / "epoch{epoch:02d}-{val_loss:.2f}.npz")
    best = ModelCheckpoint(tmp_path / "best.npz", save_best_only=True)
    weights_at = []
    model.fit(x, y, epochs=3, validation_split=0.5, verbose=0,
              callbacks=[Scripted(values), every, best,
                         LambdaCallback(on_epoch_end=lambda epoch, logs: weights_at.append(model.state_dict()))])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best.npz", "epoch01-1.00.npz", "epoch02-0.50.npz",
                                                          "epoch03-0.70.npz"]
    restored = make_model(seed=9).load(tmp_path / "best.npz")
    for name, array in restored.state_dict().items():
        np.testing.assert_array_equal(array, weights_at[1][name])


# ------------------------------------------------------------------------------------ trainable and the GAN lab

def test_a_frozen_discriminator_stays_fixed_in_the_combined_model_but_trains_on_its_own():
    rng = np.random.default_rng(0)
    discriminator = nn.Sequential(nn.Input((4,)), nn.Dense(8, activation="relu", rng=rng),
                                  nn.Dense(1, activation="sigmoid", rng=rng))
    discriminator.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    discriminator.trainable = False
    generator = nn.Sequential(nn.Input((3,)), nn.Dense(4, activation="tanh", rng=rng))
    gan = nn.Sequential(generator, discriminator)
    gan.compile(optimizer="adam", loss="binary_crossentropy")
    assert [id(p) for p in gan.optimizer.params] == [id(p) for p in generator.parameters()]

    noise, ones = rng.normal(size=(16, 3)), np.ones((16, 1))
    d_before, g_before = weights(discriminator), weights(generator)
    gan.train_on_batch(noise, ones)
    assert not any(changed(d_before, discriminator)) and all(changed(g_before, generator))
    assert not any(p.has_grad for p in discriminator.parameters())
    assert all(p.requires_grad for p in gan.parameters())

    d_loss = discriminator.train_on_batch(rng.normal(size=(16, 4)), ones)
    assert isinstance(d_loss, list) and len(d_loss) == 2
    assert all(changed(d_before, discriminator))
    assert discriminator.trainable is False


def test_compiling_a_fully_frozen_model_leaves_nothing_to_train():
    model = make_model()
    model.trainable = False
    with pytest.raises(ValueError, match=r"Sequential: nothing to train: every parameter was frozen "
                                         r"\(trainable=False\) when compile was called"):
        model.compile(optimizer="adam", loss="mse")


# --------------------------------------------------------------------------------------------------- summary

def test_summary_prints_the_keras_table():
    model = nn.Sequential(nn.Input((4,)), nn.Dense(8, activation="relu"), nn.Dense(8), nn.Dense(1))
    model[3].trainable = False
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[0] == 'Model: "sequential"'
    assert lines[1] == "_" * 65 and lines[3] == "=" * 65
    assert lines[2].split() == ["Layer", "(type)", "Output", "Shape", "Param", "#"]
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines[4:8]]
    assert rows == [["input (Input)", "(None, 4)", "0"], ["dense (Dense)", "(None, 8)", "40"],
                    ["dense_1 (Dense)", "(None, 8)", "72"], ["dense_2 (Dense)", "(None, 1)", "9"]]
    assert all(line.index("(None") == lines[2].index("Output") for line in lines[4:8])
    assert lines[8:12] == ["=" * 65, "Total params: 121", "Trainable params: 112", "Non-trainable params: 9"]
    assert len(lines) == 13


def test_summary_of_a_model_without_an_input_shape_learns_it_from_data():
    model = nn.Sequential(nn.Dense(3), nn.ReLU())
    lines = []
    model.summary(print_fn=lines.append)
    assert "?" in lines[4] and any("Output shapes are unknown" in line for line in lines)
    assert any("not built yet" in line for line in lines)
    model.predict(np.ones((2, 5)))
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[4].split() == ["dense", "(Dense)", "(None,", "3)", "18"]
    assert lines[5].split() == ["re_lu", "(ReLU)", "(None,", "3)", "0"]
    assert not any("unknown" in line or "not built" in line for line in lines)


# ------------------------------------------------------------------------------------------ the functional API

def test_calling_a_model_on_a_symbolic_tensor_records_the_call():
    start = SymbolicTensor((3,), name="x")
    first, second = nn.Dense(5), nn.Sequential(nn.Dense(2), nn.Softmax())
    hidden = first(start)
    out = second(hidden)
    assert start.shape == (None, 3) and start.is_input
    assert out.shape == (None, 2) and out.sample_shape == (2,)
    assert out.layer is second and out.parents() == [hidden] and hidden.parents() == [start]
    assert out.sources() == [start]
    assert first.weight.shape == (5, 3)
    assert repr(out) == "<SymbolicTensor shape=(None, 2), dtype=float32, from Sequential>"


def test_compile_without_a_loss_is_for_models_that_train_themselves():
    model = make_model()
    model.compile(optimizer="adam")
    with pytest.raises(ValueError, match="fit: compile was called without a loss; pass loss=... to compile, or "
                                         "override train_step"):
        model.fit(np.ones((4, 2)), np.ones(4), verbose=0)
