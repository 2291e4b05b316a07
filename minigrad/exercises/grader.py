"""Grade a student's copy of the exercises: ``minigrad grade [CHAPTER] [--path DIR] [--json]``.

Each chapter file in DIR is loaded as a module (it need not be a package) and every exercise's check runs on its
function. An exercise passes, fails (the check's message says how), is not implemented yet (the stub still
raises NotImplementedError), or errors (the code raised, or the file or function is missing); only a pass
scores its point, and nothing a student writes stops the other exercises from being graded.
"""
import contextlib
import importlib.util
import json
import sys
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from . import CHAPTERS, STUBS
from .checks import CHECKS
from .compare import Mismatch

LABELS = {"pass": "PASS", "fail": "FAIL", "not implemented": "TODO", "error": "ERROR"}


@dataclass
class Result:
    number: str
    chapter: int
    file: str
    function: str
    status: str  # "pass", "fail", "not implemented" or "error"
    message: str = ""

    @property
    def points(self):
        return int(self.status == "pass")


def grade(path=None, chapter=None):
    """Grade the exercises of ``chapter`` (default: all) in the folder ``path`` (default: the unsolved stubs)."""
    path = Path(path) if path is not None else STUBS
    if chapter is not None and chapter not in CHAPTERS:
        raise ValueError(f"minigrad grade: there is no chapter {chapter}; the chapters are 1 to {len(CHAPTERS)}.")
    results = []
    for number in sorted({e.chapter for e in CHECKS.values()} if chapter is None else {chapter}):
        file = path / f"{CHAPTERS[number][0]}.py"
        module, problem = _load(file)
        for exercise in (e for e in CHECKS.values() if e.chapter == number):
            result = Result(exercise.number, number, file.name, exercise.function, "error", problem)
            if module is not None:
                result.status, result.message = _run(exercise, module, file)
            results.append(result)
    return results


def _load(file):
    """(the module, "") or (None, why it could not be loaded)."""
    if not file.is_file():
        return None, f"{file} is missing; `minigrad exercises init DIR` writes a fresh copy of every chapter."
    spec = importlib.util.spec_from_file_location(f"minigrad_exercise_{file.stem}", file)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a student's file may raise anything while it loads
        return None, f"{file.name} could not be loaded: {_describe(error, file)}"
    return module, ""


def _run(exercise, module, file):
    """(status, message) of one exercise."""
    function = getattr(module, exercise.function, None)
    if not callable(function):
        return "error", f"{file.name} defines no function {exercise.function}."
    try:
        exercise.check(function)
    except NotImplementedError as error:
        return "not implemented", str(error)
    except Mismatch as error:
        return "fail", str(error)
    except Exception as error:  # the student's code raised: say what and where, and go on
        return "error", _describe(error, file)
    return "pass", ""


def _describe(error, file):
    """The exception in one line, with the line of the student's file it came from."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == file]
    where = f" (at {file.name}, line {frames[-1].lineno}, in {frames[-1].name})" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def report(results, path):
    """The text report: one line per exercise, the failure's explanation under it, and the score."""
    lines = [f"Grading {path}"]
    if Path(path).resolve() == STUBS:
        lines.append("(these are minigrad's unsolved stubs: run `minigrad exercises init DIR`, solve the copies in "
                     "DIR, then `minigrad grade --path DIR`)")
    for number in sorted({r.chapter for r in results}):
        module, title = CHAPTERS[number]
        lines.append(f"\nChapter {number}. {title} ({module}.py)")
        for r in (r for r in results if r.chapter == number):
            lines.append(f"  {LABELS[r.status]:<5} {r.number:<5} {r.function}")
            if r.status != "not implemented":
                lines.extend(f"        {line}" for line in r.message.splitlines())
    score = sum(r.points for r in results)
    lines.append(f"\nScore: {score}/{len(results)} exercises ({100 * score / max(len(results), 1):.0f}%)")
    return "\n".join(lines)


def as_json(results, path):
    """The report as a JSON-ready dict, for course tooling."""
    return {"path": str(path), "score": sum(r.points for r in results), "total": len(results),
            "exercises": [{**asdict(r), "points": r.points} for r in results]}


def main(chapter=None, path=None, json_output=False, out=None):
    """Grade and print the report (text or JSON); returns 0 when every exercise graded passes, else 1."""
    out = out or sys.stdout
    path = Path(path) if path is not None else STUBS
    if not path.is_dir():
        print(f"minigrad grade: {path} is not a folder; make one with `minigrad exercises init {path}`.",
              file=sys.stderr)
        return 2
    with contextlib.redirect_stdout(sys.stderr if json_output else out):  # the student's prints keep JSON clean
        results = grade(path, chapter)
    print(json.dumps(as_json(results, path), indent=2) if json_output else report(results, path), file=out)
    return 0 if all(r.status == "pass" for r in results) else 1
