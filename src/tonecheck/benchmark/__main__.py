"""`python -m tonecheck.benchmark [--drafts N] [--runs R] [--output FILE.json]`

Writes N drafts (default 1000) into a scratch project, then runs every measurement once per round, R
rounds (default 5), so each pair of figures that forms a ratio was taken side by side. Prints the
median of each and the ratios against the targets; ``--output`` also writes every sample as JSON, for
comparing a later run with this one. A quick look: ``--drafts 50 --runs 2``.

``--serve [--requests N] [--clients C] [--workers 1,2]`` instead load-tests `tonecheck serve` on loopback
(see ``serveload``).

``--lsp [--edits N]`` instead times `tonecheck lsp` from an edit to its diagnostics, and its memory over
N edits (see ``lsp``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tonecheck.benchmark.drafts import DraftGenerator
from tonecheck.benchmark.timing import Sample, measure

FLOOR_SCRIPT = Path(__file__).with_name("floor.py")
# How much parallel work the machine gives right now: the same loop in one process, then in two at once.
# On an idle 2-core machine two loops take as long as one; when other work holds a core, twice as long.
BURN = "n = 0\nfor i in range(12_000_000):\n    n += i\n"
BURN_TWICE = "import os\npid = os.fork()\n" + BURN + "if pid:\n    os.waitpid(pid, 0)\n"


@dataclass
class Measurement:
    name: str
    label: str
    command: list[str]
    env: dict[str, str]
    before: Callable[[], None] | None = None  # run before each sample, untimed (e.g. empty the cache)


def main(argv: list[str] | None = None) -> int:
    if "--serve" in (sys.argv[1:] if argv is None else argv):  # the load test of `tonecheck serve`
        from tonecheck.benchmark.serveload import main as load_test

        return load_test(argv)
    if "--lsp" in (sys.argv[1:] if argv is None else argv):  # the language server's latency and memory
        from tonecheck.benchmark.lsp import main as lsp_benchmark

        return lsp_benchmark(argv)
    parser = argparse.ArgumentParser(
        prog="python -m tonecheck.benchmark", description="tonecheck's benchmark"
    )
    parser.add_argument("--drafts", type=int, default=1000, help="drafts in the batch runs (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="rounds; each figure is their median (default 5)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the draft generator")
    parser.add_argument("--output", type=Path, help="also write the figures and samples here, as JSON")
    parser.add_argument("--compare", type=Path, help="an earlier run's --output: print the changes since")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print its path")
    args = parser.parse_args(argv)
    # As the CLI does: one BLAS thread, set before numpy loads, so the backend check below matches its.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    scratch = Path(tempfile.mkdtemp(prefix="tonecheck-bench-"))
    try:
        figures = run(scratch, args.drafts, args.runs, args.seed)
    finally:
        if args.keep:
            print(f"scratch folder: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print_figures(figures)
    if args.compare:
        print_changes(json.loads(args.compare.read_text(encoding="utf-8")), figures)
    if args.output:
        args.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.output}")
    return 0


def run(scratch: Path, drafts: int, runs: int, seed: int) -> dict[str, Any]:
    project = scratch / "project"
    (project / "drafts").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'bench'\n", encoding="utf-8")
    generator = DraftGenerator(seed)
    paths = generator.write(project / "drafts", drafts)
    single = project / "draft.txt"
    single.write_text(generator.draft(drafts + 1), encoding="utf-8")
    setup = pipeline_setup()
    measurements = plan(project, paths, single, setup)
    # One untimed run of each, so every program's files are in the page cache and the rules cache exists.
    for item in measurements:
        if item.before:
            item.before()
        measure(item.command, project, item.env)
    samples: dict[str, list[Sample]] = {item.name: [] for item in measurements}
    for round_number in range(runs):
        for item in measurements:
            if item.before:
                item.before()
            samples[item.name].append(measure(item.command, project, item.env))
        print(f"round {round_number + 1} of {runs} done", file=sys.stderr)
    return summarise(measurements, samples, drafts, runs, setup)


def pipeline_setup() -> dict[str, Any]:
    """What tonecheck loads: the model, the components it leaves out, and the numeric backend it picks.

    Asked of a child process: the benchmark itself stays small, since a child's peak memory as the
    kernel reports it starts from the size of the process that started it.
    """
    command = [sys.executable, "-m", "tonecheck.benchmark.probe"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def plan(project: Path, paths: list[Path], single: Path, setup: dict[str, Any]) -> list[Measurement]:
    python = sys.executable
    script = Path(python).with_name("tonecheck")  # the command users run, installed beside this Python
    tonecheck = [str(script)] if script.exists() else [python, "-m", "tonecheck"]
    files = [str(path.relative_to(project)) for path in paths]
    env = dict(os.environ)
    env.pop("OPENBLAS_NUM_THREADS", None)  # tonecheck sets it itself, as a user's shell would not
    # Measure Python as users run it: with this set (some containers set it), an editable install
    # compiles tonecheck's sources on every run, which an installed package never does (pip compiles
    # them at install time). The untimed first round writes the bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    floor_env = {**env, "OPENBLAS_NUM_THREADS": "1"}
    floor = [python, str(FLOOR_SCRIPT), "--model", setup["model"], "--exclude", ",".join(setup["exclude"])]
    same_ops = ["--ops", setup["backend"]]

    def forget_findings() -> None:
        # Empty the result cache but keep the parsed rules: a new draft in a project linted before.
        cache = project / ".tonecheck_cache"
        for entry in cache.iterdir() if cache.is_dir() else []:
            if entry.is_dir():
                shutil.rmtree(entry)

    count = len(paths)
    fresh = forget_findings
    items = [
        Measurement(
            "cold", "tonecheck draft.txt (findings not cached)", [*tonecheck, "draft.txt"], env, fresh
        ),
        Measurement(
            "cold_floor", "floor: spaCy loads, parses draft.txt", [*floor, *same_ops, "draft.txt"], floor_env
        ),
        Measurement(
            "cold_floor_blis", "floor, spaCy's default ops", [*floor, "--ops", "blis", "draft.txt"], env
        ),
        Measurement("version", "tonecheck --version", [*tonecheck, "--version"], env),
        Measurement("help", "tonecheck --help", [*tonecheck, "--help"], env),
        Measurement(
            "batch", f"tonecheck --jobs 1, {count} drafts", [*tonecheck, "-j", "1", "drafts"], env, fresh
        ),
        Measurement(
            "batch_jobs2",
            f"tonecheck --jobs 2, {count} drafts",
            [*tonecheck, "-j", "2", "drafts"],
            env,
            fresh,
        ),
        Measurement(
            "batch_floor", f"floor: nlp.pipe over {count} drafts", [*floor, *same_ops, *files], floor_env
        ),
        Measurement("batch_floor_blis", "floor, spaCy's default ops", [*floor, "--ops", "blis", *files], env),
        Measurement(
            "batch_cached", f"tonecheck, {count} unchanged drafts (cached)", [*tonecheck, "drafts"], env
        ),
        Measurement("burn_one", "calibration: a CPU-bound loop, 1 process", [python, "-c", BURN], env),
        Measurement(
            "burn_two", "calibration: that loop, 2 processes at once", [python, "-c", BURN_TWICE], env
        ),
    ]
    if importlib.util.find_spec("proselint") is not None:
        proselint = [python, "-m", "proselint", "check", "drafts"]
        items.append(Measurement("proselint", f"proselint, {count} drafts", proselint, env))
    return items


# (name of the ratio, numerator figure, denominator figure, target, "max" or "min")
RATIOS = [
    ("parallel capacity of the machine (2.0 = two free cores)", "burn_one", "burn_two", None, "min"),
    ("cold start / floor", "cold", "cold_floor", 1.15, "max"),
    ("cold start / floor (spaCy's default ops)", "cold", "cold_floor_blis", None, "max"),
    ("throughput, 1 process / floor", "batch_floor", "batch", 0.9, "min"),
    ("throughput, 1 process / floor (spaCy's default ops)", "batch_floor_blis", "batch", None, "min"),
    ("throughput, --jobs 2 / 1 process", "batch", "batch_jobs2", 1.6, "min"),
    ("throughput, --jobs 2 / proselint", "proselint", "batch_jobs2", 1.0, "min"),
]
LIMITS = [  # (figure, seconds or MB, what)
    ("version", 0.3, "seconds"),
    ("help", 0.3, "seconds"),
    ("batch_cached", 1.0, "seconds"),
    ("batch", 300, "MB"),
    ("batch_jobs2", 300, "MB"),
]


def summarise(
    measurements: list[Measurement],
    samples: dict[str, list[Sample]],
    drafts: int,
    runs: int,
    setup: dict[str, Any],
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for item in measurements:
        taken = samples[item.name]
        figures[item.name] = {
            "label": item.label,
            "seconds": statistics.median(s.seconds for s in taken),
            "cpu_seconds": statistics.median(s.cpu_seconds for s in taken),
            "peak_mb": statistics.median(s.peak_mb for s in taken),
            "samples": [
                {
                    "seconds": round(s.seconds, 4),
                    "cpu_seconds": round(s.cpu_seconds, 4),
                    "peak_mb": round(s.peak_mb, 1),
                }
                for s in taken
            ],
        }
    ratios = []
    for name, top, bottom, target, kind in RATIOS:
        if top in figures and bottom in figures:
            value = figures[top]["seconds"] / figures[bottom]["seconds"]
            if top == "burn_one":
                value *= 2  # two loops' worth of work
            cpu = figures[top]["cpu_seconds"] / figures[bottom]["cpu_seconds"]
            met = None if target is None else (value <= target if kind == "max" else value >= target)
            ratios.append(
                {"name": name, "value": value, "cpu_value": cpu, "target": target, "kind": kind, "met": met}
            )
    limits = []
    for name, bound, unit in LIMITS:
        value = figures[name]["seconds" if unit == "seconds" else "peak_mb"]
        limits.append({"name": name, "unit": unit, "value": value, "target": bound, "met": value <= bound})
    return {
        "drafts": drafts,
        "runs": runs,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "pipeline": setup,
        "figures": figures,
        "ratios": ratios,
        "limits": limits,
    }


def print_figures(result: dict[str, Any]) -> None:
    setup = result["pipeline"]
    print(
        f"\n{result['drafts']} drafts, median of {result['runs']} runs; pipeline {setup['model']} "
        f"{setup['model_version']} ({', '.join(setup['components'])}), backend {setup['backend']}\n"
    )
    print(f"  {'':<58} {'wall':>8}    {'CPU':>7}    {'peak':>7}")
    for figure in result["figures"].values():
        print(
            f"  {figure['label']:<58} {figure['seconds']:8.3f} s  {figure['cpu_seconds']:7.3f} s"
            f"  {figure['peak_mb']:7.1f} MB"
        )
    print("\n  ratios of wall times (of CPU times in brackets, for a machine that others share)")
    for ratio in result["ratios"]:
        sign = "<=" if ratio["kind"] == "max" else ">="
        goal = "" if ratio["target"] is None else f"  target {sign} {ratio['target']}"
        verdict = "" if ratio["met"] is None else ("  met" if ratio["met"] else "  NOT met")
        print(f"  {ratio['name']:<58} {ratio['value']:8.2f}x ({ratio['cpu_value']:.2f}x){goal}{verdict}")
    for limit in result["limits"]:
        label = result["figures"][limit["name"]]["label"]
        unit = "s" if limit["unit"] == "seconds" else "MB"
        verdict = "met" if limit["met"] else "NOT met"
        print(f"  {label:<58} {limit['value']:8.2f} {unit}  target <= {limit['target']} {unit}  {verdict}")


def print_changes(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Each figure and ratio of an earlier run beside this one's."""
    print(f"\n  since the earlier run ({before['drafts']} drafts, {before['runs']} runs):")
    for name, figure in after["figures"].items():
        old = before["figures"].get(name)
        if old:
            change = figure["seconds"] / old["seconds"] - 1
            times = f"{old['seconds']:8.3f} s -> {figure['seconds']:8.3f} s"
            print(f"  {figure['label']:<58} {times} ({change:+.0%})")
    old_ratios = {ratio["name"]: ratio["value"] for ratio in before["ratios"]}
    for ratio in after["ratios"]:
        if ratio["name"] in old_ratios:
            print(f"  {ratio['name']:<58} {old_ratios[ratio['name']]:8.2f}x -> {ratio['value']:8.2f}x")


if __name__ == "__main__":
    sys.exit(main())
