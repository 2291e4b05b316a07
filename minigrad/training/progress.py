"""The Keras-style progress line that ``fit``, ``evaluate`` and ``predict`` print.

    Epoch 3/10
    5/5 [==============================] - 0s 8ms/step - loss: 0.2500 - accuracy: 0.5750

``verbose=1``: in a terminal or a Jupyter notebook the line is redrawn in place after each batch
(``3/5 [=================>............] - ETA: 0s - loss: 0.2600``) and stays as above when the epoch ends;
the bar keeps its 30 characters whatever the logs, so the validation metrics that appear at the end only make
the line longer. Elsewhere (a file, a pipe, a test's captured output) only the final line is printed.
``verbose=2``: one line per epoch, ``Epoch 3/10 - 5/5 - 0s 8ms/step - loss: 0.2500 - accuracy: 0.5750``.
``verbose=0``: nothing.
"""
import sys
import time

BAR_WIDTH = 30
REDRAW_EVERY = 0.1  # seconds between two redraws of a live line


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


def bar(step, steps):
    """``3/5 [=================>............]``: the share of the epoch done, in BAR_WIDTH characters."""
    if steps is None:
        return f"{step}/Unknown"
    done = int(BAR_WIDTH * step / max(steps, 1))
    arrow = "=" * done if done >= BAR_WIDTH else "=" * max(done - 1, 0) + ">" + "." * (BAR_WIDTH - done)
    return f"{step:>{len(str(steps))}}/{steps} [{arrow[:BAR_WIDTH]}]"


def live_output():
    """Whether stdout can redraw a line in place: a terminal, or a Jupyter kernel's output area."""
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty()) or "ipykernel" in sys.modules


class Progress:
    """Progress over ``steps`` batches (None when unknown): call ``update(step, logs)`` after each batch, then
    ``finish(logs)``. ``title`` (such as ``"Epoch 3/10"``) heads the output; evaluate and predict have none.
    """

    def __init__(self, steps, verbose=1, title=None):
        self.steps, self.verbose, self.title = steps, verbose, title
        self.start = self.drawn_at = time.perf_counter()
        self.live = verbose == 1 and live_output()
        self.width = 0  # of the line drawn last, to wipe what a shorter line leaves
        self.step = 0
        if verbose == 1 and title:
            print(title)

    def update(self, step, logs):
        """Batch ``step`` (counted from 1) is done; ``logs`` are the running averages."""
        self.step = step
        now = time.perf_counter()
        if not self.live or (now - self.drawn_at < REDRAW_EVERY and step != self.steps):
            return
        self.drawn_at = now
        eta = "" if self.steps is None else \
            f" - ETA: {(now - self.start) / step * (self.steps - step):.0f}s"
        self._draw(f"{bar(step, self.steps)}{eta}{format_logs(logs)}")

    def finish(self, logs):
        """The run is over: the final line, with the total time and the final ``logs``."""
        seconds = time.perf_counter() - self.start
        steps = self.steps if self.steps is not None else self.step
        if self.verbose == 1:
            line = f"{bar(steps, steps)} - {format_time(seconds, steps)}{format_logs(logs)}"
            if self.live:
                self._draw(line, end="\n")
            else:
                print(line)
        elif self.verbose == 2:
            head = f"{self.title} - " if self.title else ""
            print(f"{head}{steps}/{steps} - {format_time(seconds, steps)}{format_logs(logs)}")

    def _draw(self, line, end=""):
        """Overwrite the current line with ``line`` (carriage return, then spaces over any longer old line)."""
        sys.stdout.write("\r" + line + " " * max(self.width - len(line), 0) + end)
        sys.stdout.flush()
        self.width = 0 if end else len(line)
