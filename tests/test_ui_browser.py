"""The web UI in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium): open the page,
send a message, wait for the recommendation cards, click "Why?", and save a screenshot (out/ui-browser.png)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, free_port

from ui.app import build_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture()
def browser():
    if not (CHROMIUM and Path(DRIVER).exists()):
        message = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs them; a missing browser there is a set-up bug, not a skip
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def test_send_wait_for_cards_click_why_and_screenshot(agent, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    app = build_app(agent, k=4)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        browser.get(f"http://127.0.0.1:{port}/")
        wait = WebDriverWait(browser, 60)
        box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#llmrec-message textarea")))
        box.send_keys("a film about ghosts", Keys.ENTER)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".llmrec-card")) == 4)
        titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".llmrec-title")]
        assert titles[0].startswith("#1 ")
        first = titles[0].split(" ", 1)[1].rsplit(" (", 1)[0]
        assert first in browser.find_element(By.ID, "llmrec-chat").text  # the reply lists the same items

        browser.find_elements(By.CSS_SELECTOR, ".llmrec-why-button")[1].click()
        second = titles[1].split(" ", 1)[1].rsplit(" (", 1)[0]
        wait.until(lambda d: f"#2 {second}" in d.find_element(By.ID, "llmrec-chat").text)
        assert "Serving" in browser.find_element(By.ID, "llmrec-footer").text

        out = ROOT / "out"
        out.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(out / "ui-browser.png"))
    finally:
        app.close()
