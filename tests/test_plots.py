"""minigrad.viz.plots: each figure is written as a real PNG, and the array helpers place and count correctly."""
import numpy as np
import pytest

from minigrad.viz import plots

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(path):
    """(width, height) read from the PNG header."""
    raw = path.read_bytes()
    assert raw[:8] == PNG_MAGIC
    return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")


def _pixels(path):
    from matplotlib.image import imread
    return imread(path)


def test_make_grid_places_image_i_at_row_i_div_ncols():
    images = np.stack([np.full((3, 4), i / 10) for i in range(5)])
    grid = plots.make_grid(images, ncols=2, padding=1, fill=1.0)
    assert grid.shape == (3 * (3 + 1) + 1, 2 * (4 + 1) + 1)
    for i in range(5):
        top, left = 1 + (i // 2) * 4, 1 + (i % 2) * 5
        assert np.all(grid[top:top + 3, left:left + 4] == np.float32(i / 10))
    assert np.all(grid[9:12, 6:10] == 1.0)  # the sixth cell is empty padding
    assert plots.make_grid(np.zeros((9, 1, 2, 2))).shape == (3 * 4 + 2, 3 * 4 + 2)


def test_make_grid_rejects_colour_images():
    with pytest.raises(ValueError, match=r"make_grid: expected grey images .* got \(2, 3, 4, 4\)"):
        plots.make_grid(np.zeros((2, 3, 4, 4)))


def test_save_image_grid_writes_the_pixels(tmp_path):
    images = np.zeros((4, 8, 8))
    images[3] = 1.0  # the last image is white, the others black
    path = tmp_path / "grid.png"
    plots.save_image_grid(images, path, ncols=2)
    pixels = _pixels(path)[..., :3].mean(axis=2)
    assert pixels.min() < 0.05 and pixels.max() > 0.95
    height, width = pixels.shape
    # the white image sits in the bottom-right quarter, the black ones in the others
    assert pixels[int(height * 0.7), int(width * 0.7)] > 0.9
    assert pixels[int(height * 0.3), int(width * 0.3)] < 0.1


def test_save_image_grid_wants_unit_range(tmp_path):
    with pytest.raises(ValueError, match=r"save_image_grid: pixels must lie in \[0, 1\], got values from -1 "):
        plots.save_image_grid(-np.ones((2, 4, 4)), tmp_path / "x.png")


def test_grids_over_epochs_one_row_per_epoch(tmp_path):
    samples = {1: np.zeros((12, 6, 6)), 5: np.ones((12, 6, 6))}
    path = tmp_path / "epochs.png"
    plots.save_grids_over_epochs(samples, path, per_row=4)
    width, height = _png_size(path)
    assert width > height  # 2 rows of 4 images
    with pytest.raises(ValueError, match="save_grids_over_epochs: samples is empty"):
        plots.save_grids_over_epochs({})


def test_confusion_matrix_counts():
    counts = plots.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2])
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert plots.confusion_matrix([1], [1], num_classes=4).shape == (4, 4)
    with pytest.raises(ValueError, match=r"confusion_matrix: .* same length, got shapes \(2,\) and \(3,\)"):
        plots.confusion_matrix([0, 1], [0, 1, 1])


def test_plot_confusion_matrix_titles_the_accuracy(tmp_path):
    fig = plots.plot_confusion_matrix(np.array([[3, 1], [0, 4]]), tmp_path / "cm.png")
    assert fig.axes[0].get_title() == "accuracy 87.5%"
    assert _png_size(tmp_path / "cm.png")[0] > 50
    with pytest.raises(ValueError, match=r"plot_confusion_matrix: expected a square matrix .* \(2, 3\)"):
        plots.plot_confusion_matrix(np.zeros((2, 3)))


def test_plot_curves_pairs_val_logs(tmp_path):
    history = {"loss": [1.0, 0.5, 0.2], "val_loss": [1.1, 0.7, 0.4], "accuracy": [0.5, 0.8, 0.9]}
    fig = plots.plot_curves(history, tmp_path / "curves.png")
    assert [sorted(line.get_label() for line in ax.get_lines()) for ax in fig.axes] == [
        ["loss", "val_loss"], ["accuracy"]]
    assert list(fig.axes[0].get_lines()[1].get_ydata()) == [1.1, 0.7, 0.4]
    assert (tmp_path / "curves.png").read_bytes()[:8] == PNG_MAGIC
    with pytest.raises(ValueError, match=r"plot_curves: no log named \['g_loss'\] in the history"):
        plots.plot_curves(history, panels=[["g_loss"]])


def test_decision_boundary_colours_each_side(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (200, 2))
    y = (X[:, 0] > 0).astype(int)
    path = tmp_path / "boundary.png"
    plots.plot_decision_boundary(lambda p: (p[:, 0] > 0).astype(np.float32), X, y, path, resolution=50)
    pixels = _pixels(path)
    axes_box = plots.plot_decision_boundary(lambda p: (p[:, 0] > 0).astype(np.float32), X, y,
                                            resolution=50).axes[0].get_position()
    height, width = pixels.shape[:2]
    row = int(height * (1 - (axes_box.y0 + 0.05 * axes_box.height)))
    left = pixels[row, int(width * (axes_box.x0 + 0.02 * axes_box.width)), :3]
    right = pixels[row, int(width * (axes_box.x1 - 0.02 * axes_box.width)), :3]
    assert left[2] > left[0] and right[0] > right[2]  # class 0 shaded blue on the left, class 1 red on the right


def test_decision_boundary_accepts_class_scores():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    fig = plots.plot_decision_boundary(lambda p: np.stack([p[:, 0], 1 - p[:, 0], 0 * p[:, 0] + 0.4], 1),
                                       X, np.array([0, 1, 2]), resolution=20)
    assert fig.axes[0].get_title() == "decision boundary"
    with pytest.raises(ValueError, match=r"plot_decision_boundary: expected points X of shape \(n, 2\)"):
        plots.plot_decision_boundary(lambda p: p, np.zeros((3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"plot_decision_boundary: predict returned \(5,\) for 400 points"):
        plots.plot_decision_boundary(lambda p: np.zeros(5), X, np.array([0, 1, 0]), resolution=20)


def test_quality_and_histogram_figures(tmp_path):
    rows = {"real": {"inception_score": 9.6, "fid": 0.4, "coverage": 10},
            "noise": {"inception_score": 1.3, "fid": 250.0, "coverage": 1},
            "dcgan": {"inception_score": 8.1, "fid": 12.0, "coverage": 10}}
    fig = plots.plot_quality(rows, tmp_path / "quality.png")
    heights = [[bar.get_height() for bar in ax.patches] for ax in fig.axes]
    assert heights == [[9.6, 1.3, 8.1], [0.4, 250.0, 12.0], [10, 1, 10]]
    fig = plots.plot_class_histogram(np.array([5, 0, 0, 1]), tmp_path / "hist.png")
    assert [bar.get_height() for bar in fig.axes[0].patches] == [5, 0, 0, 1]
    with pytest.raises(ValueError, match="plot_quality: rows is empty"):
        plots.plot_quality({})
