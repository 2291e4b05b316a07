"""The numbered demos: each runs as plain Python in quick mode, writes its pictures under ./runs/demos (or --out),
never into the repository, and opens as a notebook through jupytext."""
import os
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
DEMOS = ROOT / "demos"
NAMES = ["01_neuron", "02_perceptron", "03_xor", "04_pass_the_class", "05_moons", "06_mnist_mlp", "07_keras_style",
         "08_optimizers", "09_vanilla_gan", "10_dcgan", "11_cgan", "12_numba_speedup", "13_embeddings_lm",
         "14_second_order", "15_stylegan"]

# What each demo must leave in its picture folder.
PICTURES = {
    "01_neuron": ["neuron_graph.svg", "neuron_backprop.html", "step_vs_sigmoid.png"],
    "02_perceptron": ["gates.png"],
    "03_xor": ["loss.png", "boundary_with.png", "boundary_without.png", "network_graph.svg"],
    "04_pass_the_class": ["curves.png", "boundary.png"],
    "05_moons": ["curves.png", "boundary.png"],
    "06_mnist_mlp": ["digits.png", "curves.png", "confusion.png", "mistakes.png"],
    "07_keras_style": ["keras_curves.png", "best.npz"],
    "08_optimizers": ["paths.png", "learning_rates.png", "moons_by_optimizer.png"],
    "09_vanilla_gan": ["lab_samples_over_epochs.png", "samples_over_epochs.png", "samples.png", "curves.png",
                       "quality.png", "class_histogram.png"],
    "10_dcgan": ["samples_over_epochs.png", "samples.png", "curves.png", "quality.png", "class_histogram.png"],
    "11_cgan": ["curves.png", "digits_by_row.png", "class_histogram.png"],
    "12_numba_speedup": ["kernel_speedups.png"],
    "13_embeddings_lm": ["embeddings.png", "losses.png", "attention.png", "step_graph.svg"],
    "14_second_order": ["newton_vs_gd.png", "hessian_eigenvalues.png", "double_backward.svg"],
    "15_stylegan": ["samples_over_epochs.png", "curves.png", "style_mixing.png", "style_mixing_7x7.png", "truncation.png",
                    "quality.png"],
}
SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".svg": b"<svg", ".html": b"<!DOCTYPE html", ".npz": b"PK"}


@pytest.fixture(scope="module")
def data_home(tmp_path_factory):
    """One cache folder for the module: the quick reference classifier of the GAN demos is trained once."""
    return tmp_path_factory.mktemp("minigrad-data")


def run_demo(name, cwd, data_home, *args, quick_env=False):
    env = {**os.environ, "MINIGRAD_DATA": str(data_home), "MPLBACKEND": "Agg",
           # tiny matrices on a shared 2-core machine: a second BLAS thread costs more than it brings
           "OPENBLAS_NUM_THREADS": "1"}
    env.pop("MINIGRAD_QUICK", None)
    if quick_env:
        env["MINIGRAD_QUICK"] = "1"
    return subprocess.run([sys.executable, str(DEMOS / f"{name}.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=150)


def repo_files():
    """The files a demo could wrongly write into: beside the scripts, or under the checkout's runs/demos."""
    return sorted(str(p.relative_to(ROOT)) for p in (*DEMOS.rglob("*"), *(ROOT / "runs" / "demos").rglob("*"))
                  if "__pycache__" not in p.parts)


def test_the_demos_are_the_lectures_in_order():
    assert sorted(p.stem for p in DEMOS.glob("[0-9][0-9]_*.py")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_demo_runs_in_quick_mode_and_writes_its_pictures(name, tmp_path, data_home):
    before = repo_files()
    result = run_demo(name, tmp_path, data_home, "--quick")
    assert result.returncode == 0, f"{name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    assert f"{name}: quick run, pictures in runs/demos/{name}" in result.stdout
    folder = tmp_path / "runs" / "demos" / name
    for picture in PICTURES[name]:
        path = folder / picture
        assert path.is_file(), f"{name} did not write {picture}; it wrote {sorted(os.listdir(folder))}"
        head = path.read_bytes()[:2048]
        assert SIGNATURES[path.suffix] in head, f"{path.name} is not a {path.suffix} file: {head[:40]!r}"
    assert repo_files() == before, f"{name} wrote into the repository"


def test_quick_mode_by_environment_and_pictures_in_out(tmp_path, data_home):
    result = run_demo("02_perceptron", tmp_path, data_home, "--out", "pictures", quick_env=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "02_perceptron: quick run, pictures in pictures/02_perceptron" in result.stdout
    assert (tmp_path / "pictures" / "02_perceptron" / "gates.png").is_file()
    assert not (tmp_path / "runs").exists()


def test_full_mode_is_the_default(tmp_path, data_home):
    result = run_demo("01_neuron", tmp_path, data_home)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "01_neuron: full run" in result.stdout


def test_a_mistyped_option_is_reported(tmp_path, data_home):
    result = run_demo("02_perceptron", tmp_path, data_home, "--quick", "--out")
    assert result.returncode == 2
    assert "--out: expected one argument" in result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_demo_opens_as_a_notebook(name):
    notebook = jupytext.read(DEMOS / f"{name}.py", fmt="py:percent")
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds[0] == "markdown" and notebook.cells[0].source.startswith(f"# {name[:2]} · ")
    assert kinds.count("markdown") >= 3 and kinds.count("code") >= 3, kinds
    assert all(cell.source.strip() for cell in notebook.cells), "an empty cell"
    ipynb = jupytext.writes(notebook, fmt="ipynb")
    assert jupytext.reads(ipynb, fmt="ipynb").cells[1].source == notebook.cells[1].source
