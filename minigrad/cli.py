"""The ``minigrad`` command line. Each subcommand is a function that adds its parser and one that runs it.

    minigrad graph "a = Value(2.0); b = Value(-3.0); out = (a*b + a).tanh()" -o graph.svg
    minigrad graph "..." --steps -o backprop.html     # the backward pass, one step per frame
    minigrad tour --out runs/tour [--quick]            # the main job: every demo, one index.html
    minigrad demo gan --kind dcgan --epochs 5         # train one GAN and write its pictures
    minigrad demo lm --out runs/lm [--quick]           # language models of names: results.json, samples.txt
    minigrad exercises init my_exercises               # copy the exercise stubs, one file per chapter
    minigrad grade [CHAPTER] --path my_exercises [--json]   # grade them
"""
import importlib
import argparse
import sys
from pathlib import Path

RANKDIRS = ("LR", "TB", "RL", "BT")
RENDERED = (".svg", ".png", ".pdf", ".jpg", ".jpeg")
SOURCE = (".dot", ".gv")


def main(argv=None):
    """Run ``minigrad <command> ...``; returns the exit status (0 on success)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "delegated", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    return args.run(args)


def build_parser():
    parser = argparse.ArgumentParser(prog="minigrad", description="minigrad: a teaching autograd engine.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    add_graph_command(commands)
    add_delegating_command(commands, "tour", "minigrad.tour",
                           "the tour: train the demos on embedded data and write an index.html (see --help)")
    add_delegating_command(commands, "demo", {"gan": "minigrad.gan.demo", "lm": "minigrad.lm.demo"},
                           "minigrad demo gan --kind vanilla|dcgan|cgan --epochs N: train one GAN; minigrad demo lm "
                           "--out DIR: language models of names (see --help)")
    add_exercise_commands(commands)
    return parser


def add_delegating_command(commands, name, module, help):
    """A command whose options belong to another module's ``main(argv)``, which parses them itself. ``module`` is
    that module's name, or {subcommand: module name} for a command whose first argument picks the module."""
    parser = commands.add_parser(name, help=help, add_help=False)
    if isinstance(module, dict):
        parser.add_argument("which", choices=list(module))
    pick = (lambda args: module[args.which]) if isinstance(module, dict) else (lambda args: module)
    parser.set_defaults(delegated=True, run=lambda args: importlib.import_module(pick(args)).main(args.extra) or 0)


# ---- minigrad graph ---------------------------------------------------------------------------------------

def add_graph_command(commands):
    parser = commands.add_parser(
        "graph", help="draw the computation graph of a Python snippet",
        description="Run CODE (Value, tensor, np and minigrad are in scope) and draw the graph of its last "
                    "expression, or else of the Value last assigned to a name, after running backward() when "
                    "that Value is one element that requires grad and has no grad yet.")
    parser.add_argument("code", help="Python statements, separated by ';' or newlines")
    parser.add_argument("-o", "--output", type=Path,
                        help="file to write: .svg, .png, .pdf, .jpg (rendered by Graphviz's dot) or .dot/.gv (the "
                             "DOT source, no dot needed); with --steps an .html page. Default: graph.svg, or "
                             "backprop.html with --steps")
    parser.add_argument("--steps", action="store_true",
                        help="write the backward pass step by step as an HTML page (Prev/Next, slider, arrow keys)")
    parser.add_argument("--value", help="the variable to draw (default: the last expression, or the Value last "
                                         "assigned to a name)")
    parser.add_argument("--rankdir", choices=RANKDIRS, default="LR", help="layout direction (default LR)")
    parser.add_argument("--max-nodes", type=int, default=300,
                        help="fold subgraphs into summary nodes past this many Values (default 300)")
    parser.add_argument("--color-by", choices=("grad",), help="shade Values by the size of their gradient")
    parser.set_defaults(run=run_graph)


def run_graph(args):
    from .viz.graph import draw_graph, value_from_code
    from .viz.stepper import save_backprop

    output = args.output or Path("backprop.html" if args.steps else "graph.svg")
    suffix = output.suffix.lower()
    wanted = (".html",) if args.steps else RENDERED + SOURCE
    if suffix not in wanted:
        return _fail(f"cannot write {str(output)!r}: the output must end in {', '.join(wanted)}"
                     + ("" if args.steps else " (or use --steps for an .html page)") + ".")
    options = {"rankdir": args.rankdir, "max_nodes": args.max_nodes, "color_by": args.color_by}
    try:
        root = value_from_code(args.code, args.value, "minigrad graph", backward=not args.steps)
        if args.steps:
            save_backprop(root, output, **options)
        elif suffix in SOURCE:
            output.write_text(draw_graph(root, **options).source, encoding="utf-8")
        else:
            output.write_bytes(draw_graph(root, **options).pipe(format=suffix.lstrip(".")))
    except Exception as error:  # the user's code may raise anything: report it in one line
        return _fail(f"{type(error).__name__}: {str(error).removeprefix('minigrad graph: ')}")
    print(f"wrote {output}")
    return 0


# ---- minigrad exercises init, minigrad grade -----------------------------------------------------------------

def add_exercise_commands(commands):
    exercises = commands.add_parser("exercises", help="minigrad exercises init DIR: copy the exercise stubs to DIR",
                                    description="Copy the unsolved exercises, one file per guide chapter, into DIR.")
    actions = exercises.add_subparsers(metavar="ACTION", required=True)
    init = actions.add_parser("init", help="copy fresh stubs into DIR (never overwrites a file)")
    init.add_argument("dir", type=Path, metavar="DIR")
    init.set_defaults(run=run_exercises_init)
    grade = commands.add_parser(
        "grade", help="grade your exercises: pass/fail per exercise and a score",
        description="Check each exercise against central differences (minigrad.numerical_grad) or an exact "
                    "reference. Exit status 0 when every exercise graded passes, 1 otherwise.")
    grade.add_argument("chapter", nargs="?", type=int, choices=range(1, 11), metavar="CHAPTER",
                       help="grade one chapter, 1 to 10 (default: all)")
    grade.add_argument("--path", type=Path, help="the folder with your copy (default: the unsolved stubs)")
    grade.add_argument("--json", action="store_true", help="print the results as JSON, for course tooling")
    grade.set_defaults(run=lambda args: importlib.import_module("minigrad.exercises.grader").main(
        args.chapter, args.path, args.json))


def run_exercises_init(args):
    from .exercises import init

    try:
        written = init(args.dir)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {len(written)} exercise files to {args.dir}; solve them, then run: "
          f"minigrad grade --path {args.dir}")
    return 0


def writable_folder(path):
    """Create the output folder ``path`` (and its parents) and write a test file in it, so that a long job stops
    at once, not after training, when it could not save its results. Returns it as a Path; raises the OSError that
    writing would have raised, with a message that names the folder."""
    import errno
    import os
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"the output folder {str(folder)!r} is a file, not a folder: "
                                                "choose another --out")
    probe = folder / f".write-test-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise type(error)(error.errno, f"the output folder {str(folder)!r} is not writable ({error.strerror}): "
                                       "choose another --out, or make it writable") from None
    return folder


def _fail(message):
    print(f"minigrad graph: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
