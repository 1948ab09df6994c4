"""Lighthouse on the built site, as a reader on a phone meets it: the home page, a phase page and a tool page in
every language, served like GitHub Pages (scripts/serve_site.py: gzip, ten-minute cache), measured by Lighthouse
(pinned in package-lock.json) in the Debian Chromium with its mobile profile (a slow phone on a slow network,
simulated). Builds nothing: it audits the site/ that `make build` made.

Each page is measured RUNS times and the median of each score is kept, as the performance score moves with the
machine's load. Prints one line per page (the four scores and the metrics behind performance), then what
fails in each score below its target; keeps each page's median report in .audit/ (HTML to open, and JSON).
Exit status 1 when a score is below its target.

Usage: python scripts/audit.py [--runs N] [--language CODE] [--page home|phase|tool]   (run through `make audit` after `make build`)
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import serve_site  # noqa: E402
from macros.errors import ContentErrors  # noqa: E402
from macros.routes import language_prefix, route  # noqa: E402
from macros.site import site_languages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
REPORTS = ROOT / ".audit"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
# The kinds of page audited: the home page, a strategy guide's phase, and the heaviest tool page (the
# self-assessment: its results table and chart).
PAGES = {"home": route("home"),
         "phase": route("phase", slug="shared-influence", phase="why"),
         "tool": route("tool", slug="self-assessment")}
# The lowest score each Lighthouse category may have (out of 100).
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}
# The metrics behind the performance score, as Lighthouse names them, and the column each is printed in.
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}
RUNS = 3
# Longer than a run ever takes (about 15 s here), so that a browser that hangs stops the audit with a message.
RUN_TIMEOUT = 300


def lighthouse(url: str, output: Path) -> dict:
    """One Lighthouse run on `url`; its report is written to output.report.json and output.report.html."""
    command = ["node", str(LIGHTHOUSE), url, "--output=json", "--output=html", f"--output-path={output}",
               f"--only-categories={','.join(TARGETS)}", f"--chrome-flags={CHROMIUM_FLAGS}", "--quiet"]
    try:
        finished = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True,
                                  text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{url}: Lighthouse did not finish in {RUN_TIMEOUT} s (expected about 15 s)") from None
    report = output.with_name(output.name + ".report.json")
    if finished.returncode or not report.is_file():
        last_line = (finished.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"{url}: Lighthouse failed ({last_line})")
    result = json.loads(report.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise RuntimeError(f"{url}: Lighthouse could not load the page ({result['runtimeError']['message']})")
    return result


def scores(result: dict) -> dict[str, int]:
    """A report's category scores out of 100."""
    return {name: round(100 * (result["categories"][name]["score"] or 0)) for name in TARGETS}


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median one (its report is the one kept)."""
    ordered = sorted(runs, key=lambda run: scores(run)["performance"])
    return ordered[len(ordered) // 2]


def shortfalls(result: dict, category: str) -> list[str]:
    """What costs a category points in one report: each scored audit that does not pass, with what it found."""
    audits = result["audits"]
    lines = []
    for reference in result["categories"][category]["auditRefs"]:
        audit = audits[reference["id"]]
        counts = reference["weight"] > 0 or audit.get("details", {}).get("type") == "opportunity"
        if counts and audit["score"] is not None and audit["score"] < 0.9:
            found = f": {audit['displayValue']}" if audit.get("displayValue") else ""
            lines.append(f"{audit['title']}{found}")
    return lines


def metric_columns(result: dict) -> str:
    """The metrics behind a report's performance score, as Lighthouse shows them."""
    return "  ".join(f"{column} {result['audits'][name]['displayValue']}".replace("\xa0", " ")
                     for name, column in METRICS.items())


def audit(languages: list[str], source_language: str, pages: dict[str, str], runs: int) -> int:
    """Audit `pages` in `languages`, print the table and the shortfalls; return the exit status."""
    REPORTS.mkdir(exist_ok=True)
    server = serve_site.start(SITE)
    base = f"http://127.0.0.1:{server.server_port}/"
    failures = []
    print(f"Lighthouse {_version()}, mobile profile, site served with gzip; median of {runs} runs per page.")
    print("Targets: " + ", ".join(f"{name} >= {target}" for name, target in TARGETS.items()) + "\n")
    print(f"{'page':<10} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4}   {'each run':<11} metrics of the median run")
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for language in languages:
                for kind, path in pages.items():
                    name = f"{language}-{kind}"
                    url = base + language_prefix(language, source_language) + path
                    results = [lighthouse(url, Path(scratch) / f"{name}-{run}") for run in range(runs)]
                    median = {category: round(statistics.median(scores(result)[category] for result in results))
                              for category in TARGETS}
                    kept = median_run(results)
                    kept_index = results.index(kept)
                    for suffix in (".report.json", ".report.html"):
                        shutil.copyfile(Path(scratch) / f"{name}-{kept_index}{suffix}", REPORTS / f"{name}{suffix}")
                    each_run = "/".join(str(scores(result)["performance"]) for result in results)
                    print(f"{name:<10} " + " ".join(f"{median[category]:>4}" for category in TARGETS)
                          + f"   {each_run:<11} {metric_columns(kept)}", flush=True)
                    failures += [(name, category, median[category], kept) for category in TARGETS
                                 if median[category] < TARGETS[category]]
    finally:
        server.shutdown()
    for name, category, score, kept in failures:
        print(f"\n{name}: {category} {score} (target {TARGETS[category]}), in .audit/{name}.report.html:")
        for line in shortfalls(kept, category) or ["(no single audit fails; the metrics above add up to it)"]:
            print(f"  - {line}")
    print("\nReports: .audit/<language>-<page>.report.html (and .json), the median run of each page.")
    if failures:
        print(f"{len(failures)} score(s) below target.", file=sys.stderr)
    return 1 if failures else 0


def _version() -> str:
    package = LIGHTHOUSE.parent.parent / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per page, the median kept (default {RUNS})")
    parser.add_argument("--language", help="audit one language only (its code, e.g. es)")
    parser.add_argument("--page", choices=PAGES, help="audit one kind of page only")
    arguments = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print(f"{LIGHTHOUSE.relative_to(ROOT)}: not found (expected Lighthouse; run `make audit`, which installs it).",
              file=sys.stderr)
        return 1
    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM}: not found (expected Debian's chromium; run `make audit` as root, or apt-get install "
              "chromium).", file=sys.stderr)
        return 1
    try:
        languages = site_languages(ROOT)
    except ContentErrors as errors:
        print(f"{errors}", file=sys.stderr)
        return 1
    wanted = [language_prefix(language, languages[0]) + path + "index.html"
              for language in languages for path in PAGES.values()]
    missing = [page for page in wanted if not (SITE / page).is_file()]
    if missing:
        print(f"site/{missing[0]}: not found (expected the built site; run `make build` first).", file=sys.stderr)
        return 1
    if arguments.language and arguments.language not in languages:
        print(f"--language {arguments.language}: not a language of the site (expected one of "
              f"{', '.join(languages)}).", file=sys.stderr)
        return 1
    if arguments.runs < 1:
        print(f"--runs {arguments.runs}: expected 1 or more.", file=sys.stderr)
        return 1
    try:
        pages = {arguments.page: PAGES[arguments.page]} if arguments.page else PAGES
        return audit([arguments.language] if arguments.language else languages, languages[0], pages, arguments.runs)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Audit stopped; the reports of the pages finished are in .audit/.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
