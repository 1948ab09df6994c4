"""Benchmark the site build against a plain MkDocs build of the same pages.

Prints, in one run: the playbook build time (hooks + macros), the time of a plain
`mkdocs build` of the same pages written out as static Markdown with the same
theme settings, their ratio, peak memory, and the HTML size of a phase page with
all conditions and with fewer, to show the page does not grow with the playbook.
Then the scale figures: the site build of the project and of a copy with ten times
its content (scripts/scale_fixture.py), time, peak memory, phase page and search
index side by side, each against its target (PASS or FAIL; any FAIL makes the
exit status 1). Then, for the PDFs: full builds (empty cache, nothing changed,
one condition edited), the PDF pipeline in one process against bare WeasyPrint
rendering the same HTML, the parallel speed-up, and peak memory.
Usage: python scripts/bench.py [--runs N] [--only scale]   (run through `make bench`)
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

import scale_fixture

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


PHASE_PAGE = "conditions/shared-influence/why/index.html"
# The scale figures compare the project with a copy of it holding this many times its content, and the phase page
# of that copy must stay this small (the navigation must not list every condition on every page).
SCALE = 10
PHASE_PAGE_KB = 40
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed_build(config: Path, site: Path) -> float:
    """Seconds one `mkdocs build` takes."""
    return timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site)],
                 config.parent)[0]


def copy_project(destination: Path, conditions_kept=None) -> Path:
    """A copy of this project; optionally keep only some conditions (with their sessions and self-assessment
    sections, and without the crosswalk and the examples)."""
    scale_fixture.copy_project(REPO, destination)
    if conditions_kept is not None:
        language = destination / "data" / "en"
        playbook = yaml.safe_load((language / "playbook.yml").read_text())
        for slug in playbook["conditions"]:
            if slug not in conditions_kept:
                (language / "conditions" / f"{slug}.yml").unlink()
                (language / "sessions" / f"{slug}.yml").unlink(missing_ok=True)
        playbook["conditions"] = [slug for slug in playbook["conditions"] if slug in conditions_kept]
        (language / "playbook.yml").write_text(yaml.safe_dump(playbook, sort_keys=False, allow_unicode=True))
        # The crosswalk must map every framework item and the examples answer every condition's statements:
        # neither holds with conditions taken out, so the small copy goes without both.
        (language / "crosswalk.yml").unlink(missing_ok=True)
        shutil.rmtree(language / "examples", ignore_errors=True)
        kept_sections = set()
        for tool_file in (language / "tools").glob("*.yml"):
            tool = yaml.safe_load(tool_file.read_text())
            tool["sections"] = [s for s in tool["sections"] if s.get("condition", conditions_kept[0]) in conditions_kept]
            kept_sections |= {(tool_file.name, section["id"]) for section in tool["sections"]}
            tool_file.write_text(yaml.safe_dump(tool, sort_keys=False, allow_unicode=True))
        # Its translations of what it left out go too (a translation of no English file or section is an error).
        for translation in (destination / "data").iterdir():
            if translation.is_dir() and translation.name not in ("en", "schema"):
                for path in list(translation.rglob("*.yml")):
                    relative = path.relative_to(translation)
                    if relative.parts[0] in ("conditions", "sessions") and path.stem not in conditions_kept \
                            or relative.parts[0] == "examples" or relative.name == "crosswalk.yml":
                        path.unlink()
                for tool_file in (translation / "tools").glob("*.yml"):
                    tool = yaml.safe_load(tool_file.read_text()) or {}
                    if "sections" in tool:
                        tool["sections"] = [s for s in tool["sections"] if (tool_file.name, s["id"]) in kept_sections]
                        tool_file.write_text(yaml.safe_dump(tool, sort_keys=False, allow_unicode=True))
    return destination


def static_twin(project: Path, built_site: Path, destination: Path) -> Path:
    """The same pages as plain Markdown (the HTML the macros produced), same theme, no hooks, no macros."""
    sys.path.insert(0, str(project))
    from macros.site import (LONG_NAV_SECTION, build_site, footer_links, front_matter, nav_entries, not_found_page,
                             page_front_matter, page_source_path)

    build = build_site(project)
    docs = destination / "docs"
    for page in build.pages:
        target = docs / page_source_path(page.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"{front_matter(page_front_matter(page))}\n{page.body}\n", encoding="utf-8")
    brand_css = built_site / "assets" / "stylesheets" / "brand.css"
    (docs / "assets" / "stylesheets").mkdir(parents=True, exist_ok=True)
    shutil.copy(brand_css, docs / "assets" / "stylesheets" / "brand.css")
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config.pop("hooks")
    config.pop("watch")
    config["plugins"] = ["search"]
    config["theme"]["custom_dir"] = str(project / "overrides")
    config["docs_dir"] = str(docs)
    config["nav"] = nav_entries(build.tree, {})
    config["extra_css"] = ["assets/stylesheets/brand.css"] + config["extra_css"]
    # What the theme's templates read from the playbook's hooks: the same footer, 404 page and navigation.
    config["extra"].update(footer_links=footer_links(build.playbook), not_found=not_found_page(build.playbook),
                           long_nav_section=LONG_NAV_SECTION)
    config["site_name"] = build.playbook.brand.site_name
    config_path = destination / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    # The same static pages with mkdocs-macros-plugin switched on: its fixed cost on its own.
    config["plugins"] = ["search", {"macros": {"render_by_default": False, "module_name": str(project / "macros")}}]
    (destination / "mkdocs-macros.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return config_path


BARE_WEASYPRINT = """
import sys, time
started = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/scripts")
from macros.content import cached_content, language_codes, load_playbook
from macros.printing import print_documents
from build_pdfs import _project_fetcher
root = Path(sys.argv[1])
documents = [document for language in language_codes(cached_content(root))
             for document in print_documents(load_playbook(root, language), root)]
started = time.perf_counter()
from weasyprint import HTML
for number, document in enumerate(documents):
    HTML(string=document.html, base_url=document.base_url, url_fetcher=_project_fetcher(root)).write_pdf(
        f"{sys.argv[2]}/{number}.pdf", pdf_forms=document.forms, pdf_variant="pdf/ua-1")
print(time.perf_counter() - started)
"""


def timed(command: list, cwd: Path) -> tuple[float, str]:
    """Seconds a command takes, and what it printed."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, result.stdout


def pdf_figures(project: Path, scratch: Path, runs: int) -> None:
    """Full builds with PDFs (cold, no-op, one condition edited), the PDF pipeline against bare WeasyPrint,
    its parallel speed-up and its peak memory."""
    build = [sys.executable, str(project / "scripts" / "build_site.py"), "--root", str(project)]
    pdfs = [sys.executable, str(project / "scripts" / "build_pdfs.py"), "--root", str(project)]
    edited = project / "data" / "en" / "conditions" / "shared-influence.yml"
    translated = project / "data" / "es" / "conditions" / "shared-influence.yml"
    cold, noop, site_only, one_edit, serial, parallel, bare, translation_edit = [], [], [], [], [], [], [], []
    rendered_after_edit = rendered_after_translation = ""
    spanish_only = True
    for run in range(runs):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        cold.append(timed(build, project)[0])
        noop.append(timed(build, project)[0])
        site_only.append(timed(build + ["--no-pdf"], project)[0])
        edited.write_text(edited.read_text(encoding="utf-8").replace("summary: ", f"summary: Edit {run}. ", 1),
                          encoding="utf-8")
        seconds, output = timed(build, project)
        one_edit.append(seconds)
        rendered_after_edit = re.search(r"\d+ PDFs \(\d+ rendered, \d+ cached\)", output).group(0)
        translated.write_text(translated.read_text(encoding="utf-8").replace("summary: ", f"summary: Cambio {run}. ", 1),
                              encoding="utf-8")
        seconds, output = timed(build, project)
        translation_edit.append(seconds)
        rendered_after_translation = re.search(r"\d+ PDFs \(\d+ rendered, \d+ cached\)", output).group(0)
        rendered = re.findall(r"^\[\d+/\d+\] (\S+)  \d+\.\d s$", output, re.M)
        spanish_only = spanish_only and bool(rendered) and all(name.startswith("es/") for name in rendered)
        for jobs, times in (("1", serial), (str(os.cpu_count()), parallel)):
            shutil.rmtree(project / ".cache" / "pdf", ignore_errors=True)
            times.append(timed(pdfs + ["--jobs", jobs, "--site", str(scratch / "pdf-site")], project)[0])
        bare_dir = _mkdir(scratch / f"bare-{run}")
        # Only the import of WeasyPrint and the rendering count, not making the HTML.
        bare.append(float(timed([sys.executable, "-c", BARE_WEASYPRINT, str(project), str(bare_dir)], project)[1]))
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pdf_count = sum(1 for _ in (project / "site" / "pdf").rglob("*.pdf"))
    book_pages = _pages(project / "site" / "pdf" / "playbook-letter.pdf")
    print(f"PDFs                             {pdf_count}   (whole playbook {book_pages} pages, "
          f"cards {_pages(project / 'site' / 'pdf' / 'cards-letter.pdf')}, "
          f"a guide {_pages(project / 'site' / 'pdf' / 'conditions' / 'shared-influence-letter.pdf')})")
    print(f"full build, empty cache          {min(cold):.2f} s")
    print(f"full build, nothing changed      {min(noop):.2f} s   "
          f"(site-only build {min(site_only):.2f} s; ratio {min(noop) / min(site_only):.3f}, target <= 1.2)")
    print(f"full build, a condition edited   {min(one_edit):.2f} s   ({rendered_after_edit})")
    print(f"full build, its Spanish edited   {min(translation_edit):.2f} s   ({rendered_after_translation}; "
          f"{'only Spanish PDFs rendered, every English one from the cache' if spanish_only else 'NOT only Spanish PDFs'})")
    print(f"PDFs only, 1 process             {min(serial):.2f} s   "
          f"(bare WeasyPrint, one process {min(bare):.2f} s; ratio {min(serial) / min(bare):.3f}, target <= 1.10)")
    print(f"PDFs only, {os.cpu_count()} processes            {min(parallel):.2f} s   "
          f"(speed-up {min(serial) / min(parallel):.2f}x, target >= 1.7x)")
    print(f"peak memory of one process       {peak_mib:.0f} MiB")


def language_figures(project: Path, scratch: Path, runs: int) -> None:
    """The whole site build (no PDFs) with every language against the same project in English alone."""
    english_only = copy_project(_mkdir(scratch / "english-only"))
    for folder in (english_only / "data").iterdir():
        if folder.is_dir() and folder.name not in ("en", "schema"):
            shutil.rmtree(folder)
    (english_only / "data" / "languages.yml").write_text("languages:\n  - code: en\n    name: English\n")
    times = {}
    for name, root in (("all", project), ("en", english_only)):
        build = [sys.executable, str(root / "scripts" / "build_site.py"), "--root", str(root), "--no-pdf"]
        timed(build, root)
        times[name] = min(timed(build, root)[0] for _ in range(runs))
    languages = sum(1 for folder in (project / "data").iterdir() if folder.is_dir() and folder.name != "schema")
    print(f"site build, {languages} languages            {times['all']:.2f} s   (English alone {times['en']:.2f} s; "
          f"ratio {times['all'] / times['en']:.3f}, target <= 2.1)")


def engine_figures(project: Path, runs: int) -> None:
    """The whole site build (validation, pages, swap; no PDFs) with each engine, caches warm."""
    build = [sys.executable, str(project / "scripts" / "build_site.py"), "--root", str(project), "--no-pdf"]
    times = {}
    for engine in ("mkdocs", "zensical"):
        timed(build + ["--engine", engine], project)  # warm up: Zensical fills its own cache on its first build
        times[engine] = min(timed(build + ["--engine", engine], project)[0] for _ in range(runs))
    print(f"site build with MkDocs           {times['mkdocs']:.2f} s   (scripts/build_site.py --no-pdf, best of {runs})")
    print(f"site build with Zensical         {times['zensical']:.2f} s   "
          f"(ratio {times['zensical'] / times['mkdocs']:.3f} against MkDocs)")


# Runs a command and prints the seconds it took, the processor seconds its processes used and the peak memory of
# the largest of them (KiB): measured in a process of its own, so that the builds the benchmark ran before do not
# count. Processor time hardly depends on what else the machine is doing; the seconds on the clock do.
MEASURED = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - started, used.ru_utime + used.ru_stime, used.ru_maxrss)
"""


def scale_figures(scratch: Path, runs: int, times: int) -> bool:
    """The site build of the project and of a copy with `times` its content (scripts/scale_fixture.py): time,
    peak memory, a phase page's HTML and the search index, each against its target; True if all are met."""
    projects = {}
    for size in (1, times):
        projects[size] = scale_fixture.copy_project(REPO, _mkdir(scratch / f"scale-{size}"))
        scale_fixture.scale(projects[size] / "data", size)
    cold, cold_processor, warm, warm_processor = ({size: [] for size in projects} for _ in range(4))
    memory = {size: 0 for size in projects}
    for _ in range(runs):
        for size, project in projects.items():  # by turns, so that the machine's ups and downs fall on both
            build = [sys.executable, "-c", MEASURED, sys.executable, str(project / "scripts" / "build_site.py"),
                     "--root", str(project), "--no-pdf"]
            shutil.rmtree(project / ".cache", ignore_errors=True)
            for clock, processor in ((cold[size], cold_processor[size]), (warm[size], warm_processor[size])):
                seconds, processor_seconds, peak = timed(build, project)[1].split()
                clock.append(float(seconds))
                processor.append(float(processor_seconds))
                memory[size] = max(memory[size], int(peak))
    site = {size: project / "site" for size, project in projects.items()}
    playbook = {size: yaml.safe_load((project / "data" / "en" / "playbook.yml").read_text()) for size, project in
                projects.items()}
    rows = [
        ("site build, empty .cache/", {size: min(cold[size]) for size in projects}, "{:.2f} s", "linear"),
        ("  processor time", {size: min(cold_processor[size]) for size in projects}, "{:.2f} s", "linear"),
        ("site build, nothing changed", {size: min(warm[size]) for size in projects}, "{:.2f} s", "linear"),
        ("  processor time", {size: min(warm_processor[size]) for size in projects}, "{:.2f} s", "linear"),
        ("peak memory of one process", {size: memory[size] / 1024 for size in projects}, "{:.0f} MiB", None),
        ("pages built", {size: sum(1 for _ in site[size].rglob("index.html")) for size in projects}, "{}", None),
        ("phase page HTML", {size: (site[size] / PHASE_PAGE).stat().st_size / 1024 for size in projects}, "{:.1f} KB",
         PHASE_PAGE_KB),
        ("search index", {size: (site[size] / "search" / "search_index.json").stat().st_size / 1024
                          for size in projects}, "{:.0f} KB", "linear"),
    ]
    print(f"scale: 1x = {len(playbook[1]['conditions'])} conditions, {len(playbook[1]['tools'])} tools; "
          f"{times}x = {len(playbook[times]['conditions'])} conditions, {len(playbook[times]['tools'])} tools "
          f"(scripts/scale_fixture.py); MkDocs, no PDFs, best of {runs}")
    print(f"{'':30}{'1x':>12}{f'{times}x':>12}{f'{times}x/1x':>9}   target")
    met = True
    for name, values, unit, target in rows:
        ratio = values[times] / values[1]
        if target == "linear":
            passed, wanted = ratio <= times, f"ratio <= {times} (linear)"
        elif target is not None:
            passed, wanted = values[times] <= target, f"<= {unit.format(target)} at {times}x"
        line = f"{name:30}{unit.format(values[1]):>12}{unit.format(values[times]):>12}{ratio:>9.2f}"
        if target is None:
            print(line)
        else:
            met = met and passed
            print(f"{line}   {wanted:28}{'PASS' if passed else 'FAIL'}")
    return met


def _pages(pdf: Path) -> int:
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", result.stdout, re.M).group(1))


def main(argv=None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="site builds of each kind (the best counts)")
    parser.add_argument("--pdf-runs", type=int, default=3, help="rounds of the slower builds with PDFs")
    parser.add_argument("--scale-runs", type=int, default=3, help="rounds of the builds at 1x and 10x the content")
    parser.add_argument("--only", choices=["scale"], help="run only this part: scale, the builds at 1x and 10x")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if args.only == "scale":
            return 0 if scale_figures(scratch, args.scale_runs, SCALE) else 1
        project = copy_project(_mkdir(scratch / "project"))
        site = scratch / "site"
        timed_build(project / "mkdocs.yml", site)  # warm file caches and bytecode
        twin = static_twin(project, site, _mkdir(scratch / "static"))
        timed_build(twin, scratch / "static-site")

        playbook_times, static_times, plugin_times, cold_times, edited_times = [], [], [], [], []
        edited = project / "data" / "en" / "conditions" / "shared-influence.yml"
        for run in range(args.runs):
            shutil.rmtree(project / ".cache", ignore_errors=True)
            cold_times.append(timed_build(project / "mkdocs.yml", site))
            edited.write_text(edited.read_text(encoding="utf-8") + f"# edit {run}\n", encoding="utf-8")
            edited_times.append(timed_build(project / "mkdocs.yml", site))
            playbook_times.append(timed_build(project / "mkdocs.yml", site))
            static_times.append(timed_build(twin, scratch / "static-site"))
            plugin_times.append(timed_build(twin.with_name("mkdocs-macros.yml"), scratch / "static-site"))
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        small = copy_project(_mkdir(scratch / "small"), ["shared-influence", "orientation-to-improve"])
        timed_build(small / "mkdocs.yml", scratch / "small-site")

        # The fastest run is the least disturbed by whatever else the machine does; medians are shown beside it.
        built, plain = min(playbook_times), min(static_times)
        pages = sum(1 for _ in site.rglob("index.html"))
        phase_full = (site / PHASE_PAGE).stat().st_size
        phase_small = (scratch / "small-site" / PHASE_PAGE).stat().st_size
        search_index = (site / "search" / "search_index.json").stat().st_size
        print(f"pages built                      {pages}")
        print(f"playbook build, best of {args.runs}        {built:.2f} s   (median {statistics.median(playbook_times):.2f} s)")
        print(f"playbook build, empty .cache/    {min(cold_times):.2f} s   "
              f"(median {statistics.median(cold_times):.2f} s; validates and renders every page)")
        print(f"playbook build, a condition edited {min(edited_times):.2f} s "
              f"(median {statistics.median(edited_times):.2f} s; templates stay compiled)")
        print(f"plain mkdocs build, same pages   {plain:.2f} s   (median {statistics.median(static_times):.2f} s)")
        print(f"ratio                            {built / plain:.3f}   (target <= 1.15; "
              f"condition edited {min(edited_times) / plain:.3f}, empty cache {min(cold_times) / plain:.3f})")
        print(f"plain build + mkdocs-macros      {min(plugin_times):.2f} s   "
              f"(the plugin's fixed cost alone: ratio {min(plugin_times) / plain:.3f})")
        print(f"peak memory of a build           {peak_mib:.0f} MiB")
        print(f"phase page HTML, 7 conditions    {phase_full / 1024:.1f} KB   (target <= 40 KB)")
        print(f"phase page HTML, 2 conditions    {phase_small / 1024:.1f} KB   "
              f"(+{(phase_full - phase_small) / 5:.0f} bytes per extra condition)")
        print(f"search index                     {search_index / 1024:.1f} KB")
        language_figures(project, scratch, args.runs)
        engine_figures(project, args.runs)
        scaled = scale_figures(scratch, args.scale_runs, SCALE)
        if args.pdf_runs:
            pdf_figures(project, scratch, args.pdf_runs)
    return 0 if scaled else 1


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


if __name__ == "__main__":
    sys.exit(main())
