"""The grader's checks, one per exercise.

A gradient is compared with central differences of the forward function (``numeric_grads``); anything else with
an exact reference: the definition computed here, or the minigrad class the chapter describes (Perceptron,
EarlyStopping). A check raises ``Mismatch`` (see ``compare``), whose message names the case, says what is wrong
and shows the worst entries.
"""
from collections import namedtuple
from types import SimpleNamespace

import numpy as np

from minigrad import Value, numerical_grad

from .compare import Mismatch, call, expect, numeric_grads, unpack

Exercise = namedtuple("Exercise", "number chapter function check")
CHECKS = {}  # "2.1" -> Exercise, in the order they are declared
RNG_SEED = 2024


def exercise(number, function):
    """Register the decorated check as exercise ``number`` ("chapter.n"), which grades ``function``."""
    def register(check):
        CHECKS[number] = Exercise(number, int(number.split(".")[0]), function, check)
        return check
    return register


def _rng():
    return np.random.default_rng(RNG_SEED)


def _sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * x))  # = 1 / (1 + e^-x), and finite for any x


def _inputs(names, x):
    """'float x' or 'x of shape (3, 4)': how the case's inputs look."""
    return f"float {names}" if np.ndim(x) == 0 else f"{names} of shape {np.shape(x)}"


# ---- chapter 1: the neuron and the perceptron ----------------------------------------------------------------

@exercise("1.1", "perceptron_predict")
def check_perceptron_predict(perceptron_predict):
    rng = _rng()
    X, w, b = rng.normal(size=(20, 3)), rng.normal(size=3), 0.3
    cases = [(X, w, b, "20 random points in 3-D"),
             (np.array([[1.0, 1.0], [0.0, 0.0], [2.0, 1.0]]), np.array([1.0, 1.0]), -2.0,
              "the slides' boundary x1 + x2 = 2, with the point (1, 1) exactly on it (z = 0 is class 1)")]
    for X, w, b, what in cases:
        want = (X @ w + b >= 0).astype(np.int64)
        expect("the classes", call(perceptron_predict, w, b, X), want,
               f"perceptron_predict(w, b, X) for {what}", atol=0, rtol=0)


@exercise("1.2", "perceptron_update")
def check_perceptron_update(perceptron_update):
    w = np.array([0.5, -1.0])
    for x, y, lr, what in [(np.array([1.0, 2.0]), 1, 1.0, "a class-1 sample predicted 0"),
                           (np.array([2.0, -1.0]), 0, 0.5, "a class-0 sample predicted 1, lr = 0.5"),
                           (np.array([3.0, 1.0]), 1, 1.0, "a sample predicted right (nothing moves)")]:
        b = 0.25
        delta = lr * (y - float(w @ x + b >= 0))
        new_w, new_b = unpack(call(perceptron_update, w, b, x, y, lr), ("w", "b"), "perceptron_update")
        case = f"perceptron_update(w={w.tolist()}, b={b}, x={x.tolist()}, y={y}, lr={lr}): {what}"
        expect("w", new_w, w + delta * x, case, atol=1e-12, rtol=0)
        expect("b", new_b, b + delta, case, atol=1e-12, rtol=0)


@exercise("1.3", "perceptron_fit")
def check_perceptron_fit(perceptron_fit):
    from minigrad.nn.scalar import Perceptron

    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for name, y, lr in [("AND", [0, 0, 0, 1], 1.0), ("OR", [0, 1, 1, 1], 0.5), ("XOR", [0, 1, 1, 0], 1.0)]:
        reference = Perceptron(2, lr=lr)
        mistakes = reference.fit(X, np.array(y), epochs=6)
        w, b, got = unpack(call(perceptron_fit, X, np.array(y), 6, lr), ("w", "b", "mistakes"), "perceptron_fit")
        case = f"perceptron_fit on {name}, 6 epochs, lr = {lr} (the reference is minigrad.nn.scalar.Perceptron)"
        expect("mistakes per epoch", got, mistakes, case, atol=0, rtol=0)
        expect("w", w, [wi.data for wi in reference.w], case, atol=1e-12, rtol=0)
        expect("b", b, reference.b.data, case, atol=1e-12, rtol=0)


# ---- chapter 2: Values and the computation graph -------------------------------------------------------------

def _elementwise_cases():
    rng = _rng()
    return [(0.7, -1.3, 1.5), (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4)))]


@exercise("2.1", "mul_backward")
def check_mul_backward(mul_backward):
    for a, b, grad_out in _elementwise_cases():
        want = numeric_grads(lambda a, b: a * b, [a, b], grad_out)
        got = unpack(call(mul_backward, a, b, grad_out), ("grad_a", "grad_b"), "mul_backward")
        case = f"mul_backward(a, b, grad_out) with {_inputs('a and b', a)}, against central differences of a * b"
        for name, g, w in zip(("grad_a", "grad_b"), got, want):
            expect(name, g, w, case)


@exercise("2.2", "exp_backward")
def check_exp_backward(exp_backward):
    for x, _, grad_out in _elementwise_cases():
        (want,) = numeric_grads(np.exp, [x], grad_out)
        expect("grad_x", call(exp_backward, x, grad_out), want,
               f"exp_backward(x, grad_out) with {_inputs('x', x)}, against central differences of exp(x)")


TAPES = [
    ("out = exp(a * b)", {"a": 0.5, "b": -0.8}, [("c", "mul", ("a", "b")), ("out", "exp", ("c",))]),
    ("out = tanh(a*b + a), where a is used twice", {"a": 0.6, "b": -0.4},
     [("c", "mul", ("a", "b")), ("d", "add", ("c", "a")), ("out", "tanh", ("d",))]),
    ("out = a*a + exp(a), where a is used three times", {"a": 0.3},
     [("sq", "mul", ("a", "a")), ("e", "exp", ("a",)), ("out", "add", ("sq", "e"))]),
]
_OPS = {"add": lambda x, y: x + y, "mul": lambda x, y: x * y, "tanh": lambda x: x.tanh(), "exp": lambda x: x.exp()}


def _run_tape(tape, leaves):
    """The forward pass of a tape on Values: every name's Value."""
    values = dict(leaves)
    for out, op, inputs in tape:
        values[out] = _OPS[op](*(values[name] for name in inputs))
    return values


@exercise("2.3", "tape_backward")
def check_tape_backward(tape_backward):
    for what, leaves, tape in TAPES:
        names = list(leaves)
        values = {name: float(v.data) for name, v in _run_tape(tape, {n: Value(x) for n, x in leaves.items()}).items()}
        want = [numerical_grad(lambda *xs: _run_tape(tape, dict(zip(names, xs)))["out"],
                               *(Value(leaves[n]) for n in names), wrt=k) for k in range(len(names))]
        grads = call(tape_backward, tape, values, "out")
        case = f"tape_backward on the tape of {what}, against central differences of the forward pass"
        if not isinstance(grads, dict) or not set(names) <= set(grads):
            raise Mismatch(f"{case}:\ntape_backward should return a dict with a gradient for every name "
                           f"({', '.join(values)}), got {str(grads)[:80]}.")
        for name, w in zip(names, want):
            expect(f"grads[{name!r}]", grads[name], w, case)


# ---- chapter 3: activations ----------------------------------------------------------------------------------

def _activation_inputs():
    rng = _rng()
    x = rng.uniform(0.1, 2.5, size=(4, 5)) * rng.choice([-1.0, 1.0], size=(4, 5))  # never at relu's kink
    return [(-0.4, 2.0), (x, rng.normal(size=x.shape))]


def _check_activation(backward, forward, name):
    for x, grad_out in _activation_inputs():
        (want,) = numeric_grads(forward, [x], grad_out)
        expect("grad_x", call(backward, x, grad_out), want,
               f"{backward.__name__}(x, grad_out) with {_inputs('x', x)}, against central differences of {name}")


@exercise("3.1", "tanh_backward")
def check_tanh_backward(tanh_backward):
    _check_activation(tanh_backward, np.tanh, "tanh(x)")


@exercise("3.2", "sigmoid_backward")
def check_sigmoid_backward(sigmoid_backward):
    _check_activation(sigmoid_backward, _sigmoid, "sigmoid(x)")


@exercise("3.3", "relu_backward")
def check_relu_backward(relu_backward):
    _check_activation(relu_backward, lambda x: np.maximum(x, 0.0), "relu(x)")


# ---- chapter 4: layers and batching --------------------------------------------------------------------------

@exercise("4.1", "sum_backward")
def check_sum_backward(sum_backward):
    rng = _rng()
    for shape, axis, keepdims in [((3, 4), None, False), ((3, 4), 0, False), ((2, 3, 4), (0, 2), False),
                                  ((2, 3, 4), -1, True), ((2, 3, 4), None, True)]:
        x = rng.normal(size=shape)
        grad_out = rng.normal(size=np.sum(x, axis=axis, keepdims=keepdims).shape)
        (want,) = numeric_grads(lambda x: np.sum(x, axis=axis, keepdims=keepdims), [x], grad_out)
        expect("grad_x", call(sum_backward, grad_out, shape, axis, keepdims), want,
               f"sum_backward(grad_out, shape={shape}, axis={axis}, keepdims={keepdims}), against central "
               "differences of x.sum(axis, keepdims)")


@exercise("4.2", "add_backward")
def check_add_backward(add_backward):
    rng = _rng()
    for a_shape, b_shape in [((4, 3), (3,)), ((4, 3), (1, 3)), ((2, 1, 3), (4, 1)), ((3,), (2, 3))]:
        a, b = rng.normal(size=a_shape), rng.normal(size=b_shape)
        grad_out = rng.normal(size=np.broadcast_shapes(a_shape, b_shape))
        want = numeric_grads(lambda a, b: a + b, [a, b], grad_out)
        got = unpack(call(add_backward, a, b, grad_out), ("grad_a", "grad_b"), "add_backward")
        case = (f"add_backward(a, b, grad_out) with a of shape {a_shape} and b of shape {b_shape} (grad_out "
                f"{grad_out.shape}), against central differences of a + b")
        for name, g, w in zip(("grad_a", "grad_b"), got, want):
            expect(name, g, w, case)


@exercise("4.3", "linear_backward")
def check_linear_backward(linear_backward):
    rng = _rng()
    for n, d_in, d_out in [(5, 3, 2), (4, 3, 3)]:
        X, W, b = rng.normal(size=(n, d_in)), rng.normal(size=(d_in, d_out)), rng.normal(size=d_out)
        grad_out = rng.normal(size=(n, d_out))
        want = numeric_grads(lambda X, W, b: X @ W + b, [X, W, b], grad_out)
        got = unpack(call(linear_backward, X, W, b, grad_out), ("grad_X", "grad_W", "grad_b"), "linear_backward")
        case = (f"linear_backward(X, W, b, grad_out) with X {X.shape}, W {W.shape}, b {b.shape}, against central "
                "differences of X @ W + b")
        for name, g, w in zip(("grad_X", "grad_W", "grad_b"), got, want):
            expect(name, g, w, case)


# ---- chapter 5: losses ---------------------------------------------------------------------------------------

@exercise("5.1", "mse_backward")
def check_mse_backward(mse_backward):
    rng = _rng()
    for shape in [(6,), (4, 3)]:
        pred, target = rng.normal(size=shape), rng.normal(size=shape)
        (want,) = numeric_grads(lambda p: np.mean((p - target) ** 2), [pred])
        expect("dL/dpred", call(mse_backward, pred, target), want,
               f"mse_backward(pred, target) with shape {shape}, against central differences of "
               "mean((pred - target)^2)")


@exercise("5.2", "bce_backward")
def check_bce_backward(bce_backward):
    rng = _rng()
    p, y = rng.uniform(0.05, 0.95, size=8), rng.integers(0, 2, size=8).astype(np.float64)
    (want,) = numeric_grads(lambda p: -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), [p])
    expect("dL/dp", call(bce_backward, p, y), want,
           "bce_backward(p, y) for 8 probabilities, against central differences of the binary cross-entropy")


def _softmax_xent(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(labels)), labels]), np.exp(log_probs)


@exercise("5.3", "softmax_cross_entropy")
def check_softmax_cross_entropy(softmax_cross_entropy):
    rng = _rng()
    logits, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, size=5)
    loss, grad = unpack(call(softmax_cross_entropy, logits, labels), ("loss", "grad_logits"), "softmax_cross_entropy")
    case = "softmax_cross_entropy(logits, labels) with logits (5, 4)"
    expect("loss", loss, _softmax_xent(logits, labels)[0], case + ", against -mean(log softmax[label])")
    (want,) = numeric_grads(lambda z: _softmax_xent(z, labels)[0], [logits])
    expect("grad_logits", grad, want, case + ", against central differences of the loss")
    logits, labels = np.array([[1e4, 0.0, -1e4], [0.0, 1e4, 0.0]]), np.array([1, 1])
    loss, grad = unpack(call(softmax_cross_entropy, logits, labels), ("loss", "grad_logits"), "softmax_cross_entropy")
    want_loss, probs = _softmax_xent(logits, labels)
    case = "softmax_cross_entropy with logits of +-1e4 (they must not overflow)"
    expect("loss", loss, want_loss, case)
    expect("grad_logits", grad, (probs - np.eye(3)[labels]) / len(labels), case + ", against (softmax - onehot) / m")


# ---- chapter 6: optimizers -----------------------------------------------------------------------------------

@exercise("6.1", "sgd_momentum_step")
def check_sgd_momentum_step(sgd_momentum_step):
    rng = _rng()
    param, grad = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    for velocity, lr, momentum, what in [(np.zeros((3, 2)), 0.1, 0.9, "the first step (velocity 0)"),
                                         (rng.normal(size=(3, 2)), 0.05, 0.8, "a later step")]:
        new_velocity = momentum * velocity + grad
        got = unpack(call(sgd_momentum_step, param, grad, velocity, lr, momentum), ("param", "velocity"),
                     "sgd_momentum_step")
        case = f"sgd_momentum_step, {what}, lr = {lr}, momentum = {momentum}"
        expect("param", got[0], param - lr * new_velocity, case, atol=1e-12, rtol=1e-9)
        expect("velocity", got[1], new_velocity, case, atol=1e-12, rtol=1e-9)


@exercise("6.2", "adam_step")
def check_adam_step(adam_step):
    rng = _rng()
    param, grad = rng.normal(size=4), rng.normal(size=4)
    lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
    for m, v, t in [(np.zeros(4), np.zeros(4), 1), (rng.normal(size=4), rng.uniform(0.1, 1.0, size=4), 5)]:
        new_m, new_v = beta1 * m + (1 - beta1) * grad, beta2 * v + (1 - beta2) * grad ** 2
        m_hat, v_hat = new_m / (1 - beta1 ** t), new_v / (1 - beta2 ** t)
        got = unpack(call(adam_step, param, grad, m, v, t, lr, beta1, beta2, eps), ("param", "m", "v"), "adam_step")
        case = f"adam_step at step t = {t}, lr = {lr}, betas = ({beta1}, {beta2}), eps = {eps}"
        expect("param", got[0], param - lr * m_hat / (np.sqrt(v_hat) + eps), case, atol=1e-12, rtol=1e-9)
        expect("m", got[1], new_m, case, atol=1e-12, rtol=1e-9)
        expect("v", got[2], new_v, case, atol=1e-12, rtol=1e-9)


# ---- chapter 7: overfitting ----------------------------------------------------------------------------------

def _dropout_case():
    rng = _rng()
    x, p = rng.normal(size=(4, 6)), 0.3
    return x, rng.random(size=x.shape) >= p, p


@exercise("7.1", "dropout_forward")
def check_dropout_forward(dropout_forward):
    x, keep, p = _dropout_case()
    expect("out", call(dropout_forward, x, keep, p), x * keep / (1 - p),
           f"dropout_forward(x, keep, p={p}) with x {x.shape}, against x * keep / (1 - p)", atol=1e-12, rtol=1e-9)


@exercise("7.2", "dropout_backward")
def check_dropout_backward(dropout_backward):
    x, keep, p = _dropout_case()
    grad_out = _rng().normal(size=x.shape)
    (want,) = numeric_grads(lambda x: x * keep / (1 - p), [x], grad_out)
    expect("grad_x", call(dropout_backward, keep, p, grad_out), want,
           f"dropout_backward(keep, p={p}, grad_out) with shape {x.shape}, against central differences of dropout")


@exercise("7.3", "early_stopping")
def check_early_stopping(early_stopping):
    from minigrad.training import EarlyStopping

    losses = [1.0, 0.8, 0.85, 0.7, 0.7, 0.75, 0.72, 0.9, 0.69, 0.8]
    for patience in (0, 1, 2, 3, 20):
        reference, model = EarlyStopping(monitor="val_loss", patience=patience), SimpleNamespace(stop_training=False)
        reference.set_model(model)
        reference.on_train_begin()
        for epoch, loss in enumerate(losses):
            reference.on_epoch_end(epoch, {"val_loss": loss})
            if model.stop_training:
                break
        got = unpack(call(early_stopping, list(losses), patience), ("last_epoch", "best_epoch"), "early_stopping")
        case = (f"early_stopping(val_losses={losses}, patience={patience}) (the reference is "
                "minigrad.training.EarlyStopping)")
        expect("last_epoch", got[0], epoch, case, atol=0, rtol=0)
        expect("best_epoch", got[1], reference.best_epoch, case, atol=0, rtol=0)


# ---- chapter 8: training -------------------------------------------------------------------------------------

@exercise("8.1", "accuracy")
def check_accuracy(accuracy):
    rng = _rng()
    probs, labels = rng.uniform(size=10), rng.integers(0, 2, size=10)
    scores, classes = rng.normal(size=(10, 4)), rng.integers(0, 4, size=10)
    binary = float(np.mean((probs > 0.5) == labels))
    multi = float(np.mean(scores.argmax(axis=1) == classes))
    for y_true, y_pred, want, what in [(labels, probs, binary, "binary, y_pred (10,)"),
                                       (labels, probs[:, None], binary, "binary, y_pred (10, 1), y_true (10,)"),
                                       (classes, scores, multi, "4 classes, integer labels"),
                                       (np.eye(4)[classes], scores, multi, "4 classes, one-hot labels")]:
        expect("accuracy", call(accuracy, y_true, y_pred), want, f"accuracy(y_true, y_pred), {what}",
               atol=1e-12, rtol=0)


@exercise("8.2", "fit_line")
def check_fit_line(fit_line):
    rng = _rng()
    x = rng.uniform(-1, 1, size=20)
    y = 3.0 * x - 0.5 + 0.1 * rng.normal(size=20)
    for lr, epochs in [(0.1, 1), (0.1, 30)]:
        w = b = 0.0
        for _ in range(epochs):
            residual = w * x + b - y
            w, b = w - lr * 2 * np.mean(residual * x), b - lr * 2 * np.mean(residual)
        got = unpack(call(fit_line, x, y, lr, epochs), ("w", "b"), "fit_line")
        case = f"fit_line(x, y, lr={lr}, epochs={epochs}) on 20 points near y = 3x - 0.5, against plain gradient descent"
        expect("w", got[0], w, case, atol=1e-9, rtol=1e-6)
        expect("b", got[1], b, case, atol=1e-9, rtol=1e-6)


# ---- chapter 9: GANs -----------------------------------------------------------------------------------------

def _softplus(u):
    return np.logaddexp(0.0, u)


@exercise("9.1", "generator_loss")
def check_generator_loss(generator_loss):
    for s, what in [(2 * _rng().normal(size=6), "6 fake logits"), (np.array([1e4, 0.0, -1e4]), "logits of +-1e4")]:
        loss, grad = unpack(call(generator_loss, s), ("loss", "grad"), "generator_loss")
        case = f"generator_loss(fake_logits) for {what}"
        expect("loss", loss, np.mean(_softplus(-s)), case + ", against mean(-log sigmoid(s))")
        (want,) = numeric_grads(lambda s: np.mean(_softplus(-s)), [s])
        expect("grad", grad, want, case + ", against central differences of the loss")


@exercise("9.2", "discriminator_loss")
def check_discriminator_loss(discriminator_loss):
    rng = _rng()
    for r, f, what in [(2 * rng.normal(size=5), 2 * rng.normal(size=3), "5 real and 3 fake logits"),
                       (np.array([1e4, -1e4]), np.array([-1e4, 1e4, 0.0]), "logits of +-1e4")]:
        def loss_of(r, f):
            return np.mean(_softplus(-r)) + np.mean(_softplus(f))
        got = unpack(call(discriminator_loss, r, f), ("loss", "grad_real", "grad_fake"), "discriminator_loss")
        case = f"discriminator_loss(real_logits, fake_logits) for {what}"
        expect("loss", got[0], loss_of(r, f), case + ", against mean(-log D(x)) + mean(-log(1 - D(G(z))))")
        want = numeric_grads(loss_of, [r, f])
        expect("grad_real", got[1], want[0], case + ", against central differences of the loss")
        expect("grad_fake", got[2], want[1], case + ", against central differences of the loss")


# ---- chapter 10: under the hood ------------------------------------------------------------------------------

CONV_CASES = [((2, 3, 5, 5), 3, 3, 1, 0, "3x3 windows, stride 1: the windows overlap"),
              ((1, 2, 6, 5), 3, 2, 2, 1, "3x2 windows, stride 2, padding 1"),
              ((2, 1, 4, 4), 2, 2, 2, 0, "2x2 windows, stride 2: no overlap")]


def _windows(x, kh, kw, stride, padding):
    """The column matrix by its definition: column (n, oh, ow) is the window at (oh, ow) of image n."""
    N, C, H, W = x.shape
    OH, OW = (H + 2 * padding - kh) // stride + 1, (W + 2 * padding - kw) // stride + 1
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = np.zeros((C, kh, kw, N, OH, OW))
    for oh in range(OH):
        for ow in range(OW):
            window = xp[:, :, oh * stride:oh * stride + kh, ow * stride:ow * stride + kw]
            cols[:, :, :, :, oh, ow] = window.transpose(1, 2, 3, 0)
    return cols.reshape(C * kh * kw, N * OH * OW)


@exercise("10.1", "im2col")
def check_im2col(im2col):
    rng = _rng()
    for x_shape, kh, kw, stride, padding, what in CONV_CASES:
        x = rng.normal(size=x_shape)
        expect("cols", call(im2col, x, kh, kw, stride, padding), _windows(x, kh, kw, stride, padding),
               f"im2col(x {x_shape}, kh={kh}, kw={kw}, stride={stride}, padding={padding}): {what}",
               atol=0, rtol=0)


@exercise("10.2", "col2im")
def check_col2im(col2im):
    rng = _rng()
    for x_shape, kh, kw, stride, padding, what in CONV_CASES:
        x = rng.normal(size=x_shape)
        cols = rng.normal(size=_windows(x, kh, kw, stride, padding).shape)
        (want,) = numeric_grads(lambda x: _windows(x, kh, kw, stride, padding), [x], cols)
        expect("x_grad", call(col2im, cols, x_shape, kh, kw, stride, padding), want,
               f"col2im(cols {cols.shape}, x_shape={x_shape}, kh={kh}, kw={kw}, stride={stride}, padding={padding}): "
               f"{what}; against central differences of sum(im2col(x) * cols)")


def _logistic_grad(X, y, w):
    """grad L(w) for L(w) = mean(softplus(X w) - y X w), by minigrad's backward()."""
    weights = Value(np.array(w, dtype=np.float64))
    z = X @ weights
    ((z.exp() + 1).log() - z * y).mean().backward()
    return np.array(weights.grad)


@exercise("10.3", "logistic_hvp")
def check_logistic_hvp(logistic_hvp):
    rng = _rng()
    X, y = rng.normal(size=(8, 4)), rng.integers(0, 2, size=8).astype(np.float64)
    w, v, eps = 0.5 * rng.normal(size=4), rng.normal(size=4), 1e-5
    want = (_logistic_grad(X, y, w + eps * v) - _logistic_grad(X, y, w - eps * v)) / (2 * eps)
    expect("H v", call(logistic_hvp, X, y, w, v), want,
           f"logistic_hvp(X {X.shape}, y, w, v), against (grad L(w + eps v) - grad L(w - eps v)) / (2 eps), "
           f"eps = {eps}")
