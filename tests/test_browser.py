"""The built default playbook in headless Chromium: what a reader sees, finds, and what leaves the machine."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from macros.content import load_playbook
from conftest import new_context
from sitebuild import REPO, one_page_of_each_kind, serve

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe-core still runs every rule; it just does not write up the nodes that pass, which nothing here reads.
ONLY_VIOLATIONS = {"resultTypes": ["violations"]}
PHASE_PAGE = "conditions/shared-influence/why/"


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(REPO)


@pytest.fixture(scope="session")
def site(default_site):
    """The default playbook's site, served."""
    with serve(default_site) as base_url:
        yield base_url


def tracked_page(context):
    """A new tab that records every URL it requests."""
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    return page


@pytest.fixture
def page(browser):
    """A tab in a browser of its own: nothing another test stored reaches it."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    yield tracked_page(context)
    context.close()


@pytest.fixture(scope="module")
def desktop_tab(browser):
    """One tab of one desktop browser, shared by the tests that only read pages: a new context costs a third of
    a second, and a new tab most of one (its own renderer process, which loads the site's scripts afresh)."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    yield tracked_page(context)
    context.close()


@pytest.fixture
def reading_page(desktop_tab):
    """The shared desktop tab, for a test that stores nothing: its request log starts empty, and afterwards it
    shows pages as on a screen again."""
    desktop_tab.requested_urls.clear()
    yield desktop_tab
    desktop_tab.emulate_media(media="null")


@pytest.fixture(scope="module")
def phone_tab(browser):
    """One tab of a phone's browser, shared by the tests that only measure pages."""
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    yield tracked_page(context)
    context.close()


def settle(page) -> None:
    """Wait until the page has loaded with its fonts, as a reader sees it."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


def test_phase_page_shows_every_big_question_numbered(reading_page, site, playbook):
    page = reading_page
    page.goto(site + PHASE_PAGE)
    questions = playbook.condition("shared-influence").guide("why").big_questions
    items = page.locator("ol.pb-questions > li")
    expect(items).to_have_count(len(questions))
    first_words = " ".join(questions[0].text.split()[:6])
    expect(items.first).to_be_visible()
    expect(items.first).to_contain_text(first_words)
    # Follow-ups are lettered and linkable, so a group can say "question 1b".
    follow_ups = questions[0].follow_ups
    expect(page.locator("#q1b")).to_contain_text(follow_ups[1].text.split()[0])


@pytest.fixture(scope="module")
def search_page(browser, site):
    """The home page with its search index loaded, shared by the search tests (the index loads once)."""
    context = new_context(browser, searches=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site)
    page.locator("input.md-search__input").click()
    # As a reader would: wait for the index to load before typing.
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("Initializing", timeout=20_000)
    yield page
    context.close()


@pytest.mark.parametrize("slug", [condition.slug for condition in load_playbook(REPO).conditions])
def test_search_finds_the_phase_page_from_a_few_words_of_a_big_question(search_page, playbook, slug):
    question = playbook.condition(slug).guide("how").big_questions[1].text
    # A few of its words, the telling ones a reader remembers rather than "the" or "your".
    phrase = " ".join([word for word in re.sub(r"[^\w\s]", " ", question).split() if len(word) >= 6][:4])
    search = search_page.locator("input.md-search__input")
    # Typed (pasted) in one go: the search runs on the key's release, once, not once per letter.
    search.fill(phrase)
    search.press("End")
    # Results replace each other as the query changes, so wait for this query's, then read the first ten.
    expect(search_page.locator(".md-search-result__meta")).to_contain_text("matching", timeout=10_000)
    among_first_ten = search_page.locator(
        f'.md-search-result__item:nth-child(-n+10) > a[href*="conditions/{slug}/how/"]')
    try:
        expect(among_first_ten.first).to_be_attached(timeout=10_000)
    except AssertionError:
        links = search_page.locator(".md-search-result__item > a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 10))]
        raise AssertionError(f"{phrase!r} did not find conditions/{slug}/how/ among {hrefs}") from None


def test_search_for_a_condition_s_name_finds_that_condition_first_and_never_a_present_view(search_page, playbook):
    search = search_page.locator("input.md-search__input")
    for condition in playbook.conditions:
        search.fill(condition.title.lower())
        search.press("End")
        first = search_page.locator(".md-search-result__list > .md-search-result__item:first-child > a").first
        expect(first).to_have_attribute("href", re.compile(f"conditions/{condition.slug}/"))
        links = search_page.locator(".md-search-result__item > a")
        assert not any("/present/" in (links.nth(i).get_attribute("href") or "") for i in range(links.count()))


@pytest.fixture(scope="module")
def spanish_search_page(browser, site):
    """The Spanish home page with the Spanish search index loaded."""
    context = new_context(browser, searches=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "es/")
    page.locator("input.md-search__input").click()
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("Inicializando", timeout=20_000)
    yield page
    context.close()


def singular(word: str) -> str:
    """A Spanish plural as its singular, roughly ("decisiones" -> "decision", "estructuras" -> "estructura")."""
    return word[:-2] if word.endswith("es") and len(word) > 6 else word[:-1] if word.endswith("s") else word


@pytest.mark.parametrize("slug", [condition.slug for condition in load_playbook(REPO).conditions])
def test_spanish_search_finds_the_phase_page_from_spanish_words_and_shows_only_spanish_pages(
        spanish_search_page, slug):
    page = spanish_search_page
    question = load_playbook(REPO, "es").condition(slug).guide("how").big_questions[1].text
    # The words a reader remembers are the rare ones: of the question's longer words, the three that the fewest
    # Spanish pages hold, each in another form than the question's (singular for plural), which only stemming
    # matches.
    index = page.evaluate("fetch('search/search_index.json').then(response => response.json())")
    texts = [document["text"].lower() for document in index["docs"]]
    words = sorted({word.lower() for word in re.sub(r"[^\w\s]", " ", question).split() if len(word) >= 6},
                   key=lambda word: (sum(word in text for text in texts), word))[:3]
    phrase = " ".join(singular(word) for word in words)
    search = page.locator("input.md-search__input")
    links = page.locator(".md-search-result__item > a")
    search.fill("")  # the last search's results go first, so none of them is read as this one's
    expect(links).to_have_count(0)
    search.fill(phrase)
    search.press("End")
    expect(page.locator(".md-search-result__meta")).to_contain_text("encontrado", timeout=10_000)
    hrefs = [links.nth(i).evaluate("a => a.href") for i in range(min(links.count(), 10))]
    assert any(f"/es/conditions/{slug}/how/" in href for href in hrefs), (phrase, hrefs)
    assert all(href.startswith(site_root(page) + "es/") for href in hrefs), hrefs


def test_spanish_search_stems_spanish_words(spanish_search_page):
    # "Estructuras de trabajo facilitadoras", found from the singular: Spanish stemming, not English.
    page = spanish_search_page
    search = page.locator("input.md-search__input")
    search.fill("estructura facilitadora")
    search.press("End")
    first = page.locator(".md-search-result__list > .md-search-result__item:first-child > a").first
    expect(first).to_have_attribute("href", re.compile("conditions/enabling-work-structures/"))


def site_root(page) -> str:
    return page.url.split("es/")[0]


@pytest.mark.parametrize("path", ["es/", "es/conditions/shared-influence/why/", "es/tools/self-assessment/",
                                  "es/translation-status/", "es/frameworks/crosswalk/", "es/credits/"])
def test_spanish_pages_make_no_outside_request_and_have_no_accessibility_violations(reading_page, site, path):
    page = reading_page
    page.goto(site + path)
    settle(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, **ONLY_VIOLATIONS})
    assert results.violations_count == 0, results.generate_report()
    assert [url for url in page.requested_urls if urlsplit(url).netloc != urlsplit(site).netloc] == []


def test_the_language_menu_takes_a_reader_to_the_same_page_in_spanish_and_back(reading_page, site):
    page = reading_page
    page.goto(site + PHASE_PAGE)
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="es"]').click()
    expect(page).to_have_url(site + "es/" + PHASE_PAGE)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    expect(page).to_have_url(site + PHASE_PAGE)


# Every kind of page (one of each: home, phase, meeting-room view, tool, example, team view...), in English on
# a desktop screen and in Spanish on a phone, plus pages whose content differs most within a kind.
EVERY_KIND = ([(path, "desktop") for path in one_page_of_each_kind(REPO, ["en"])]
              + [(path, "phone") for path in one_page_of_each_kind(REPO, ["es"])]
              + [(path, "desktop") for path in ("conditions/shared-influence/", PHASE_PAGE, "tools/theory-of-action/",
                                                "frameworks/teaching-as-collective-leadership/",
                                                "tools/theory-of-action/example/")])


@pytest.mark.parametrize("path, screen", EVERY_KIND)
def test_no_request_leaves_the_site_and_no_accessibility_violations(reading_page, phone_tab, site, path, screen):
    page = reading_page if screen == "desktop" else phone_tab
    page.requested_urls.clear()
    page.goto(site + path)
    settle(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, **ONLY_VIOLATIONS})
    violations = [(v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]]
    assert violations == []
    own_host = urlsplit(site).netloc
    foreign = [url for url in page.requested_urls if urlsplit(url).netloc not in (own_host, "")]
    assert foreign == []


def test_material_best_practice_rules_pass_too(reading_page, site):
    """Material's search dialog has no name and its footer text is too faint; overrides/ fixes both."""
    page = reading_page
    page.goto(site + PHASE_PAGE)
    settle(page)
    results = Axe().run(page, options=ONLY_VIOLATIONS)
    assert [v["id"] for v in results.response["violations"]] == []


@pytest.mark.parametrize("path", ["", "conditions/shared-influence/", PHASE_PAGE, "conditions/",
                                  "frameworks/crosswalk/", "tools/action-timeline/", "es/", "es/" + PHASE_PAGE,
                                  "es/frameworks/crosswalk/", "es/translation-status/"])
def test_pages_fit_a_phone_screen(phone_tab, site, path):
    phone_tab.goto(site + path)
    overflow = phone_tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_ticked_tasks_stay_ticked_in_this_browser(page, site):
    page.goto(site + PHASE_PAGE)
    first_task = page.locator("input.pb-tasks__box").first
    first_task.check()
    page.reload()
    expect(page.locator("input.pb-tasks__box").first).to_be_checked()


def test_printing_from_the_browser_shows_content_without_navigation(reading_page, site):
    page = reading_page
    page.goto(site + PHASE_PAGE)
    page.emulate_media(media="print")
    for hidden in [".md-header", ".md-sidebar--primary", ".md-search", ".pb-steps", ".pb-pager"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("ol.pb-questions").first).to_be_visible()


def test_present_view_shows_one_big_question_at_a_time_with_arrow_keys_and_a_step_timer(page, site, playbook):
    guide = playbook.condition("shared-influence").guide("why")
    total = len(guide.big_questions)
    page.goto(site + PHASE_PAGE + "present/")
    questions = page.locator("[data-pb-question]")
    expect(questions).to_have_count(total)
    visible = page.locator("[data-pb-question]:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text(" ".join(guide.big_questions[0].text.split()[:5]))
    page.keyboard.press("ArrowRight")
    expect(page.locator("[data-pb-position]")).to_have_text(f"Question 2 of {total}")
    expect(visible).to_contain_text(" ".join(guide.big_questions[1].text.split()[:5]))
    page.keyboard.press("ArrowLeft")
    expect(page.locator("[data-pb-position]")).to_have_text(f"Question 1 of {total}")
    # The timer starts at the first step's length and counts down on the space bar.
    first_step = guide.session.steps[0]
    clock = page.locator("[data-pb-clock]")
    expect(clock).to_have_text(f"{first_step.minutes}:00")
    page.keyboard.press(" ")
    expect(clock).not_to_have_text(f"{first_step.minutes}:00", timeout=3_000)
    expect(page.locator("[data-pb-start]")).to_have_text("Pause timer")
    # Choosing a step about given big questions brings up the first of them.
    step = next(step for step in guide.session.steps if step.questions)
    page.select_option("[data-pb-step]", index=step.number - 1)
    expect(page.locator("[data-pb-position]")).to_have_text(f"Question {step.questions[0].number} of {total}")


def test_printing_a_filled_worksheet_shows_every_line_typed(page, site):
    page.goto(site + "tools/theory-of-action/")
    box = page.locator("textarea").first
    lines = [f"Line {n} of what the team wrote down." for n in range(1, 21)]
    box.fill("\n".join(lines))
    page.emulate_media(media="print")
    hidden = page.evaluate("(box) => box.scrollHeight - box.clientHeight", box.element_handle())
    assert hidden <= 1
