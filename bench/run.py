"""Run every benchmark in bench/ (each a script with its own database) one after the other.

    .venv/bin/python bench/run.py [name ...] [-- options passed to every script]

``make bench`` calls this. Each benchmark writes its own section of bench/RESULTS.md. The exit
status is non-zero when any benchmark failed.
"""

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names, extra = argv, []
    if "--" in argv:
        split = argv.index("--")
        names, extra = argv[:split], argv[split + 1 :]
    scripts = sorted(p for p in BENCH.glob("*.py") if p.name not in {"run.py", "__init__.py"})
    if names:
        scripts = [p for p in scripts if p.stem in names]
        unknown = set(names) - {p.stem for p in scripts}
        if unknown:
            print(f"Unknown benchmark(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
    failed = []
    for script in scripts:
        print(f"==== bench/{script.name} ====", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script), *extra], cwd=BENCH.parent)
        print(
            f"==== bench/{script.name}: exit {result.returncode} in {time.monotonic() - started:.0f} s ===="
        )
        if result.returncode:
            failed.append(script.name)
    if failed:
        print(f"Failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"All {len(scripts)} benchmark(s) done; results in bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
