"""The README's examples run as written, and it opens with exactly the two commands."""
import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_leads_with_the_two_commands():
    first_block = re.search(r"```\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


@pytest.mark.slow  # the README's examples train small networks: seconds
@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_readme_example_runs(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(python_blocks()[index], f"README.md block {index}", "exec"), {})
    if "a.grad" in python_blocks()[index]:
        assert printed.getvalue().split() == ["-0.002682", "0.002682"]


def test_readme_pictures_exist():
    for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README.read_text(encoding="utf-8")):
        assert (README.parent / target).is_file(), f"README shows {target}, which is missing"
