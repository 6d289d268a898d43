"""The benchmark behind ``make bench``: synthetic data -> stage timings, build times, memory.

For each size (announcements; default 1,000 and 10,000) it generates a dataset
(``benchmarks.synth``) and prints, as medians of several runs, each in a fresh process:

- each generator stage (read, parse, validate, plan, render): seconds and data files/s;
- the whole generator (``build_site``, imports excluded): seconds, files/s, peak memory;
- ``coursegen build`` (MkDocs + Material + the coursegen plugin): seconds, CPU, peak memory;
- a plain MkDocs + Material build of the same Markdown (``coursegen render`` once, then a config
  without the coursegen plugin), and the ratio of the two;

and the growth of the full build from one size to the next (10x the data should cost <= ~11x).
Wall times on a shared machine are noisy, so CPU seconds (user + system) are shown as well.
Results are saved as JSON under ``benchmarks/results/``. Nothing here is a pass/fail test.

    python -m benchmarks.bench --sizes 1000 --runs 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.synth import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TODAY = dt.date(2025, 9, 1)
EPOCH = str(int(dt.datetime(2025, 9, 1, tzinfo=dt.UTC).timestamp()))
STAGES = ("read", "parse", "validate", "plan", "render")
#: as in mkdocs.yml: with a site URL the generator also writes the Atom feeds
SITE_URL = "https://example.github.io/coursegen/"


# --- in the child process -------------------------------------------------------------------

def measure_stages(data_path: Path, content_path: Path) -> dict[str, float]:
    """Run the generator stage by stage (each stage's own functions) and time each one.

    read: files -> text; parse: text -> YAML values with marks; validate: pydantic models and
    cross-file checks; plan: catalog and page plan; render: pages, calendars and feeds.
    """
    from generator import load
    from generator.calendar import render_calendars
    from generator.catalog import build_catalog
    from generator.checks import check_data
    from generator.datafiles import iter_data_files
    from generator.errors import ErrorCollector
    from generator.feeds import render_feeds
    from generator.models import FOLDERS
    from generator.pages import Options, Urls, plan_pages
    from generator.render import render_page
    from generator.validate import validate_doc
    from generator.yamlsource import parse_yaml, read_bytes, read_text

    load._CACHE.clear()
    times: dict[str, float] = {}
    clock = _Clock(times)
    report = ErrorCollector()
    files = list(iter_data_files(data_path, report))
    # As load.load_file reads them: .yml files as bytes (libyaml decodes), .md files as text.
    raw: dict[Path, str | bytes] = {
        path: read_text(path) if path.suffix == ".md" else read_bytes(path) for _, path in files}
    clock.stop("read")

    clock.start()
    real_read, load.read_text = load.read_text, raw.__getitem__  # type: ignore[assignment]
    try:
        docs = [(folder, path, load.parse_announcement_md(path) if path.suffix == ".md"
                 else parse_yaml(raw[path], path)) for folder, path in files]
    finally:
        load.read_text = real_read
    clock.stop("parse")

    clock.start()
    loaded = load.LoadedData()
    for folder, path, doc in docs:
        entity = validate_doc(FOLDERS[folder], path.stem, doc, report)
        assert entity is not None, str(report.errors)
        loaded.entities[folder][path.stem], loaded.docs[(folder, path.stem)] = entity, doc
    checked = check_data(loaded)
    assert not checked.errors and not report.errors, "synthetic data must be valid"
    clock.stop("validate")

    clock.start()
    catalog = build_catalog(loaded, audience="public", today=TODAY)
    opts = Options(site_url=SITE_URL, site_name="Benchmark")
    specs = plan_pages(catalog, opts)
    clock.stop("plan")

    clock.start()
    pages = [render_page(spec) for spec in specs]
    pages += render_calendars(catalog, Urls(opts.lang), site_url=SITE_URL)
    pages += render_feeds(catalog, opts)
    clock.stop("render")
    times["pages"] = len(pages)
    times["markdown_bytes"] = sum(len(p.data) for p in pages)
    return times


def measure_generator(data_path: Path, content_path: Path) -> dict[str, float]:
    """The whole generator, as the MkDocs plugin runs it in a one-off build: ``build_site`` on a
    cold parse cache, pages as UTF-8 bytes, ``lasting``; on two cores where
    ``generator.twocores`` forks (``COURSEGEN_JOBS=1``: one). Its CPU time includes the forked
    child's."""
    from generator.build import build_site

    times: dict[str, float] = {}
    clock = _Clock(times)
    site = build_site(data_path, content_path=content_path, today=TODAY, site_url=SITE_URL,
                      site_name="Benchmark", as_bytes=True, lasting=True)
    clock.stop("generator")
    times["pages"] = len(site.pages)
    return times


class _Clock:
    """Wall and CPU seconds of a stage (a busy shared machine distorts CPU time least)."""

    def __init__(self, times: dict[str, float]) -> None:
        self.times = times
        self.start()

    def start(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time() + _children_cpu()

    def stop(self, name: str) -> None:
        self.times[name] = time.perf_counter() - self.wall
        self.times[f"{name}_cpu"] = time.process_time() + _children_cpu() - self.cpu


def _children_cpu() -> float:
    """CPU seconds of the forked children that ended (the generator's second core)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child_main(kind: str, data: str) -> None:
    func = measure_stages if kind == "stages" else measure_generator
    print(json.dumps(func(Path(data), ROOT / "content")))


# --- in the parent --------------------------------------------------------------------------

def run_measured(cmd: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None
                 ) -> dict[str, Any]:
    """Run a command: its wall time, its CPU time (with its children's) and peak memory (of
    it or of its largest child; ``wait4``), its stdout."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0", **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "stdout": stdout}


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(float(r[key]) for r in runs)


def plain_config(work: Path, docs: Path, site: Path) -> Path:
    """The project's mkdocs.yml without the coursegen plugin, building ``docs`` as they are."""
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", "rb") as fd:
        project = yaml_load(fd)
    plugins = [p for p in project.get("plugins", [])
               if (next(iter(p)) if isinstance(p, dict) else p) != "coursegen"]
    config: dict[str, Any] = {"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(docs),
                              "site_dir": str(site), "plugins": plugins}
    theme = project.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        config["theme"] = {"custom_dir": str(ROOT / theme["custom_dir"])}
    if project.get("hooks"):
        config["hooks"] = [str(ROOT / h) for h in project["hooks"]]
    path = work / "mkdocs-plain.yml"
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def bench_size(n: int, runs: int, work: Path, *, mkdocs: bool) -> dict[str, Any]:
    """Every figure for one dataset size."""
    # ``python -m`` from ROOT, never the console scripts: the code measured is this checkout's.
    py = sys.executable
    data = work / f"data-{n}"
    started = time.perf_counter()
    sizes = generate(n, data)
    print(f"\n== {n:,} announcements: {sizes.files:,} data files "
          f"(generated in {time.perf_counter() - started:.1f} s) ==", flush=True)
    result: dict[str, Any] = {"announcements": n, "files": sizes.files, "runs": runs}

    stage_runs = []
    for _ in range(runs):
        r = run_measured([py, "-m", "benchmarks.bench", "--child", "stages", str(data)])
        stage_runs.append({**json.loads(r["stdout"]), "rss_mb": r["rss_mb"]})
    gen_runs, one_core_runs = [], []
    for _ in range(runs):  # interleaved, so a busy moment on a shared machine hits both
        r = run_measured([py, "-m", "benchmarks.bench", "--child", "generator", str(data)])
        gen_runs.append({**json.loads(r["stdout"]), "rss_mb": r["rss_mb"]})
        r = run_measured([py, "-m", "benchmarks.bench", "--child", "generator", str(data)],
                         env={"COURSEGEN_JOBS": "1"})
        one_core_runs.append({**json.loads(r["stdout"]), "rss_mb": r["rss_mb"]})
    result["pages"] = int(gen_runs[0]["pages"])
    result["markdown_mb"] = stage_runs[0]["markdown_bytes"] / 1e6
    result["stages"] = {s: {"wall": _median(stage_runs, s), "cpu": _median(stage_runs, f"{s}_cpu")}
                        for s in STAGES}
    result["generator"] = {"wall": _median(gen_runs, "generator"),
                           "cpu": _median(gen_runs, "generator_cpu"),
                           "rss_mb": max(r["rss_mb"] for r in gen_runs)}
    result["generator_one_core"] = {"wall": _median(one_core_runs, "generator"),
                                    "cpu": _median(one_core_runs, "generator_cpu"),
                                    "rss_mb": max(r["rss_mb"] for r in one_core_runs)}
    files = sizes.files
    print(f"{'stage (one core)':<24}{'wall s':>8}{'files/s':>9}{'CPU s':>8}{'files/s':>9}")
    for stage, t in [*result["stages"].items(),
                     ("generator, one core", result["generator_one_core"]),
                     ("generator, two cores", result["generator"])]:
        print(f"{stage:<24}{t['wall']:>8.3f}{files / t['wall']:>9,.0f}"
              f"{t['cpu']:>8.3f}{files / t['cpu']:>9,.0f}")
    print(f"generator: peak {result['generator']['rss_mb']:.0f} MB; {result['pages']:,} pages, "
          f"{result['markdown_mb']:.1f} MB of Markdown", flush=True)
    if not mkdocs:
        return result

    site, docs, plain_site = work / f"site-{n}", work / f"md-{n}", work / f"plain-site-{n}"
    run_measured([py, "-m", "generator", "render", "--data", str(data), "--out", str(docs)])
    config = plain_config(work, docs, plain_site)
    builds: dict[str, list[dict[str, Any]]] = {"coursegen": [], "plain": []}
    for _ in range(runs):  # interleaved, so a busy moment on a shared machine hits both
        builds["coursegen"].append(run_measured([
            py, "-m", "generator", "build", "--data", str(data), "--out", str(site)]))
        builds["plain"].append(run_measured([
            py, "-m", "mkdocs", "build", "-q", "-f", str(config)]))
    for name, rs in builds.items():
        result[f"{name}_build"] = {"wall": _median(rs, "wall"), "cpu": _median(rs, "cpu"),
                                   "rss_mb": max(r["rss_mb"] for r in rs)}
    cg, plain = result["coursegen_build"], result["plain_build"]
    result["ratio_wall"] = cg["wall"] / plain["wall"]
    result["ratio_cpu"] = cg["cpu"] / plain["cpu"]
    result["generator_share"] = result["generator"]["cpu"] / cg["cpu"]
    result["generator_share_wall"] = result["generator"]["wall"] / cg["wall"]
    print(f"{'build':<22}{'wall s':>9}{'CPU s':>9}{'pages/s':>9}{'peak MB':>9}")
    for name, label in (("coursegen", "coursegen build"), ("plain", "plain MkDocs+Material")):
        b = result[f"{name}_build"]
        print(f"{label:<22}{b['wall']:>9.1f}{b['cpu']:>9.1f}"
              f"{result['pages'] / b['wall']:>9.0f}{b['rss_mb']:>9.0f}")
    print(f"ratio coursegen/plain: {result['ratio_wall']:.3f} wall, {result['ratio_cpu']:.3f} CPU;"
          f" generator = {100 * result['generator_share']:.1f} % of the build's CPU time,"
          f" {100 * result['generator_share_wall']:.1f} % of its wall time",
          flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.bench [--sizes 1000,10000] [--runs 3,1] [--no-mkdocs]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="announcement counts, comma-separated (default 1000,10000)")
    parser.add_argument("--runs", default="3,1", help="runs per size, comma-separated; the "
                        "last value repeats (default 3 for the first size, 1 after)")
    parser.add_argument("--no-mkdocs", action="store_true",
                        help="generator only: skip the MkDocs builds")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child_main(*args.child)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = [int(r) for r in args.runs.split(",")]
    runs += [runs[-1]] * (len(sizes) - len(runs))
    from generator.yamlsource import HAVE_LIBYAML

    print(f"coursegen benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"libyaml {'yes' if HAVE_LIBYAML else 'NO (pure-Python parser)'}; "
          "medians of runs, each in a fresh process")
    with tempfile.TemporaryDirectory(prefix="coursegen-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = [bench_size(n, r, work, mkdocs=not args.no_mkdocs)
                   for n, r in zip(sizes, runs, strict=True)]
    summary: dict[str, Any] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                               "libyaml": HAVE_LIBYAML, "sizes": results}
    for small, big in zip(results, results[1:], strict=False):
        if "coursegen_build" in small and "coursegen_build" in big:
            growth = {k: big["coursegen_build"][k] / small["coursegen_build"][k]
                      for k in ("wall", "cpu")}
            factor = big["announcements"] / small["announcements"]
            summary.setdefault("growth", []).append({"from": small["announcements"],
                                                     "to": big["announcements"], **growth})
            print(f"\n{factor:g}x the data: coursegen build {growth['wall']:.1f}x the wall time,"
                  f" {growth['cpu']:.1f}x the CPU time")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"bench-{stamp}.json"
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nsaved {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
