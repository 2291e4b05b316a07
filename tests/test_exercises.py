"""The exercises and their grader: the reference solutions (tests/exercise_solutions) get full marks, the shipped
stubs score 0 without crashing, each plausible wrong answer (tests/exercise_solutions/wrong) fails with a message
that says what is wrong, and the `minigrad exercises init` / `minigrad grade` commands work end to end."""
import inspect
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minigrad.exercises import CHAPTERS, STUBS, init, stub_files
from minigrad.exercises.checks import CHECKS
from minigrad.exercises.grader import grade, main

SOLUTIONS = Path(__file__).resolve().parent / "exercise_solutions"
WRONG = SOLUTIONS / "wrong"
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide"


def solved_copy(directory, wrong=None):
    """The reference solutions copied into ``directory``; ``wrong`` (a file in WRONG) is appended to its chapter's
    file, so that its function replaces the right one."""
    for solution in SOLUTIONS.glob("ch*.py"):
        shutil.copy(solution, directory)
    if wrong:
        text = (WRONG / wrong).read_text(encoding="utf-8")
        function = text.split("\ndef ", 1)[1].split("(", 1)[0]
        chapter = next(e.chapter for e in CHECKS.values() if e.function == function)
        target = directory / f"{CHAPTERS[chapter][0]}.py"
        target.write_text(target.read_text(encoding="utf-8") + "\n\n" + text, encoding="utf-8")
        return chapter
    return None


def by_number(results):
    return {r.number: r for r in results}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "minigrad.cli", *args], capture_output=True, text=True)


# ---- the exercises -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_every_chapter_has_at_least_two_exercises_each_a_stub_with_task_formula_and_hint(chapter):
    module = __import__(f"minigrad.exercises.{CHAPTERS[chapter][0]}", fromlist=["_"])
    functions = {name: f for name, f in inspect.getmembers(module, inspect.isfunction)
                 if f.__module__ == module.__name__}
    checked = [e for e in CHECKS.values() if e.chapter == chapter]
    assert len(checked) >= 2
    assert sorted(functions) == sorted(e.function for e in checked)
    for e in checked:
        doc = functions[e.function].__doc__
        assert doc.startswith(f"Exercise {e.number}:") and "Task:" in doc and "Formula" in doc and "Hint:" in doc
        with pytest.raises(NotImplementedError, match=rf"^exercise {e.number}: "):
            functions[e.function](*[None] * len(inspect.signature(functions[e.function]).parameters))


def test_the_stubs_are_the_chapter_files_in_order():
    assert [f.name for f in stub_files()] == [f"{module}.py" for module, _ in CHAPTERS.values()]
    assert all(f.is_file() for f in stub_files())
    assert sorted(f.name for f in SOLUTIONS.glob("ch*.py")) == sorted(f.name for f in stub_files())


def test_the_readme_shows_the_three_commands_and_the_count():
    text = (GUIDE.parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Exercises\n", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("#")[0].strip() for line in section.split("```\n")[1].strip().splitlines()]
    assert commands == ["minigrad exercises init my_exercises", "minigrad grade --path my_exercises",
                        "minigrad grade 4 --path my_exercises"]
    assert f"({len(CHECKS)} in all)" in section


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_each_guide_chapter_links_its_exercises(chapter):
    module = CHAPTERS[chapter][0]
    text = next(GUIDE.glob(f"{chapter:02d}_*.rst")).read_text(encoding="utf-8")
    section = text.split("\nExercises\n---------\n", 1)[1]
    assert f"minigrad/exercises/{module}.py" in section and f"minigrad grade {chapter} --path" in section
    for e in (e for e in CHECKS.values() if e.chapter == chapter):
        assert e.number in section and f"``{e.function}``" in section


# ---- grading -------------------------------------------------------------------------------------------------

def test_the_reference_solutions_get_full_marks(backend):
    results = grade(SOLUTIONS)
    assert len(results) == len(CHECKS) >= 20
    assert [(r.number, r.status, r.message) for r in results if r.status != "pass"] == []


def test_fresh_stubs_score_zero_without_crashing(capsys):
    results = grade()
    assert {r.status for r in results} == {"not implemented"}
    assert all(r.message.startswith(f"exercise {r.number}: ") for r in results)
    assert main() == 1
    out = capsys.readouterr().out
    assert f"Score: 0/{len(CHECKS)} exercises (0%)" in out and "unsolved stubs" in out
    assert out.count("TODO") == len(CHECKS) and "PASS" not in out


# each wrong answer, the exercise it must fail, how, and a phrase the explanation must contain
WRONG_ANSWERS = [
    ("mse_missing_factor_2.py", "5.1", "fail", "0.5 times the right answer"),
    ("linear_transposed_weight_grad.py", "4.3", "fail", "grad_W has shape (2, 3), expected (3, 2). That is the "
                                                        "transposed shape"),
    ("linear_bias_not_unbroadcast.py", "4.3", "fail", "grad_b has shape (5, 2), expected (2,). It looks like "
                                                      "grad_out before broadcasting was undone"),
    ("add_forgets_broadcasting.py", "4.2", "fail", "grad_b has shape (4, 3), expected (3,). It looks like grad_out "
                                                   "before broadcasting was undone"),
    ("tape_overwrites_gradient.py", "2.3", "fail", "where a is used twice"),
    ("col2im_overwrites.py", "10.2", "fail", "stride 1: the windows overlap"),
    ("tanh_backward_uses_output.py", "3.1", "fail", "central differences of tanh(x)"),
    ("softmax_xent_sums_over_batch.py", "5.3", "fail", "5 times the right answer"),
    pytest.param("softmax_xent_overflows.py", "5.3", "fail", "inf or nan where the right answer is finite",
                 marks=pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning",
                                                  "ignore:invalid value:RuntimeWarning",
                                                  "ignore:divide by zero:RuntimeWarning")),
    ("adam_without_bias_correction.py", "6.2", "fail", "step t = 1"),
    ("sgd_momentum_in_place.py", "6.1", "fail", "changed its argument 'param' in place"),
    ("fit_line_never_zeroes_grad.py", "8.2", "fail", "epochs=30"),
    ("generator_saturating_gradient.py", "9.1", "fail", "grad is wrong at 6 of 6 entries"),
    ("perceptron_update_wrong_sign.py", "1.2", "fail", "a class-1 sample predicted 0"),
    ("sum_backward_ignores_axis.py", "4.1", "error", "ValueError"),
    ("early_stopping_off_by_one.py", "7.3", "fail", "patience=1"),
    ("hvp_forms_gradient.py", "10.3", "fail", "H v is wrong at 4 of 4 entries"),
]


def _wrong_file(case):
    return (case.values if hasattr(case, "values") else case)[0]


def test_every_wrong_answer_file_is_tested():
    assert sorted(f.name for f in WRONG.glob("*.py")) == sorted(_wrong_file(w) for w in WRONG_ANSWERS)


@pytest.mark.parametrize("wrong, number, status, phrase", WRONG_ANSWERS,
                         ids=[_wrong_file(w)[:-3] for w in WRONG_ANSWERS])
def test_the_grader_catches_a_plausible_wrong_answer(wrong, number, status, phrase, tmp_path):
    chapter = solved_copy(tmp_path, wrong)
    results = by_number(grade(tmp_path, chapter))
    caught = results.pop(number)
    assert caught.status == status and caught.points == 0
    assert phrase in caught.message, caught.message
    if "is wrong" in caught.message:  # a wrong value (not a wrong shape) comes with the worst-entries table
        assert "worst" in caught.message and "yours" in caught.message and "expected" in caught.message
    assert {r.status for r in results.values()} == {"pass"}, "the chapter's other exercises still pass"


def test_the_table_lists_the_worst_entries_first(tmp_path):
    solved_copy(tmp_path, "col2im_overwrites.py")
    message = by_number(grade(tmp_path, 10))["10.2"].message
    rows = message.split("rel err\n", 1)[1].splitlines()
    errors = [float(row.split()[-2]) for row in rows]
    assert len(rows) == 8 and errors == sorted(errors, reverse=True)
    assert "x_grad is wrong at 126 of 150 entries" in message


def test_a_student_error_a_missing_file_and_a_broken_file_each_cost_only_their_own_points(tmp_path):
    solved_copy(tmp_path)
    (tmp_path / "ch09_gans.py").unlink()
    (tmp_path / "ch06_optimizers.py").write_text("def adam_step(:\n", encoding="utf-8")
    ch03 = tmp_path / "ch03_activations.py"
    ch03.write_text(ch03.read_text(encoding="utf-8") + "\n\ndef relu_backward(x, grad_out):\n"
                    "    return x.no_such_attribute\n", encoding="utf-8")
    results = by_number(grade(tmp_path))
    assert results["3.3"].status == "error"
    assert "AttributeError" in results["3.3"].message and "ch03_activations.py, line" in results["3.3"].message
    assert results["9.1"].status == results["9.2"].status == "error" and "is missing" in results["9.1"].message
    assert results["6.1"].status == "error" and "SyntaxError" in results["6.1"].message
    broken = {"3.3", "6.1", "6.2", "9.1", "9.2"}
    assert {n for n, r in results.items() if r.status != "pass"} == broken


def test_a_deleted_function_is_an_error_not_a_crash(tmp_path):
    solved_copy(tmp_path)
    (tmp_path / "ch07_overfitting.py").write_text("import math\n", encoding="utf-8")
    results = by_number(grade(tmp_path, 7))
    assert results["7.1"].status == "error" and "defines no function dropout_forward" in results["7.1"].message


# ---- the commands, end to end --------------------------------------------------------------------------------

def test_init_then_grade_json_scores_zero_then_full_marks(tmp_path):
    folder = tmp_path / "my_exercises"
    made = cli("exercises", "init", str(folder))
    assert made.returncode == 0 and f"minigrad grade --path {folder}" in made.stdout
    for stub in stub_files():
        assert (folder / stub.name).read_text(encoding="utf-8") == stub.read_text(encoding="utf-8")

    fresh = cli("grade", "--path", str(folder), "--json")
    assert fresh.returncode == 1
    report = json.loads(fresh.stdout)
    assert (report["score"], report["total"], report["path"]) == (0, len(CHECKS), str(folder))
    assert {e["status"] for e in report["exercises"]} == {"not implemented"}

    solved_copy(folder)
    solved = cli("grade", "--path", str(folder), "--json")
    assert solved.returncode == 0
    report = json.loads(solved.stdout)
    assert report["score"] == report["total"] == len(CHECKS)
    assert [e["number"] for e in report["exercises"]] == list(CHECKS)
    assert all(e["points"] == 1 and e["message"] == "" for e in report["exercises"])


def test_grade_one_chapter_as_text_shows_the_failure_and_the_score(tmp_path):
    solved_copy(tmp_path, "add_forgets_broadcasting.py")
    graded = cli("grade", "4", "--path", str(tmp_path))
    assert graded.returncode == 1
    lines = graded.stdout.splitlines()
    assert "  PASS  4.1   sum_backward" in lines and "  FAIL  4.2   add_backward" in lines
    assert "Chapter 4. Layers in matrix form, and batching (ch04_layers.py)" in lines
    assert lines[-1] == "Score: 2/3 exercises (67%)" and "Chapter 5" not in graded.stdout


def test_json_stays_clean_when_the_student_prints(tmp_path):
    solved_copy(tmp_path)
    ch02 = tmp_path / "ch02_values.py"
    ch02.write_text("print('debugging at import')\n" + ch02.read_text(encoding="utf-8"), encoding="utf-8")
    graded = cli("grade", "2", "--path", str(tmp_path), "--json")
    assert graded.returncode == 0 and json.loads(graded.stdout)["score"] == 3
    assert "debugging at import" in graded.stderr


def test_init_never_overwrites_work(tmp_path):
    (tmp_path / "ch05_losses.py").write_text("# my solutions\n", encoding="utf-8")
    again = cli("exercises", "init", str(tmp_path))
    assert again.returncode == 1 and "already holds ch05_losses.py" in again.stderr
    assert (tmp_path / "ch05_losses.py").read_text(encoding="utf-8") == "# my solutions\n"
    assert not (tmp_path / "ch01_neuron.py").exists()
    with pytest.raises(FileExistsError):
        init(tmp_path)


def test_grade_rejects_an_unknown_chapter_and_a_missing_folder(tmp_path):
    unknown = cli("grade", "11")
    assert unknown.returncode == 2 and "invalid choice: 11" in unknown.stderr
    missing = cli("grade", "--path", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "is not a folder" in missing.stderr and "exercises init" in missing.stderr


def test_the_stubs_ship_inside_the_installed_package():
    import configparser

    import minigrad
    from setuptools import find_packages

    setup = configparser.ConfigParser()
    setup.read(Path(__file__).resolve().parents[1] / "setup.cfg")
    include = setup["options.packages.find"]["include"].split()
    assert "minigrad.exercises" in find_packages(str(Path(minigrad.__file__).resolve().parents[1]), include=include)
    assert STUBS == Path(minigrad.__file__).resolve().parent / "exercises"
