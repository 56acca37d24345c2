"""letterkit serve in a real browser (Debian's chromium + chromedriver via selenium): the form
filled and submitted in English and Urdu, the queued letters printed and read back."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_serve import Browserless, free_port, start_server, tokens

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
GALLERY = Path(__file__).resolve().parent.parent / "docs" / "gallery"

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)",
)


@pytest.fixture
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="lk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1000,1400",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(30)  # the preview renders a PDF; the machine may be busy
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def submit(
    driver: Any, base: str, lang: str, name: str, sentence: str, screenshot: Path | None = None
) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/?lang={lang}")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    driver.find_element(By.CSS_SELECTOR, "input[name=target][value=pm]").click()
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "city").send_keys("Berlin")
    safe = driver.find_element(By.NAME, "safe")
    if safe.is_selected():
        safe.click()  # sign with the full name, so the PDF can be checked for it
    driver.find_element(By.NAME, "sentence").send_keys(sentence)
    if screenshot is not None:
        driver.save_screenshot(str(screenshot))
    driver.find_element(By.CSS_SELECTOR, "button[value=preview]").click()
    image = driver.find_element(By.CSS_SELECTOR, "img.page")
    assert driver.execute_script("return arguments[0].naturalWidth", image) > 300
    driver.find_element(By.ID, "queue").click()
    assert driver.find_element(By.CSS_SELECTOR, "p.done").text


def test_english_and_urdu_in_chromium(tmp_path: Path, browser: Any) -> None:
    port = free_port()
    proc = start_server(tmp_path, port)
    try:
        out = proc.stdout.readline().decode() + proc.stdout.readline().decode()  # type: ignore
        token = re.search(r"token=(\S+)", out).group(1)  # type: ignore[union-attr]
        base = f"http://127.0.0.1:{port}"
        submit(browser, base, "en", "Amina Rahimi", "My cousin was sent back in October.")
        GALLERY.mkdir(parents=True, exist_ok=True)
        shot = tmp_path / "serve-form-ur.png"
        submit(
            browser,
            base,
            "ur",
            "Omar Saleh",
            "میرے بھائی کو اکتوبر میں واپس بھیجا گیا۔",
            screenshot=shot,
        )
        assert browser.find_element("tag name", "html").get_attribute("dir") == "rtl"
        shutil.copyfile(shot, GALLERY / "serve-form-ur.png")
        organiser = Browserless(port)
        page = organiser.get(f"/organiser?token={token}")
        assert "2 letter(s)" in page
        pdf = tmp_path / "all.pdf"
        pdf.write_bytes(organiser.post("/organiser/print", tokens(page)))
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Amina Rahimi" in text and "Omar Saleh" in text
        assert "اکتوبر" in text  # the Urdu sentence, in the letter
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
