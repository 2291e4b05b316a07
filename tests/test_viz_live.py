"""Live: frames from fit and from an explicit loop, layer statistics and colors, the page in headless Chromium
(screenshot, slider, reload), and the in-place view in a notebook run by nbclient."""
import base64
import io
import json
import math
import re
import time
from pathlib import Path

import numpy as np
import pytest

from minigrad import Value, nn
from minigrad.viz import Live
from minigrad.viz.graph import GRAD_SCALE
from minigrad.viz.live import image_grid, layer_stats, png_data_uri
from test_viz_stepper import CHROMIUM, Browser

ROOT = Path(__file__).resolve().parents[1]


def classifier(seed=0):
    """A small Keras-style classifier of 2-D points, and its data."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((96, 2)).astype(np.float32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int64)
    model = nn.Sequential(nn.Input((2,)), nn.Linear(2, 8, activation="relu"), nn.Linear(8, 2))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, x, y


def test_as_a_callback_it_keeps_a_frame_per_epoch_in_one_self_contained_page(tmp_path):
    model, x, y = classifier()
    live = Live(out=tmp_path / "run")
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0, seed=0, callbacks=[live])
    assert [f["step"] for f in live.frames] == [1, 2, 3]
    assert [f["logs"]["loss"] for f in live.frames] == history.history["loss"]
    assert [f["logs"]["accuracy"] for f in live.frames] == history.history["accuracy"]
    page = (tmp_path / "run" / "live.html").read_text(encoding="utf-8")
    assert page.count('class="frame"') == 3 and page.count("<svg") == 3 + 2  # a graph per frame; two curve panels
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing to fetch: it works offline
    assert 'data-reload=""' in page  # training ended: the page stops reloading
    # the graph is the model's own computation, by layer: both Linear layers, in order
    graph = live.frames[-1]["svg"]
    assert graph.index("Linear 1") < graph.index("Linear 2")


def test_layer_statistics_are_the_norms_of_each_layers_parameters_and_gradients():
    model, x, y = classifier()
    model.fit(x, y, epochs=1, batch_size=32, verbose=0, seed=0)
    rows = layer_stats(model)
    assert [(r["name"], r["kind"], r["size"]) for r in rows] == [("1", "Linear", 2 * 8 + 8), ("2", "Linear", 8 * 2 + 2)]
    for row, layer in zip(rows, (model[1], model[2])):
        w = np.concatenate([layer.weight.data.ravel(), layer.bias.data.ravel()]).astype(np.float64)
        g = np.concatenate([layer.weight.grad.ravel(), layer.bias.grad.ravel()]).astype(np.float64)
        assert math.isclose(row["w"], np.linalg.norm(w), rel_tol=1e-6)
        assert math.isclose(row["grad"], np.linalg.norm(g), rel_tol=1e-6)
        assert math.isclose(row["ratio"], np.linalg.norm(g) / np.linalg.norm(w), rel_tol=1e-6)


def test_vanishing_and_exploding_gradients_stand_out_in_the_graph_and_the_table():
    model = nn.Sequential(nn.Input((3,)), nn.Linear(3, 4), nn.Linear(4, 4), nn.Linear(4, 1))
    for layer, size in zip(model.layers[1:], (1e-9, 0.5, 1e5)):
        layer.weight.grad = np.full(layer.weight.shape, size, dtype=np.float32)
        layer.bias.grad = np.full(layer.bias.shape, size, dtype=np.float32)
    frame = Live(out=None, model=model).update(loss=1.0)
    assert [r["color"] for r in frame["layers"]] == [GRAD_SCALE[0][1], GRAD_SCALE[2][1], GRAD_SCALE[4][1]]
    boxes = re.findall(r'label="Linear (\d)\\n.*?fillcolor="(#\w+)"', frame["source"])
    assert boxes == [("1", GRAD_SCALE[0][1]), ("2", GRAD_SCALE[2][1]), ("3", GRAD_SCALE[4][1])]


def test_in_an_explicit_loop_it_takes_values_and_samples(tmp_path):
    from PIL import Image
    model, x, y = classifier()
    images = np.linspace(0, 1, 3 * 4 * 5).reshape(3, 4, 5)
    with Live(out=tmp_path, model=model, title="my loop") as live:
        for step in range(2):
            loss = Value(0.5 / (step + 1))
            live.update(step=10 * step, loss=loss, samples=images if step else None)
    assert [f["step"] for f in live.frames] == [0, 10] and live.frames[1]["logs"] == {"loss": 0.25}
    assert live.frames[0]["samples"] is None
    uri = live.frames[1]["samples"]
    assert uri.startswith("data:image/png;base64,")
    decoded = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))))
    assert decoded.shape == (4 + 2, 3 * 6 + 1)  # one row of three 4x5 tiles, 1-pixel borders
    for k in range(3):
        tile = decoded[1:5, 1 + 6 * k:6 + 6 * k]
        assert np.array_equal(tile, np.round(images[k] * 255).astype(np.uint8))
    page = live.path.read_text(encoding="utf-8")
    assert "<h1>my loop</h1>" in page and uri in page


def test_bad_logs_and_samples_are_refused_with_what_to_do():
    live = Live(out=None)
    with pytest.raises(TypeError, match=r"Live.update: log 'loss' must be a number, got str"):
        live.update(loss="low")
    with pytest.raises(ValueError, match=r"Live: samples must be images of shape \(n, H, W\) or \(n, 1, H, W\), "
                                         r"got \(2, 3, 4, 5\)"):
        image_grid(np.zeros((2, 3, 4, 5)))
    with pytest.raises(TypeError, match="Live: samples must be a function"):
        Live(samples=np.zeros((2, 4, 4)))


def test_png_encoder_round_trips_through_pillow():
    from PIL import Image
    gray = (np.arange(35) * 7 % 256).astype(np.uint8).reshape(5, 7)
    uri = png_data_uri(gray)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))), gray)


def test_a_gan_shows_its_samples_and_both_networks(tmp_path):
    from minigrad.gan import GAN
    generator = nn.Sequential(nn.Linear(4, 16, activation="sigmoid"), nn.Reshape((4, 4)))
    discriminator = nn.Sequential(nn.Flatten(), nn.Linear(16, 1))
    gan = GAN(generator, discriminator, latent_dim=4, image_shape=(4, 4), from_logits=True, seed=0)
    gan.compile()
    real = np.random.default_rng(0).random((32, 4, 4)).astype(np.float32)
    live = Live(out=tmp_path)
    gan.fit(real, epochs=2, batch_size=16, verbose=0, seed=0, callbacks=[live])
    frame = live.frames[-1]
    assert frame["samples"].startswith("data:image/png;base64,") and "d_loss" in frame["logs"]
    assert "cluster_generator" in frame["source"] and "cluster_discriminator" in frame["source"]
    assert [r["name"] for r in frame["layers"]] == ["generator.0", "discriminator.1"]


# ---- the page in a real browser ---------------------------------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium), so the page "
                                             "cannot be tested in a real browser")
def test_the_page_draws_and_its_slider_scrubs_through_the_frames_in_chromium(tmp_path):
    from PIL import Image
    model, x, y = classifier()
    live = Live(out=tmp_path, refresh=0.5)
    model.fit(x, y, epochs=3, batch_size=16, verbose=0, seed=0, callbacks=[live])
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(live.path.as_uri())

        def state():
            return (browser.js("document.getElementById('counter').textContent"),
                    browser.js("[...document.querySelectorAll('.frame')].map(f => !f.hidden).indexOf(true)"),
                    browser.js("document.querySelector('.frame:not([hidden]) .caption').textContent"))

        assert state()[:2] == ("3 / 3", 2)  # the newest frame first
        assert browser.js("document.getElementById('status').textContent") == "training finished"
        shot = browser.send("Page.captureScreenshot", format="png")["data"]
        image = np.asarray(Image.open(io.BytesIO(base64.b64decode(shot))).convert("RGB"))
        (tmp_path / "live.png").write_bytes(base64.b64decode(shot))
        colors = {tuple(c) for c in image.reshape(-1, 3)[::97]}
        assert image.shape[0] > 300 and len(colors) > 10  # drawn: text, curves and a colored graph
        assert any(color == tuple(int(GRAD_SCALE[2][1][k:k + 2], 16) for k in (1, 3, 5)) for color in colors)
        marker = "document.getElementById('marker-0').getAttribute('x1')"
        end = float(browser.js(marker))
        browser.js("const s = document.getElementById('slider'); s.value = 0; s.dispatchEvent(new Event('input'))")
        counter, shown, caption = state()
        assert (counter, shown) == ("1 / 3", 0) and caption.startswith("frame 1: step 1: loss ")
        assert f"{live.frames[0]['logs']['loss']:.4g}" in caption
        assert float(browser.js(marker)) < end  # the marker on the curves moved back to the first frame
        browser.click("#next")
        assert state()[:2] == ("2 / 3", 1)
    finally:
        browser.close()


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_while_training_runs_the_page_reloads_unless_the_reader_scrubs_back(tmp_path):
    model, x, y = classifier()
    live = Live(out=tmp_path, model=model, refresh=0.3)
    for step in range(3):
        live.update(loss=1.0 / (step + 1))
    live.flush()  # the frames drawn, and training still running: the page keeps reloading
    assert 'data-reload="0.3"' in live.path.read_text(encoding="utf-8")
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(live.path.as_uri())
        assert browser.js("document.getElementById('status').textContent").startswith("training: this page reloads")
        browser.js("window.mark = 1")
        live.update(loss=0.1)
        live.flush()
        for _ in range(100):  # the reload brings the new frame and forgets window.mark
            if browser.js("document.querySelectorAll('.frame').length") == 4:
                break
            time.sleep(0.1)
        assert browser.js("document.querySelectorAll('.frame').length") == 4
        assert browser.js("window.mark") is None
        browser.js("const s = document.getElementById('slider'); s.value = 0; s.dispatchEvent(new Event('input'))")
        assert browser.js("document.getElementById('status').textContent") == "paused while you look back"
        browser.js("window.mark = 2")
        time.sleep(1.0)
        assert browser.js("window.mark") == 2  # no reload while the reader looks back
    finally:
        browser.close()
        live.close()


# ---- the notebook ---------------------------------------------------------------------------------------------

NOTEBOOK = '''# %%
import numpy as np
from minigrad import nn
from minigrad.viz import Live

rng = np.random.default_rng(0)
x = rng.standard_normal((64, 2)).astype(np.float32)
y = (x[:, 0] > 0).astype(np.int64)
model = nn.Sequential(nn.Input((2,)), nn.Linear(2, 4, activation="relu"), nn.Linear(4, 2))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
live = Live()
history = model.fit(x, y, epochs=3, batch_size=16, verbose=0, callbacks=[live])

# %%
print(live.path, len(live.frames), round(history.history["loss"][-1], 4))
'''


@pytest.mark.e2e
def test_in_a_notebook_the_view_updates_in_place(tmp_path):
    jupytext = pytest.importorskip("jupytext", reason="the notebook test needs the [demos] extra (jupytext)")
    nbclient = pytest.importorskip("nbclient", reason="the notebook test needs nbclient and ipykernel")
    pytest.importorskip("ipykernel", reason="the notebook test needs ipykernel")
    notebook = jupytext.reads(NOTEBOOK, fmt="py:percent")
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute(cwd=str(ROOT))
    outputs = notebook.cells[0].outputs
    views = [o for o in outputs if o.output_type == "display_data" and "minigrad-live" in o.data.get("text/html", "")]
    assert len(views) == 1  # one view, updated in place: no new output per epoch
    shown = views[0].data["text/html"]
    assert "frame 3: step 3" in shown and "<svg" in shown and "Linear 1" in shown
    printed = "".join(o.get("text", "") for o in notebook.cells[1].outputs)
    assert printed.startswith("None 3 ")  # nothing written to disk without out=
    assert not (tmp_path / "live").exists()
