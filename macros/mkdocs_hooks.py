"""The MkDocs adapter, and the only module that imports MkDocs.

It loads and validates the playbook before anything else runs, applies the
brand, hands the core's pages and navigation to MkDocs, and gives their
bodies and tables of contents to Material. Hand-written pages in docs/ go
through MkDocs and mkdocs-macros-plugin as usual.

One MkDocs build makes one language: the source language by default, or the
one named by PLAYBOOK_LANGUAGE, into its own site folder (scripts/build_site.py
puts each language's folder under site/). `make serve` builds the others into
the preview after each rebuild, each in a process of its own that stays for
the next rebuild (run as `python -m macros.mkdocs_hooks`), so that only the
first rebuild pays for starting MkDocs.

MkDocs loads this file once per process, so during `make serve` the core
(every other module of the macros package) is imported afresh whenever its
code on disk changes; an edit to this file itself needs a restart.
"""

import hashlib
import importlib
import logging
import os
import subprocess
import sys
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from macros.compiled_templates import JINJA_SYNTAX, CompiledTemplates  # noqa: E402

_OWN_SOURCE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
LANGUAGE_VARIABLE = "PLAYBOOK_LANGUAGE"
MATERIAL_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
# What on_config makes for the build in progress, for on_files and on_page_content:
# the core's pages by the source path MkDocs knows them by, each with its Markdown (front matter only),
# and the brand's stylesheet (its path and its text).
_pages: dict = {}
_brand_css: list[str] = []
_playbook: list = []
_build: list = []
_translated_docs: set = set()
# The core's site module this build started with: checking the code on disk is done once per build, not per page.
_site: list = []
# Under `make serve`: the process that builds each other language, by its code (see _LanguageBuilder).
_language_builders: dict = {}
# macros.theme_html.finished, imported with the core (afresh when its code changed).
_finished: list = []


def _core():
    """The core's site module, imported afresh if its code changed since this process imported it."""
    if hashlib.sha256(Path(__file__).read_bytes()).hexdigest() != _OWN_SOURCE:
        raise Abort(f"{Path(__file__).relative_to(PROJECT_ROOT)} changed while MkDocs was running: "
                    "stop `make serve` and start it again")
    if "macros.cache" in sys.modules and sys.modules["macros.cache"].code_changed():
        for name in [name for name in sys.modules if name == "macros" or name.startswith("macros.")]:
            del sys.modules[name]
    # Again here: mkdocs-macros-plugin takes the project folder off sys.path after loading its module, and
    # `mkdocs` run as a command (not `python -m mkdocs`) has no other way to find it.
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    return importlib.import_module("macros.site")


def _project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


@event_priority(100)
def on_config(config):
    """Validate the content (stopping with every error if it is wrong), then apply brand and navigation."""
    site = _core()
    _site[:] = [site]
    _finished[:] = [importlib.import_module("macros.theme_html").finished]
    root = _project_dir(config)
    try:
        build = site.build_site(root, os.environ.get(LANGUAGE_VARIABLE) or None)
    except site.ContentErrors as errors:
        raise Abort("\n" + errors.report())
    except KeyError as error:
        raise Abort(f"{LANGUAGE_VARIABLE}: {error.args[0]}")
    playbook = build.playbook
    _playbook[:] = [playbook]
    _build[:] = [build]
    brand = playbook.brand
    for name, value in site.site_settings(playbook).items():
        config[name] = value
    config.repo_url = None
    config.extra["footer_links"] = site.footer_links(playbook)
    config.extra["long_nav_section"] = site.LONG_NAV_SECTION
    config.extra["not_found"] = site.not_found_page(playbook)
    # Truthy, so Material's header shows the language menu; each page's own links come from on_page_context.
    config.extra["alternate"] = len(playbook.languages) > 1
    if brand.logo:
        config.theme["logo"] = brand.logo
    # Material's words (search, navigation) in the playbook's language where Material has it, English otherwise.
    language = playbook.language
    config.theme["language"] = language if (MATERIAL_LANGUAGES / f"{language}.html").is_file() else "en"
    config.theme["direction"] = playbook.locale.direction
    hand_written = site.hand_written_pages(Path(config.docs_dir), playbook)
    config.nav = site.nav_entries(build.tree, hand_written, build.engine_path)
    _pages.clear()
    _pages.update({site.page_source_path(build.engine_path(page.path)):
                   (page, site.front_matter(site.page_front_matter(page)))
                   for page in build.pages if build.engine_path(page.path) not in hand_written})
    # The sanitizer cleans every page Markdown makes: hand-written pages are content too.
    site.add_sanitizer(config.markdown_extensions)
    if site.BRAND_STYLESHEET not in config.extra_css:
        config.extra_css.insert(0, site.BRAND_STYLESHEET)
    _brand_css[:] = [site.BRAND_STYLESHEET, site.brand_stylesheet(playbook)]
    return config


def on_files(files, config):
    """Add the core's pages (a hand-written page in docs/ at the same path wins) and the brand's stylesheet.

    Each page's Markdown is only its front matter: the body is HTML already, goes
    in at on_page_content and never passes through Python-Markdown or Jinja, so
    text in the data may contain "{{" safely.
    """
    _start_other_languages(config)
    _sandbox_hand_written_pages(config)
    docs_dir = Path(config.docs_dir).resolve().relative_to(_project_dir(config)).as_posix()
    playbook = _playbook[0]
    other_languages = [language.code for language in playbook.languages if language.code != playbook.language]
    # A hand-written page translated into this language (docs/<code>/<page>.md) replaces the source page;
    # other languages' pages are left out.
    prefix = "" if playbook.is_source else f"{playbook.language}/"
    _translated_docs.clear()
    for file in list(files.documentation_pages()):
        top = file.src_uri.split("/", 1)[0]
        if top in other_languages or (prefix and file.src_uri.startswith(prefix)):
            files.remove(file)
    for file in list(files.documentation_pages()):
        # edit_uri is the repository root, so every edit link names its file from there.
        translated = Path(config.docs_dir) / prefix / file.src_uri if prefix else None
        if translated is not None and translated.is_file():
            files.remove(file)
            file = File.generated(config, file.src_uri, content=translated.read_text(encoding="utf-8"))
            file.edit_uri = f"{docs_dir}/{prefix}{file.src_uri}"
            files.append(file)
            _translated_docs.add(file.src_uri)
        else:
            file.edit_uri = f"{docs_dir}/{file.src_uri}"
    for src_uri, (page, markdown) in _pages.items():
        file = File.generated(config, src_uri, content=markdown)
        file.edit_uri = page.source_file
        files.append(file)
    path, stylesheet = _brand_css
    files.append(File.generated(config, path, content=stylesheet))
    return files


def _sandbox_hand_written_pages(config) -> None:
    """mkdocs-macros renders a hand-written page (render_macros: true) with a plain Jinja environment, in which
    {{ ''.__class__ }} leads to Python itself. A page is content, from many hands: it gets Jinja's sandbox, with
    the same loader, settings, macros, filters and variables, so it can call the macros and reach nothing else.
    Called from on_files, which MkDocs runs after every plugin's on_config: the plugin's environment is complete."""
    plugin = config.plugins.get("macros")
    plain = getattr(plugin, "_env", None)
    if plain is None or isinstance(plain, SandboxedEnvironment):
        return
    sandboxed = _PageSandbox(loader=plain.loader, undefined=plain.undefined,
                                     extensions=[type(extension) for extension in plain.extensions.values()], autoescape=plain.autoescape,
                                     **{name: getattr(plain, name) for name in JINJA_SYNTAX})
    sandboxed.globals.update(plain.globals)
    sandboxed.filters.update(plain.filters)
    sandboxed.tests.update(plain.tests)
    sandboxed.page_source = lambda: "docs/" + plugin.page.file.src_uri if getattr(plugin, "page", None) else "docs/"
    plugin._env = sandboxed  # the plugin reads it back through its `env` property


class _PageSandbox(SandboxedEnvironment):
    """Jinja's sandbox, which also says, on the build's error output, which page reached for Python."""

    page_source = staticmethod(lambda: "docs/")
    _said: set = set()

    def unsafe_undefined(self, obj, attribute):
        message = (f"{self.page_source()}: access to attribute {attribute!r} of {type(obj).__name__!r} object is "
                   "unsafe (expected text, and macros called as {{ big_questions('shared-influence', 'why') }})")
        if message not in self._said:  # Jinja asks again for an item of the same name: one line is enough
            self._said.add(message)
            logging.getLogger("mkdocs").error(message)
        return super().unsafe_undefined(obj, attribute)


def on_env(env, config, files):
    """Give the theme's templates a cache of their compiled code that outlives this build (see CompiledTemplates)."""
    env.bytecode_cache = _COMPILED_TEMPLATES
    return env


def on_page_content(html, page, config, files):
    """Put in a generated page's body and its table of contents."""
    if page.file.src_uri not in _pages:
        # A hand-written page: its glossary terms are marked like a generated page's, and one in the source
        # language shown in another language is marked as not translated yet.
        site, playbook = _site[0], _playbook[0]
        page.meta = site.hand_written_front_matter(page.meta)
        here = _build[0].prefix + page.url
        html = site.mark_page_terms(html, playbook, here)
        translated = playbook.is_source or page.file.src_uri in _translated_docs
        return html if translated else site.untranslated_page(html, playbook)
    generated, _ = _pages[page.file.src_uri]
    # A page that hides its table of contents has none, as in the Zensical adapter: Material would still write
    # the contents' label for a toggle that only pages in the navigation have (invalid HTML on the meeting-room view).
    headings = () if "toc" in generated.hide else generated.toc
    page.toc = get_toc([_toc_token(heading) for heading in headings])
    return generated.body


def on_page_context(context, page, config, nav):
    """The page in every language, for the language menu (overrides/partials/alternate.html)."""
    build = _build[0]
    context["pb_alternates"] = _site[0].alternates(build.playbook, build.prefix + page.url) \
        if len(build.playbook.languages) > 1 else []
    return context


def on_post_page(output, page, config):
    """The theme's HTML, made valid and without its templates' indentation (macros/theme_html.py)."""
    return _finished[0](output)


def on_post_template(output_content, template_name, config):
    """The theme's own pages (404.html, sitemap.xml) made valid too."""
    return _finished[0](output_content) if template_name.endswith(".html") else output_content


def _toc_token(heading) -> dict:
    return {"level": heading.level, "id": heading.id, "name": heading.title,
            "children": [_toc_token(child) for child in heading.children]}


def _start_other_languages(config) -> None:
    """Under `make serve` (PLAYBOOK_SERVE set), start building the other languages into the preview.

    They build while this process builds the source language, all at once as `make build` does: the preview
    is back sooner on a machine with more than one core. MkDocs has cleaned the site folder by now (after
    on_pre_build), so nothing clears away what they write. `make build` builds every language itself.
    """
    playbook = _playbook[0]
    if not (os.environ.get("PLAYBOOK_SERVE") and playbook.is_source):
        return
    for language in playbook.languages[1:]:
        builder = _language_builders.get(language.code)
        if builder is None or not builder.alive():
            builder = _language_builders[language.code] = _LanguageBuilder(_project_dir(config), language.code)
        builder.start(Path(config.site_dir) / language.code)


def _wait_for_other_languages() -> None:
    for builder in _language_builders.values():
        builder.wait()


def on_build_error(error):
    """A failed build still waits for the other languages it started, so the next one starts them afresh."""
    _wait_for_other_languages()


def on_post_build(config):
    """Under `make serve`, wait until the other languages are in the preview too, and with PLAYBOOK_SERVE_PDFS
    set (`make serve PDF=1`) add the PDFs; unchanged ones come from cache.

    `make build` does both itself, and replaces the old site only when all of it was built.
    """
    root = _project_dir(config)
    _wait_for_other_languages()
    if os.environ.get("PLAYBOOK_SERVE_PDFS"):
        subprocess.run([sys.executable, str(root / "scripts" / "build_pdfs.py"), "--root", str(root),
                        "--site", config.site_dir], check=False)


def on_shutdown():
    """Let the language builders of `make serve` go (they also stop by themselves when it exits)."""
    for builder in _language_builders.values():
        builder.close()
    _language_builders.clear()


# MkDocs makes a new Jinja environment for every build, and compiling Material's templates takes about 40 % of
# a rebuild: `make serve` compiles each of them once.
_COMPILED_TEMPLATES = CompiledTemplates()


class _LanguageBuilder:
    """A process that builds one language into a site folder whenever asked, for `make serve`.

    A cold `mkdocs build` spends about half its time starting (importing MkDocs, Material and the core); this
    process pays that once and then builds as `make serve` itself does, reading the config afresh every time
    and importing the core afresh when its code changed (see _core()). It gets no PDFs to make: the source
    language's build adds every language's PDFs, when asked to.
    """

    def __init__(self, root: Path, language: str):
        environment = {**os.environ, LANGUAGE_VARIABLE: language, "PLAYBOOK_SERVE": "", "PLAYBOOK_SERVE_PDFS": "",
                       "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "macros.mkdocs_hooks", str(root / "mkdocs.yml")],
                                        cwd=root, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        self.building = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def start(self, site_dir: Path) -> None:
        """Start building into `site_dir`."""
        self.wait()
        self.process.stdin.write(f"{site_dir}\n")
        self.process.stdin.flush()
        self.building = True

    def wait(self) -> None:
        """Wait until the build started last is done (its errors went to the terminal, as a cold build's do)."""
        if self.building:
            self.process.stdout.readline()
            self.building = False

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def _build_languages_on_request(config_file: str) -> None:
    """The loop of a _LanguageBuilder: build into each site folder named on a line of stdin, as `mkdocs build
    --quiet` would, and say "done" on stdout after each."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    answers, sys.stdout = sys.stdout, sys.stderr  # whatever a build prints goes to the terminal, not into the answers
    for line in sys.stdin:
        try:
            config = load_config(config_file, site_dir=line.rstrip("\n"))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except Abort as error:
            print(f"{os.environ[LANGUAGE_VARIABLE]}: {error.format_message()}", file=sys.stderr)
        except Exception:  # a broken edit: reported, and the next rebuild tries again
            logging.getLogger("mkdocs").exception(f"{os.environ[LANGUAGE_VARIABLE]}: the build failed")
        print("done", file=answers, flush=True)


if __name__ == "__main__":
    _build_languages_on_request(sys.argv[1])
