"""Nothing lost, no surprises in Keras-style training (issue 10, section 3): the History of an interrupted fit,
labels that a sparse loss would truncate, checkpoints that need validation logs, loading into an unbuilt model,
Dense arguments of the wrong type, and integer labels given to categorical_crossentropy."""
import numpy as np
import pytest

import minigrad.keras as keras
from minigrad import nn
from minigrad.keras import layers
from minigrad.training import Callback, EarlyStopping, ModelCheckpoint


def classifier(loss="sparse_categorical_crossentropy", activation="softmax", seed=0):
    """Four features in, three classes out."""
    model = keras.Sequential([layers.Dense(3, activation=activation, input_shape=(4,),
                                           rng=np.random.default_rng(seed))])
    model.compile(optimizer="sgd", loss=loss)
    return model


def data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 4)).astype(np.float32), rng.integers(0, 3, size=n)


def weights(model):
    return [p.data.copy() for p in model.parameters()]


def unchanged(before, model):
    return all(np.array_equal(a, p.data) for a, p in zip(before, model.parameters()))


# ---------------------------------------------------------------------------------- Ctrl-C keeps the History

class Interrupt(Callback):
    """Raises KeyboardInterrupt (what Ctrl-C raises) at one hook of one epoch, as a user pressing Ctrl-C would."""

    def __init__(self, hook, epoch, step=None):
        super().__init__()
        self.hook, self.epoch, self.step = hook, epoch, step
        self.current = None

    def on_epoch_begin(self, epoch, logs=None):
        self.current = epoch
        if self.hook == "on_epoch_begin" and epoch == self.epoch:
            raise KeyboardInterrupt

    def on_train_batch_end(self, batch, logs=None):
        if self.hook == "on_train_batch_end" and self.current == self.epoch and batch == self.step:
            raise KeyboardInterrupt


@pytest.mark.parametrize("hook, step, finished", [("on_epoch_begin", None, 3), ("on_train_batch_end", 1, 3)])
def test_ctrl_c_in_fit_propagates_and_model_history_holds_the_finished_epochs(hook, step, finished):
    model = classifier()
    x, y = data()
    seen = []
    record = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(logs["loss"]))
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, epochs=6, batch_size=5, verbose=0, callbacks=[Interrupt(hook, 3, step), record])
    assert model.history.epoch == list(range(finished))
    assert model.history.history["loss"] == seen
    assert len(seen) == finished


def test_a_second_interrupted_fit_replaces_model_history():
    model = classifier()
    x, y = data()
    first = model.fit(x, y, epochs=2, verbose=0)
    assert model.history is first and first.epoch == [0, 1]
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, epochs=4, verbose=0, callbacks=[Interrupt("on_epoch_begin", 0)])
    assert model.history is not first and model.history.epoch == []


# ------------------------------------------------------------------------- sparse labels: no silent truncation

@pytest.mark.parametrize("bad, shown", [(1.5, "1.5"), (np.nan, "nan"), (np.inf, "inf"), (-0.5, "-0.5")])
def test_sparse_loss_in_fit_rejects_labels_that_are_not_whole_numbers(bad, shown):
    model = classifier()
    x, y = data()
    y = y.astype(np.float64)
    y[7] = bad
    before = weights(model)
    with pytest.raises(ValueError) as error:
        model.fit(x, y, epochs=1, batch_size=20, shuffle=False, verbose=0)
    message = str(error.value)
    assert message.startswith("fit: the loss 'sparse_categorical_crossentropy' takes integer class labels")
    assert f"label {shown} at index 7 of the batch" in message
    assert "y.astype(np.int64)" in message and "np.round(y)" in message
    assert unchanged(before, model)


def test_sparse_labels_in_train_on_batch_and_evaluate_name_the_call_and_the_index():
    model = classifier()
    x, y = data()
    y = y.astype(np.float32)
    y[3] = 2.25
    with pytest.raises(ValueError, match=r"train_on_batch: the loss 'sparse_categorical_crossentropy' .* "
                                         r"label 2\.25 at index 3 of the batch"):
        model.train_on_batch(x, y)
    with pytest.raises(ValueError, match=r"evaluate: .* label 2\.25 at index 3 of the batch"):
        model.evaluate(x, y, verbose=0)


def test_cross_entropy_module_in_fit_rejects_fractional_class_labels_too():
    model = keras.Sequential([layers.Dense(3, input_shape=(4,))])
    model.compile(optimizer="sgd", loss=nn.CrossEntropyLoss())
    x, y = data()
    y = y.astype(np.float64)
    y[0] = 0.9
    with pytest.raises(ValueError, match=r"fit: the loss CrossEntropyLoss takes integer class labels.*label 0\.9 "
                                         r"at index 0 of the batch"):
        model.fit(x, y, epochs=1, shuffle=False, verbose=0)


def test_whole_float_labels_still_train_as_class_indices():
    x, y = data()
    as_ints, as_floats = classifier(), classifier()
    a = as_ints.fit(x, y, epochs=2, shuffle=False, verbose=0).history["loss"]
    b = as_floats.fit(x, y.astype(np.float32), epochs=2, shuffle=False, verbose=0).history["loss"]
    assert a == b


def test_fractional_targets_for_one_output_stay_soft_labels():
    model = keras.Sequential([layers.Dense(1, activation="sigmoid", input_shape=(4,))])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    x, _ = data()
    history = model.fit(x, np.linspace(0.1, 0.9, len(x)), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


# ------------------------------------------------------------------- checkpoints that need validation logs

@pytest.mark.parametrize("checkpoint, named", [
    (lambda path: ModelCheckpoint(path / "w-{epoch:02d}-{val_loss:.3f}.npz", monitor="loss"), "val_loss"),
    (lambda path: ModelCheckpoint(path / "w-{val_accuracy}.npz", monitor="loss"), "val_accuracy"),
    (lambda path: ModelCheckpoint(path / "best.npz", save_best_only=True), "val_loss"),
])
def test_model_checkpoint_needing_val_logs_without_validation_fails_before_training(tmp_path, checkpoint, named):
    model = classifier()
    x, y = data()
    before = weights(model)
    with pytest.raises(ValueError, match=rf"ModelCheckpoint: .*{named}.* fit has no validation data; pass "
                                         r"validation_data=\(x_val, y_val\) or validation_split=0\.2"):
        model.fit(x, y, epochs=2, verbose=0, callbacks=[checkpoint(tmp_path)])
    assert unchanged(before, model) and list(tmp_path.iterdir()) == []


def test_model_checkpoint_that_needs_no_val_logs_still_saves_without_validation(tmp_path):
    model = classifier()
    x, y = data()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[ModelCheckpoint(tmp_path / "w-{epoch}-{loss:.2f}.npz")])
    assert len(list(tmp_path.iterdir())) == 2


def test_model_checkpoint_name_with_a_log_that_training_never_writes_is_a_clear_error(tmp_path):
    model = classifier()
    x, y = data()
    with pytest.raises(ValueError, match=r"ModelCheckpoint: filepath '.*w-\{accuracy\}\.npz' names 'accuracy', "
                                         r"which is not logged; the logs are \['loss'\]"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[ModelCheckpoint(tmp_path / "w-{accuracy}.npz")])


def test_early_stopping_on_val_loss_without_validation_fails_before_training():
    model = classifier()
    x, y = data()
    before = weights(model)
    with pytest.raises(ValueError, match=r"EarlyStopping: monitor='val_loss' needs validation logs, but fit has no "
                                         r"validation data"):
        model.fit(x, y, epochs=2, verbose=0, callbacks=[EarlyStopping()])
    assert unchanged(before, model)


# ------------------------------------------------------------------------------ loading into an unbuilt model

@pytest.mark.parametrize("load", ["load", "load_state_dict"])
def test_loading_into_a_model_not_built_yet_says_to_build_it_first(tmp_path, load):
    trained = classifier()
    trained.save(tmp_path / "w.npz")
    lazy = keras.Sequential([layers.Dense(3, activation="softmax")])
    source = tmp_path / "w.npz" if load == "load" else trained.state_dict()
    with pytest.raises(ValueError, match=r"Sequential\.load.*: layer '0' \(Dense\) is not built yet, so it has no "
                                         r"weights to load into\. Build the model first: call it once on a batch "
                                         r"\(model\(x\[:1\]\)\), or declare the input shape"):
        getattr(lazy, load)(source)
    lazy(np.zeros((1, 4), dtype=np.float32))
    getattr(lazy, load)(source)
    x, _ = data()
    np.testing.assert_array_equal(lazy.predict(x), trained.predict(x))


# --------------------------------------------------------------------------------------- Dense's arguments

def test_dense_input_shape_as_a_bare_int_shows_the_tuple_to_write():
    with pytest.raises(TypeError, match=r"Dense\(32\): input_shape must be a tuple, the shape of one sample "
                                        r"without the batch axis: write input_shape=\(784,\) \(or input_dim=784\), "
                                        r"not input_shape=784"):
        layers.Dense(32, input_shape=784)
    assert layers.Dense(32, input_shape=(784,)).weight.shape == (32, 784)
    assert layers.Dense(32, input_shape=[784]).input_shape == (784,)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"units": "10"}, TypeError, r"Dense: units must be a positive int \(the number of neurons\), got '10' \(str\)"),
    ({"units": 10.5}, TypeError, r"Dense: units must be a positive int .*got 10\.5 \(float\)"),
    ({"units": True}, TypeError, r"Dense: units must be a positive int .*got True \(bool\)"),
    ({"units": 0}, ValueError, r"Dense: units must be a positive int .*got 0"),
    ({"units": 4, "input_dim": "3"}, TypeError, r"Dense\(4\): input_dim must be a positive int \(the number of "
                                                r"input features\), got '3' \(str\)"),
    ({"units": 4, "input_shape": "784"}, TypeError, r"Dense\(4\): input_shape must be a tuple of positive ints "
                                                    r"such as \(784,\), got '784' \(str\)"),
    ({"units": 4, "input_shape": (0,)}, ValueError, r"Dense\(4\): input_shape must be a tuple of positive ints "
                                                    r"such as \(784,\), got \(0,\)"),
])
def test_dense_rejects_arguments_of_the_wrong_type_by_name(kwargs, error, match):
    with pytest.raises(error, match=match):
        layers.Dense(**kwargs)


def test_dense_takes_numpy_integers():
    layer = layers.Dense(np.int64(5), input_dim=np.int32(3))
    assert layer.weight.shape == (5, 3) and layer.units == 5


# ------------------------------------------------------------------------ categorical_crossentropy's labels

def test_integer_labels_with_categorical_crossentropy_point_to_the_sparse_loss_and_to_categorical():
    model = classifier("categorical_crossentropy")
    x, y = data()
    with pytest.raises(ValueError) as error:
        model.fit(x, y, epochs=1, verbose=0)
    message = str(error.value)
    assert message.startswith("categorical_crossentropy: target of shape (20,) holds one class label per sample, "
                              "but this loss takes one-hot targets of shape (20, 3)")
    assert "loss='sparse_categorical_crossentropy'" in message and "keras.utils.to_categorical(y, 3)" in message
    assert "reshape" not in message
    with pytest.raises(ValueError, match=r"target of shape \(20, 1\) holds one class label per sample"):
        nn.losses.categorical_crossentropy(np.full((20, 3), 1 / 3), y.reshape(-1, 1))


def test_to_categorical_one_hots_labels_that_then_train_with_categorical_crossentropy():
    x, y = data()
    onehot = keras.utils.to_categorical(y)
    assert onehot.dtype == np.float32 and onehot.shape == (20, 3)
    np.testing.assert_array_equal(onehot.argmax(axis=1), y)
    np.testing.assert_array_equal(onehot.sum(axis=1), np.ones(20))
    assert keras.utils.to_categorical([2, 0], num_classes=4).tolist() == [[0, 0, 1, 0], [1, 0, 0, 0]]
    assert keras.utils.to_categorical(np.array([[1], [0]])).shape == (2, 2)
    sparse, dense = classifier(), classifier("categorical_crossentropy")
    a = sparse.fit(x, y, epochs=2, shuffle=False, verbose=0).history["loss"]
    b = dense.fit(x, onehot, epochs=2, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(a, b, rtol=1e-5)


@pytest.mark.parametrize("labels, kwargs, error, match", [
    ([0, 1.5], {}, ValueError, r"to_categorical: labels must be whole numbers \(class indices\), got 1\.5 at "
                               r"index 1"),
    ([0, -1], {}, ValueError, r"to_categorical: labels must lie in \[0, 1\) .*got -1 at index 1"),
    ([0, 3], {"num_classes": 3}, ValueError, r"to_categorical: labels must lie in \[0, 3\) for num_classes=3, "
                                             r"got 3 at index 1"),
    ([0, 1], {"num_classes": "3"}, TypeError, r"to_categorical: num_classes must be a positive int, got '3'"),
])
def test_to_categorical_errors(labels, kwargs, error, match):
    with pytest.raises(error, match=match):
        keras.utils.to_categorical(labels, **kwargs)
