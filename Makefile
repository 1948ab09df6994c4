# Two commands matter: `make build` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The site generator: mkdocs (MkDocs with Material for MkDocs) or zensical (its successor).
ENGINE ?= mkdocs
ENGINE_INSTALLED := $(if $(filter zensical,$(ENGINE)),$(VENV)/.installed-zensical,$(VENV)/.installed)
# Debian packages WeasyPrint needs to render PDFs (text layout and the fonts it embeds).
BUILD_SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
# Debian packages the browser, PDF and HTML checks need on top of those (Node for npm, Java for the Nu checker).
TEST_SYSTEM_PACKAGES := chromium qpdf poppler-utils nodejs openjdk-17-jre-headless
# The npm packages the checks use, pinned in package-lock.json; their install scripts are never run. Lighthouse
# (an optional dependency) is installed only by `make audit`, so that the tests' install stays small.
NODE_INSTALLED := node_modules/.installed
AUDIT_NODE_INSTALLED := node_modules/.installed-audit

.PHONY: build site dist print-build-packages pdf serve validate test check audit bench clean translations stamp new-language

build: site

site: $(ENGINE_INSTALLED)
	bash scripts/ensure_system_packages.sh $(BUILD_SYSTEM_PACKAGES)
	$(BIN)/python scripts/build_site.py --engine $(ENGINE)

# The offline copy: the whole site, PDFs included, as one zip to open from file:// (dist/<name>-<date>.zip).
dist: site
	$(BIN)/python scripts/make_dist.py

# The Debian packages `make build` needs, for a step that installs them first (.github/workflows/pages.yml).
print-build-packages:
	@echo $(BUILD_SYSTEM_PACKAGES)

pdf: $(VENV)/.installed
	bash scripts/ensure_system_packages.sh $(BUILD_SYSTEM_PACKAGES)
	$(BIN)/python scripts/build_pdfs.py $(if $(PLAN),--plan)

# `make serve PDF=1` also renders the PDFs into the preview after every rebuild (only the changed ones).
serve: $(VENV)/.installed
	PLAYBOOK_SERVE=1 PLAYBOOK_SERVE_PDFS=$(PDF) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

validate: $(VENV)/.installed
	$(BIN)/python scripts/validate.py

test: $(VENV)/.installed-test
	bash scripts/ensure_system_packages.sh $(BUILD_SYSTEM_PACKAGES) $(TEST_SYSTEM_PACKAGES)
	$(MAKE) --no-print-directory $(NODE_INSTALLED)
	$(BIN)/python -m pytest

# The quality gates on the site `make build` made: links, anchors and PDF links, and valid HTML on every page.
check: $(VENV)/.installed
	bash scripts/ensure_system_packages.sh nodejs openjdk-17-jre-headless
	$(MAKE) --no-print-directory $(NODE_INSTALLED)
	$(BIN)/python scripts/check_site.py site --html

# Lighthouse on the site `make build` made: home, phase and tool pages in every language, on a simulated phone.
audit: $(VENV)/.installed
	bash scripts/ensure_system_packages.sh nodejs chromium
	$(MAKE) --no-print-directory $(AUDIT_NODE_INSTALLED)
	$(BIN)/python scripts/audit.py

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Everything, Lighthouse included, which is also all that $(NODE_INSTALLED) needs. package.json pins
# third-party-web ("overrides"): a package Lighthouse uses asks for its "latest", which npm ci would check against
# the registry's newest version instead of the lock.
$(AUDIT_NODE_INSTALLED): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@ $(NODE_INSTALLED)

bench: $(VENV)/.installed
	bash scripts/ensure_system_packages.sh $(BUILD_SYSTEM_PACKAGES) poppler-utils
	$(BIN)/python scripts/bench.py

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-zensical: $(VENV)/.installed requirements-zensical.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@

# The tests build with both engines.
$(VENV)/.installed-test: $(VENV)/.installed-zensical requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

clean:
	rm -rf site dist .site-build .site-previous .zensical-build .cache .pytest_cache .audit

# Translations: how far each language is (STRICT=1 fails unless all is translated and current; LANGUAGE=es for one),
# recording a checked translation file (FILE=data/es/start.yml, optionally KEYS="title summary"),
# and adding a language (LANG=fr).
translations: $(VENV)/.installed
	$(BIN)/python scripts/translations.py $(if $(LANGUAGE),--language $(LANGUAGE)) $(if $(filter 1,$(STRICT)),--strict)

stamp: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make stamp FILE=data/es/start.yml [KEYS=\"title summary\"]" >&2; exit 2; }
	$(BIN)/python scripts/translations.py stamp $(FILE) $(KEYS)

new-language: $(VENV)/.installed
	$(BIN)/python scripts/translations.py new "$(LANG)"
