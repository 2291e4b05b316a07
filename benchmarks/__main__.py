"""Run every benchmark in one process: ``python -m benchmarks [name ...]`` (``make bench``)."""
import importlib
import sys
import traceback

ORDER = ["micrograd_step", "mlp_step", "dcgan_step", "convnet_step", "kernels", "startup", "memory", "graph",
         "gan_quality"]


def main(names):
    failed = []
    for name in names or ORDER:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"benchmarks.{name}":
                continue  # not written yet
            raise
        print(f"\n## {name}\n{(module.__doc__ or '').strip()}")
        try:
            module.main()
        except Exception:
            traceback.print_exc()
            failed.append(name)
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
