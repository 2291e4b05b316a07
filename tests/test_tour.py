"""The tour: the quick run writes every picture and an index.html in which a real browser finds no broken image."""
import json
import re
import shutil
import subprocess

import pytest

from minigrad import tour

pytestmark = pytest.mark.e2e

PICTURES = ["neuron.svg", "moons_boundary.png", "moons_curves.png", "mnist_confusion.png", "mnist_curves.png",
            "gan_samples_over_epochs.png", "gan_samples_last.png", "gan_curves.png", "gan_quality.png",
            "gan_classes.png", "names_embeddings.png"]


@pytest.fixture(scope="module")
def quick_tour(tmp_path_factory):
    """One quick run of the tour, with the reference classifier cached in a temporary folder."""
    out = tmp_path_factory.mktemp("tour")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MINIGRAD_DATA", str(tmp_path_factory.mktemp("data")))
        assert tour.main(["--out", str(out), "--quick"]) == 0
    return out


def test_quick_tour_writes_every_part(quick_tour):
    names = {p.name for p in quick_tour.iterdir()}
    assert set(PICTURES) | {"index.html", "backprop.html", "results.json"} <= names
    results = json.loads((quick_tour / "results.json").read_text())
    assert results["neuron"]["y"] == pytest.approx(0.7071, abs=1e-4)  # tanh(0.8814) = 1/sqrt(2)
    assert results["neuron"]["grads"]["w1"] == pytest.approx(1.0, abs=1e-6)  # x1 * (1 - y^2) = 2 * 0.5
    assert results["moons"]["val_accuracy"] > 0.8
    assert results["mnist"]["test_accuracy"] > 0.7
    assert results["gan"]["epochs"] == 2
    assert set(results["gan"]["quality"]) == {"real", "noise", "GAN"}
    assert results["gan"]["quality"]["noise"]["fid"] > results["gan"]["quality"]["real"]["fid"]
    assert results["names"]["val_loss"] < results["names"]["bigram_val_loss"] < 3.2958  # log 27: uniform guessing
    assert len(results["names"]["names"]) == 12 and results["names"]["new_share"] >= 0.5
    assert results["seconds"] < 120


def test_index_links_every_picture_with_an_explanation(quick_tour):
    page = (quick_tour / "index.html").read_text()
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert sorted(sources) == sorted(PICTURES)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, flags=re.S)
    assert len(captions) == len(PICTURES) and all(len(c) > 30 for c in captions)
    assert 'href="backprop.html"' in page
    assert "<svg" in (quick_tour / "backprop.html").read_text()


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _dump_dom(path):
    """The page's DOM after its load handlers ran, as a headless Chromium sees it."""
    result = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                             "--virtual-time-budget=10000", "--dump-dom", path.as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed: the page cannot be opened in a browser")
def test_every_image_loads_in_chromium(quick_tour):
    dom = _dump_dom(quick_tour / "index.html")
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert f'data-images="{len(PICTURES)}"' in body and 'data-broken="0"' in body
    widths = [int(w) for w in re.findall(r'data-natural-width="(\d+)"', dom)]
    assert len(widths) == len(PICTURES) and min(widths) > 100
    assert '<p class="broken">' not in dom


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed: the page cannot be opened in a browser")
def test_the_page_reports_a_broken_image(quick_tour, tmp_path):
    """The check itself works: a page whose picture is gone says so."""
    for name in ["index.html"] + PICTURES[1:]:
        shutil.copy(quick_tour / name, tmp_path / name)
    dom = _dump_dom(tmp_path / "index.html")
    assert 'data-broken="1"' in dom and '<p class="broken">missing picture: neuron.svg</p>' in dom
