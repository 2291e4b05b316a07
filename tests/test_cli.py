"""The `minigrad` command: `tour` and `demo gan` hand their options to the modules that own them."""
import subprocess
import sys

import pytest

from minigrad.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "minigrad.cli", *args], capture_output=True, text=True)


@pytest.mark.parametrize("argv, usage", [(["tour", "--help"], "--quick"),
                                         (["demo", "gan", "--help"], "--kind {vanilla,dcgan,cgan}")])
def test_delegating_commands_show_their_modules_options(argv, usage, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    assert usage in capsys.readouterr().out


def test_demo_needs_a_known_demo_name(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "mlp"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'mlp' (choose from 'gan', 'lm')" in capsys.readouterr().err


def test_top_level_help_lists_every_command():
    out = run("--help")
    assert out.returncode == 0
    for command in ("graph", "tour", "demo"):
        assert command in out.stdout
