"""The Keras-style progress line that ``fit``, ``evaluate`` and ``predict`` print.

    Epoch 3/10
    5/5 [==============================] - 0s 8ms/step - loss: 0.2500 - accuracy: 0.5750

``verbose=1``: a live tqdm bar when stdout is a terminal, else the line above once the epoch ends.
``verbose=2``: one line per epoch, ``Epoch 3/10 - 5/5 - 0s 8ms/step - loss: 0.2500 - accuracy: 0.5750``.
``verbose=0``: nothing.
"""
import sys
import time

BAR_WIDTH = 30


def format_logs(logs):
    """`` - loss: 0.2500 - accuracy: 0.5750``: four decimals, or scientific notation for tiny values."""
    return "".join(f" - {name}: {value:.4f}" if abs(value) > 1e-3 or value == 0 else f" - {name}: {value:.4e}"
                   for name, value in logs.items())


def format_time(seconds, steps):
    """``0s 8ms/step``: the whole run in seconds, then the time per step in s, ms or us."""
    per_step = seconds / max(steps, 1)
    if per_step >= 1:
        rate = f"{per_step:.0f}s/step"
    elif per_step >= 1e-3:
        rate = f"{per_step * 1e3:.0f}ms/step"
    else:
        rate = f"{per_step * 1e6:.0f}us/step"
    return f"{seconds:.0f}s {rate}"


class Progress:
    """Progress over ``steps`` batches: call ``update(step, logs)`` after each batch, then ``finish(logs)``.

    ``title`` (such as ``"Epoch 3/10"``) heads the output; evaluate and predict have none.
    """

    def __init__(self, steps, verbose=1, title=None):
        self.steps, self.verbose, self.title = steps, verbose, title
        self.start = time.perf_counter()
        self.bar = self._tqdm() if verbose == 1 and sys.stdout.isatty() else None
        if verbose == 1 and self.bar is None and title:
            print(title)

    def _tqdm(self):
        """A tqdm bar on stdout, or None when tqdm is not installed (the plain line is printed instead)."""
        try:
            from tqdm import tqdm
        except ImportError:
            return None
        return tqdm(total=self.steps, desc=self.title, unit="step", file=sys.stdout, leave=True)

    def update(self, step, logs):
        """Batch ``step`` (counted from 1) is done; ``logs`` are the running averages."""
        if self.bar is not None:
            self.bar.update(step - self.bar.n)
            self.bar.set_postfix_str(format_logs(logs)[3:], refresh=False)

    def finish(self, logs):
        """The run is over: close the bar with the final ``logs``, or print the line."""
        seconds = time.perf_counter() - self.start
        if self.bar is not None:
            self.bar.set_postfix_str(format_logs(logs)[3:], refresh=False)
            self.bar.close()
        elif self.verbose == 1:
            print(f"{self.steps}/{self.steps} [{'=' * BAR_WIDTH}] - {format_time(seconds, self.steps)}"
                  f"{format_logs(logs)}")
        elif self.verbose == 2:
            head = f"{self.title} - " if self.title else ""
            print(f"{head}{self.steps}/{self.steps} - {format_time(seconds, self.steps)}{format_logs(logs)}")
