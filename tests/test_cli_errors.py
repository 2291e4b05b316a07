"""Long jobs (`minigrad tour`, `minigrad demo gan`) check that --out can be written before they train, and stop
at once with a message that names the folder."""
import pytest

from minigrad import tour
from minigrad.cli import main
from minigrad.gan import demo


class TrainingStarted(Exception):
    pass


@pytest.fixture
def no_training(monkeypatch):
    """Make the first step of either job raise, so a test sees whether the job got that far."""
    def started(*args, **kwargs):
        raise TrainingStarted
    monkeypatch.setattr(tour, "neuron", started)
    monkeypatch.setattr(demo, "build", started)
    monkeypatch.setattr(demo.datasets, "mnist_sample", started)


JOBS = [["tour", "--quick"], ["demo", "gan", "--epochs", "1"]]


def refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("job", JOBS, ids=["tour", "demo-gan"])
def test_an_out_folder_that_cannot_be_written_stops_the_job_before_training(job, read_only_folder, no_training,
                                                                             capsys):
    error = refused([*job, "--out", str(read_only_folder)], capsys)
    assert f"the output folder {str(read_only_folder)!r} is not writable (" in error
    assert "choose another --out, or make it writable" in error
    inside = read_only_folder / "run"
    error = refused([*job, "--out", str(inside)], capsys)
    assert f"the output folder {str(inside)!r} is not writable (" in error


@pytest.mark.parametrize("job", JOBS, ids=["tour", "demo-gan"])
def test_an_out_that_is_a_file_stops_the_job_before_training(job, tmp_path, no_training, capsys):
    taken = tmp_path / "results.txt"
    taken.write_text("keep me")
    error = refused([*job, "--out", str(taken)], capsys)
    assert f"the output folder {str(taken)!r} is a file, not a folder: choose another --out" in error
    assert taken.read_text() == "keep me"


@pytest.mark.parametrize("job", JOBS, ids=["tour", "demo-gan"])
def test_a_writable_out_is_created_and_left_clean_before_training(job, tmp_path, no_training):
    out = tmp_path / "new" / "run"
    with pytest.raises(TrainingStarted):
        main([*job, "--out", str(out)])
    assert out.is_dir() and list(out.iterdir()) == []


def test_the_python_api_checks_the_folder_too(tmp_path, no_training):
    taken = tmp_path / "file"
    taken.write_text("")
    with pytest.raises(NotADirectoryError, match="the output folder .* is a file, not a folder"):
        tour.run(taken, quick=True)
    with pytest.raises(NotADirectoryError, match="the output folder .* is a file, not a folder"):
        demo.run("vanilla", 1, taken)
