"""save_backprop: the page holds every frame, and in a real headless Chromium its buttons, keys and slider work.

The browser is driven through the Chrome DevTools Protocol over a pipe (--remote-debugging-pipe: JSON messages
ending in a NUL byte on file descriptors 3 and 4), with real mouse and key events, so nothing beyond the
standard library is needed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from minigrad import Value, draw_backprop, save_backprop

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(name)), None)


def fan_out():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    out = (a * b + a).tanh()
    out.label = "out"
    return a, b, out


def test_page_holds_every_frame_as_inline_svg(tmp_path):
    a, b, out = fan_out()
    path = save_backprop(out, tmp_path / "steps.html")
    page = path.read_text(encoding="utf-8")
    captions = [frame.graph_attr["label"] for frame in draw_backprop(fan_out()[2])]
    assert page.count("<svg") == len(captions) == 4
    assert "<?xml" not in page and "http://" not in page.split("<svg")[0]  # self-contained: nothing to fetch
    assert re.findall(r'data-caption="([^"]*)"', page) == [c.replace("'", "&#x27;").replace(">", "&gt;")
                                                           for c in captions]
    assert 'max="3"' in page and 'id="prev"' in page and 'id="next"' in page and "ArrowRight" in page
    a2, b2, out2 = fan_out()
    out2.backward()
    assert (a.grad, b.grad) == (a2.grad, b2.grad)  # saving ran backward, one rule at a time


def test_save_backprop_without_dot_says_how_to_install(tmp_path):
    script = ("from minigrad import Value, save_backprop\n"
              "a = Value(2.0)\n"
              "try:\n"
              f"    save_backprop((a * a).tanh(), {str(tmp_path / 'x.html')!r})\n"
              "except RuntimeError as error:\n"
              "    print(error)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "PATH": str(tmp_path)}, cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("save_backprop: rendering needs Graphviz's `dot` program")
    assert "apt-get install graphviz" in result.stdout and not (tmp_path / "x.html").exists()


class Browser:
    """Headless Chromium, spoken to with CDP over a pipe."""

    def __init__(self, profile):
        ours_to_chrome, self._to_chrome = self._high_pipe()
        self._from_chrome, chrome_to_ours = self._high_pipe()

        def give_chrome_fds_3_and_4():
            os.dup2(ours_to_chrome, 3)
            os.dup2(chrome_to_ours, 4)
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=give_chrome_fds_3_and_4,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(ours_to_chrome)
        os.close(chrome_to_ours)
        self._buffer, self._id, self.session = b"", 0, None

    @staticmethod
    def _high_pipe():
        """A pipe whose ends are numbered 10 or above, so they cannot clash with descriptors 3 and 4."""
        import fcntl
        ends = []
        for fd in os.pipe():
            ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD, 10))
            os.close(fd)
        return ends

    def send(self, method, **params):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            while b"\0" not in self._buffer:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"Chromium closed the pipe while answering {method}")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"CDP {method}: {reply['error']}")
                return reply["result"]
        raise TimeoutError(f"CDP {method}: no answer in 30 s")

    def open(self, url):
        target = self.send("Target.createTarget", url=url)["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        loaded = f"document.readyState === 'complete' && location.href === {json.dumps(url)}"
        for _ in range(200):  # one expression, so both are read from the same document (not about:blank's)
            if self.js(loaded):
                return
            time.sleep(0.05)
        raise TimeoutError(f"{url} did not load")

    def js(self, expression):
        return self.send("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def click(self, selector):
        box = self.js(f"JSON.stringify(document.querySelector({selector!r}).getBoundingClientRect())")
        box = json.loads(box)
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def press(self, key, code):
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=
                      {"ArrowRight": 39, "ArrowLeft": 37}[key])

    def close(self):
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self._to_chrome)
            os.close(self._from_chrome)


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium), so the page "
                                             "cannot be tested in a real browser")
def test_buttons_keys_and_slider_step_through_the_frames_in_chromium(tmp_path):
    path = save_backprop(fan_out()[2], tmp_path / "steps.html")
    captions = [frame.graph_attr["label"] for frame in draw_backprop(fan_out()[2])]
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(path.as_uri())

        def state():
            visible = browser.js("[...document.querySelectorAll('.frame')].map(f => !f.hidden).indexOf(true)")
            hidden_count = browser.js("[...document.querySelectorAll('.frame')].filter(f => f.hidden).length")
            return (browser.js("document.getElementById('counter').textContent"),
                    browser.js("document.getElementById('caption').textContent"), visible, hidden_count)

        assert state() == ("1 / 4", captions[0], 0, 3)
        assert browser.js("document.getElementById('prev').disabled") is True
        browser.click("#next")
        assert state() == ("2 / 4", captions[1], 1, 3)
        browser.press("ArrowRight", "ArrowRight")
        assert state() == ("3 / 4", captions[2], 2, 3)
        shown = browser.js("document.querySelectorAll('.frame')[2].textContent")
        assert "a.grad 0 -> 0.0013" in shown and "grad 0.0013" in shown  # the + rule's share reached a
        browser.click("#prev")
        assert state() == ("2 / 4", captions[1], 1, 3)
        browser.js("const s = document.getElementById('slider'); s.value = 3; "
                   "s.dispatchEvent(new Event('input'))")
        assert state() == ("4 / 4", captions[3], 3, 3)
        assert browser.js("document.getElementById('next').disabled") is True
        browser.press("ArrowLeft", "ArrowLeft")
        assert state()[0] == "3 / 4"
    finally:
        browser.close()
