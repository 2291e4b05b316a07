"""2.3 that assigns (=) each contribution instead of adding it (+=): a name used twice keeps only its last use."""


def tape_backward(tape, values, output):
    grads = {name: 0.0 for name in values}
    grads[output] = 1.0
    for out, op, inputs in reversed(tape):
        g = grads[out]
        if op == "add":
            for name in inputs:
                grads[name] = g
        elif op == "mul":
            x, y = inputs
            grads[x] = values[y] * g
            grads[y] = values[x] * g
        elif op == "tanh":
            grads[inputs[0]] = (1 - values[out] ** 2) * g
        elif op == "exp":
            grads[inputs[0]] = values[out] * g
    return grads
