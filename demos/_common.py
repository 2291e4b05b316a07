"""What the numbered demos share: the quick mode and the folder their pictures go to.

    python demos/05_moons.py                  # the full run; pictures in ./runs/demos/05_moons/
    python demos/05_moons.py --quick          # a short run (MINIGRAD_QUICK=1 does the same, also in Jupyter)
    python demos/05_moons.py --out pictures   # pictures in ./pictures/05_moons/
"""
import argparse
import os
from pathlib import Path


def setup(name):
    """Read ``--quick`` and ``--out`` (or MINIGRAD_QUICK=1); return (quick, the demo's picture folder)."""
    parser = argparse.ArgumentParser(prog=f"{name}.py", description=f"minigrad demo {name}")
    parser.add_argument("--quick", action="store_true", help="a short run (also: MINIGRAD_QUICK=1)")
    parser.add_argument("--out", type=Path, default=Path("runs") / "demos",
                        help="folder for the pictures (default: runs/demos)")
    args, _ = parser.parse_known_args()  # a notebook kernel passes arguments of its own: ignore them
    quick = args.quick or os.environ.get("MINIGRAD_QUICK") == "1"
    out = args.out / name
    out.mkdir(parents=True, exist_ok=True)
    print(f"{name}: {'quick' if quick else 'full'} run, pictures in {out}")
    return quick, out
