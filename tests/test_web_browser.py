"""The page in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`) driven by
Selenium against `tonecheck serve`.

CI installs both (.ci/run) and sets CI, so there a missing browser fails the test; elsewhere it is
skipped, with the reason, when the browser is not installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from .webserver import post_json, running_server

pytestmark = pytest.mark.model

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1000",
)
# The emoji takes two UTF-16 units and one code point: the marks must still fall on the right words.
DRAFT = (
    "Hi Maria,\n\nThank you for meeting with me on Tuesday 🙂. I enjoyed hearing about the spring launch. "
    "Why haven't you replied to my last email?\n\nBest,\nSam"
)

DRAFT_CHECK_IN = "Hi Sam,\n\nIs there any update on the role?\n\nBest,\nAna"

DRAFT_WITHOUT_THANKS = "Hi Maria,\n\nAny update on the role?\n\nBest,\nSam"


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    if os.environ.get("CI"):
        pytest.fail(
            "CI must run the browser test: .ci/run installs chromium and chromium-driver with apt-get"
        )
    pytest.skip(
        "not on CI, and Chromium or its driver is not installed (apt-get install chromium chromium-driver)"
    )


@pytest.fixture(scope="module")
def page_url(tmp_path_factory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("browser"), "--isolated") as (url, _log):
        yield url


@pytest.fixture
def browser():
    chromium, driver_path = _browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver, condition, seconds: float = 30):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The page redraws its findings after each check; an element read mid-redraw is stale, and the
    # condition is simply asked again.
    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,)).until(
        condition
    )


def _paste(driver, text: str) -> None:
    """Put ``text`` in the draft as a paste does: one input event carrying all of it."""
    driver.execute_script(
        "const area = document.getElementById('draft'); area.focus();"
        "document.execCommand('insertText', false, arguments[0]);",
        text,
    )


def _card(driver, rule: str):
    from selenium.webdriver.common.by import By

    for item in driver.find_elements(By.CSS_SELECTOR, "#findings li.finding"):
        if item.find_element(By.CSS_SELECTOR, ".rule").text == rule:
            return item
    return None


def test_paste_see_highlights_apply_a_rewrite(browser, page_url, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page_url)
    area = browser.find_element(By.ID, "draft")
    _paste(browser, DRAFT)
    marks = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#highlights mark"))
    assert "Why haven't you replied to my last email?" in [mark.text for mark in marks]
    assert "guessed" in browser.find_element(By.ID, "kind-shown").text
    card = _wait(browser, lambda d: _card(d, "accusatory/why-havent-you"))
    assert card.find_element(By.CSS_SELECTOR, ".why").text.startswith("Why:")
    browser.save_screenshot(str(tmp_path / "highlighted.png"))

    # Keyboard: Tab to the finding's "Show in the text" and press Enter: the words are selected.
    locate = card.find_element(By.CSS_SELECTOR, "button.locate")
    browser.execute_script("arguments[0].focus()", locate)
    locate.send_keys(Keys.ENTER)
    selected = browser.execute_script(
        "const a = document.getElementById('draft'); return a.value.slice(a.selectionStart, a.selectionEnd);"
    )
    assert selected == "Why haven't you replied to my last email?"

    rewrite = card.find_element(By.CSS_SELECTOR, "ul.rewrites li p").text
    card.find_element(By.CSS_SELECTOR, "button.use-rewrite").click()
    expected = DRAFT.replace("Why haven't you replied to my last email?", rewrite)
    assert area.get_attribute("value") == expected
    # The edit is checked again: that finding goes, and the text keeps the rewrite.
    _wait(
        browser,
        lambda d: (
            _card(d, "accusatory/why-havent-you") is None
            and "Checked" in d.find_element(By.ID, "status").text
        ),
    )
    assert area.get_attribute("value") == expected

    # Typing goes on being checked (debounced): a shouted line is flagged once typing stops.
    area.send_keys(Keys.CONTROL, Keys.END)
    area.send_keys("\n\nPLEASE ANSWER ME TODAY!!!")
    _wait(
        browser,
        lambda d: any("PLEASE" in m.text for m in d.find_elements(By.CSS_SELECTOR, "#highlights mark")),
    )

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_choosing_the_kind_and_dates_rechecks(browser, page_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(page_url)
    _paste(browser, DRAFT_CHECK_IN)
    _wait(browser, lambda d: "guessed" in d.find_element(By.ID, "kind-shown").text)
    Select(browser.find_element(By.ID, "kind")).select_by_value("rejection-reply")
    _wait(
        browser, lambda d: "reply to a rejection (as you chose)" in d.find_element(By.ID, "kind-shown").text
    )
    Select(browser.find_element(By.ID, "kind")).select_by_value("check-in")
    _wait(browser, lambda d: "a check-in (as you chose)" in d.find_element(By.ID, "kind-shown").text)
    assert _rules(browser, "premature-contact/") == []  # no dates, nothing to be premature about
    plan = browser.find_element(By.ID, "plan")
    assert not plan.is_displayed()  # no interview date, no plan
    for field, value in (("interview-date", "03/02/2026"), ("send-date", "03/03/2026")):
        browser.find_element(By.ID, field).send_keys(value)  # the date fields take the locale's order
    assert browser.find_element(By.ID, "send-date").get_attribute("value") == "2026-03-03"
    _wait(browser, lambda d: _rules(d, "premature-contact/"))

    # The follow-up plan appears with the interview date, as /api/plan gives it for the same fields.
    _wait(browser, lambda d: plan.is_displayed() and "This draft" in plan.text)
    body = {
        "text": DRAFT_CHECK_IN,
        "kind": "check-in",
        "interview-date": "2026-03-02",
        "send-date": "2026-03-03",
    }
    expected = post_json(page_url + "api/plan", body)[1]
    steps = plan.find_elements(By.CSS_SELECTOR, "ol.plan-steps > li")
    assert len(steps) == len(expected["steps"]) == 4
    for item, step in zip(steps, expected["steps"], strict=True):
        assert step["date"] in item.find_element(By.TAG_NAME, "h3").text
        assert item.find_element(By.CSS_SELECTOR, ".advice").text == step["advice"]
    assert steps[0].find_element(By.TAG_NAME, "h3").text == "Thank-you note by Tue 2026-03-03"
    # The draft's step is said in words and to screen readers (aria-current), not by colour alone.
    current = plan.find_elements(By.CSS_SELECTOR, "li[aria-current='step']")
    assert current == [steps[1]] and expected["draft_step"] == "check-in"
    assert "This draft, to be sent Tue 2026-03-03" in steps[1].text
    assert plan.get_attribute("aria-labelledby") == "plan-heading"

    # Another reply-by date moves the check-ins, with the other live checks.
    browser.find_element(By.ID, "reply-by").send_keys("03/13/2026")
    _wait(browser, lambda d: "Check-in on Mon 2026-03-16" in plan.text)


def _marked(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [mark.text for mark in driver.find_elements(By.CSS_SELECTOR, "#highlights mark")]


def _kind_shown(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, "kind-shown").text


def _rules(driver, prefix: str) -> list[str]:
    from selenium.webdriver.common.by import By

    found = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "#findings .rule")]
    return [rule for rule in found if rule.startswith(prefix)]


def test_safe_fixes_and_copy(browser, page_url):
    from selenium.webdriver.common.by import By

    browser.get(page_url)
    _paste(browser, DRAFT_WITHOUT_THANKS)
    fix = browser.find_element(By.ID, "fix-safe")
    _wait(browser, lambda d: "missing-thanks/check-in" in _rules(d, "missing-thanks/") and fix.is_enabled())
    fix.click()
    _wait(browser, lambda d: d.find_element(By.ID, "status").text.startswith("Applied 1 safe fix"))
    value = browser.find_element(By.ID, "draft").get_attribute("value")
    assert value == post_json(page_url + "api/fix", {"text": DRAFT_WITHOUT_THANKS})[1]["text"]
    assert value.startswith("Hi Maria,\n\nAny update on the role?\n\n") and value.endswith("\n\nBest,\nSam")
    assert "thank" in value.split("role?", 1)[1].lower()
    _wait(
        browser,
        lambda d: _rules(d, "missing-thanks/") == [] and "Checked" in d.find_element(By.ID, "status").text,
    )
    browser.find_element(By.ID, "copy").click()
    _wait(browser, lambda d: d.find_element(By.ID, "status").text == "Copied the text to the clipboard.")
