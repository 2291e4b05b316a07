"""Reference solutions, chapter 7."""
import math


def dropout_forward(x, keep, p):
    return x * keep / (1 - p)


def dropout_backward(keep, p, grad_out):
    return grad_out * keep / (1 - p)


def early_stopping(val_losses, patience):
    best, best_epoch, wait = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
