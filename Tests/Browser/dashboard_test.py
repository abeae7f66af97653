"""The dashboard in a real browser: Debian's Chromium, headless, driven by Selenium.

Run by scripts/browser-test against a running demo stack (scripts/stack starts one):

    DISTRICT_GATEWAY_HTTP_URL=http://127.0.0.1:8100 DISTRICT_TOKEN=<admin> \
    DISTRICT_READER_TOKEN=<reader> DISTRICT_STOP_COMMAND_FINANCE='…' \
    DISTRICT_START_COMMAND_FINANCE='…' python3 Tests/Browser/dashboard_test.py

It asks the page for what a reader should see and fails on the first difference: the article's
figures in Vietnamese and in English, a collection recorded through the HTTP edge appearing
without a reload, finance stopped and its sections marked unavailable while the others stay,
and the report page's text equal to GetReport's. It prints the time from navigation to the data
being shown and the page's weight, and saves screenshots at 1366 and 375 px in both languages
(DISTRICT_SCREENSHOT_DIR, default .build-stack/screenshots).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata
import uuid

import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["DISTRICT_GATEWAY_HTTP_URL"].rstrip("/")
ADMIN = os.environ["DISTRICT_TOKEN"]
READER = os.environ["DISTRICT_READER_TOKEN"]
SHOTS = os.environ.get("DISTRICT_SCREENSHOT_DIR", ".build-stack/screenshots")
DEMO = "asOf=2023-11-22&revenueAsOf=2023-11-01&revenuePrecision=early-month"
LAGGING = {"Phước Vĩnh Đông", "Tân Tập", "Đông Thạnh"}
failures = []


def check(name, condition, detail=""):
    if condition:
        print(f"browser: ok   {name}")
    else:
        print(f"browser: FAIL {name}: {detail}"[:1200], file=sys.stderr)
        failures.append(name)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1366,768", "--lang=vi"):
        options.add_argument(argument)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def wait(driver, condition, seconds=10):
    """The condition's first truthy value within `seconds` (a section re-rendered under it is asked
    again), or None."""
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.05,
                             ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition)
    except TimeoutException:
        return None


def ready(driver):
    return driver.execute_script("return document.body.dataset.ready === 'true'")


def text(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector).text


def call(method, message, token, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    answer = requests.post(f"{URL}/{method}", json=message, headers=headers, timeout=15)
    answer.raise_for_status()
    return answer.json()


def screenshot(driver, name, width):
    driver.set_window_size(width, 900)
    time.sleep(0.2)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, f"{name}-{width}.png")
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))
    print(f"browser: screenshot {path} ({width}×{height})")
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    check(f"{name} at {width} px: nothing wider than the window", overflow <= 0, f"{overflow} px too wide")
    driver.set_window_size(1366, 768)


def vietnamese(label):
    """Whether a label is written with Vietnamese letters (a diacritic or đ)."""
    decomposed = unicodedata.normalize("NFD", label)
    return "đ" in label.lower() or any(unicodedata.combining(c) for c in decomposed)


def token_form(driver):
    """The first visit: the gateway requires a token; a wrong one is refused, a reader's is enough."""
    driver.get(f"{URL}/?{DEMO}")
    form = wait(driver, lambda d: d.find_element(By.ID, "token-input").is_displayed() and d.find_element(By.ID, "token-input"))
    check("the page asks for a token when the gateway requires one", form is not None)
    if not form:
        return
    form.send_keys("not-a-token\n")
    refused = wait(driver, lambda d: "không được chấp nhận" in text(d, "#token-form"))
    check("a wrong token is refused, with the reason", refused, text(driver, "#token-form"))
    driver.find_element(By.ID, "token-input").send_keys(READER + "\n")
    check("a reader's token is enough", wait(driver, ready), text(driver, "body")[:400])
    check("the token is kept in sessionStorage only",
          driver.execute_script("return sessionStorage.getItem('district.token') === arguments[0] && localStorage.length === 0", READER))


def timings(driver):
    """Navigation to the data shown, the page's weight, and every request stays at the gateway:
    with the browser's cache off, as a first visit."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.get(f"{URL}/?{DEMO}")
    check("the demo page shows its data", wait(driver, ready))
    shown = driver.execute_script(
        "const m = performance.getEntriesByName('district-data-shown')[0]; return m ? m.startTime : null")
    entries = driver.execute_script("""
        const nav = performance.getEntriesByType('navigation')[0];
        return [{name: nav.name, size: nav.decodedBodySize}].concat(
          performance.getEntriesByType('resource').map(r => ({name: r.name, size: r.decodedBodySize, type: r.initiatorType})));
    """)
    overview = int(driver.execute_script("return document.body.dataset.overviewBytes") or 0)
    weight = sum(entry["size"] for entry in entries) + overview
    for entry in entries:
        print(f"browser:   {entry['name'][len(URL):]}: {entry['size']} bytes")
    print(f"browser:   the first overview on the stream: {overview} bytes")
    print(f"browser: data shown {shown:.0f} ms after navigation; {len(entries)} requests, {weight} bytes in all")
    print(f"browser: figures: shown_ms={shown:.0f} weight_bytes={weight}")
    check("the page weighs at most 200 KB", weight <= 200 * 1024, f"{weight} bytes")
    outside = [entry["name"] for entry in entries if not entry["name"].startswith(URL + "/")]
    check("no request to anything but the gateway", not outside, outside)
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})


def figures_vi(driver):
    driver.get(f"{URL}/?{DEMO}")
    wait(driver, ready)
    page = text(driver, "main")
    for figure in ["15/15", "881 hộ gia đình", "2 tổ chức", "112,96 ha", "1.203,75 tỉ đồng", "1.203.750.000.000 đồng",
                   "610,7 tỉ đồng", "96%", "95%", "Lũy kế đến đầu tháng 11/2023", "Vượt: 10", "Đạt: 5"]:
        check(f"vi: {figure}", figure in page, page[:300])
    lagging = {row.text for row in driver.find_elements(By.CSS_SELECTOR, "#revenue tr.lagging th .name")}
    check("vi: the three lagging communes are marked", lagging == LAGGING, lagging)
    check("vi: 15 indicators with a status", len(driver.find_elements(By.CSS_SELECTOR, "li.indicator .badge")) == 15)
    check("vi: the lower-is-better target (the poverty rate) reads ≤ 0,5%",
          "≤ 0,5% (càng thấp càng tốt)" in text(driver, "li[data-indicator='nq50-ct-08']"),
          text(driver, "li[data-indicator='nq50-ct-08']"))
    blockers = driver.find_elements(By.CSS_SELECTOR, "table.blockers tbody tr")
    days = [int(row.find_elements(By.TAG_NAME, "td")[3].text.replace(".", "")) for row in blockers]
    check("vi: 12 blockers, oldest first", len(days) == 12 and days == sorted(days, reverse=True), days)
    check("vi: the four projects with plots and certificates",
          len(driver.find_elements(By.CSS_SELECTOR, "table.projects tbody tr")) == 4)
    check("vi: dates are dd/mm/yyyy", "/11/2023" in page or "/2023" in page)
    screenshot(driver, "dashboard-vi", 1366)
    screenshot(driver, "dashboard-vi", 375)


def figures_en(driver):
    driver.get(f"{URL}/?{DEMO}&lang=en")
    wait(driver, ready)
    page = text(driver, "main")
    for figure in ["15/15", "881 households", "2 organisations", "112.96 ha", "VND 1,203.75 billion",
                   "VND 1,203,750,000,000", "VND 610.7 billion", "96%", "95%", "Exceeded: 10", "Achieved: 5"]:
        check(f"en: {figure}", figure in page, page[:300])
    lagging = {row.text for row in driver.find_elements(By.CSS_SELECTOR, "#revenue tr.lagging th .name")}
    check("en: the three lagging communes are marked", lagging == LAGGING, lagging)
    labels = driver.execute_script("""
        return [...document.querySelectorAll('h1, h2, h3, caption, thead th, dt, .badge, .caption, .tag, label, button, .live, .languages a')]
          .map(e => e.textContent).filter(t => t.trim() && t !== 'Tiếng Việt');
    """)
    written = [label for label in labels if vietnamese(label)]
    check("en: no label the code writes is in Vietnamese", not written, written[:10])
    check("en: the document says it is English", driver.execute_script("return document.documentElement.lang") == "en")
    screenshot(driver, "dashboard-en", 1366)
    screenshot(driver, "dashboard-en", 375)


def live_revenue(driver):
    """A collection recorded through the edge appears on the open page without a reload; its
    correction takes it away again, leaving the demo's figures as they were."""
    driver.get(f"{URL}/?{DEMO}&lang=en")
    wait(driver, ready)
    driver.execute_script("window.__sameDocument = true")
    before = text(driver, "#revenue .figure strong")
    check("live: the total collected before the write", before == "VND 610.7 billion", before)
    updated_before = int(driver.find_element(By.ID, "live").get_attribute("data-since"))
    collection = call("district.finance.v1.Finance/RecordCollection",
                      {"collection": {"collectedOn": "2023-10-31", "sourceCode": "construction-tax",
                                      "amount": {"vnd": "1000000000"}}},
                      ADMIN, key=f"browser-{uuid.uuid4()}")
    written = time.monotonic()
    changed = wait(driver, lambda d: text(d, "#revenue .figure strong") == "VND 611.7 billion", seconds=10)
    delay = time.monotonic() - written
    print(f"browser: figures: write_to_page_ms={delay * 1000:.0f}")
    check("live: the revenue changed on the page without a reload", changed, text(driver, "#revenue .figure strong"))
    check("live: the same document (no reload)", driver.execute_script("return window.__sameDocument === true"))
    updated = int(driver.find_element(By.ID, "live").get_attribute("data-since"))
    check("live: 'updated at HH:MM:SS' moved on", updated > updated_before and text(driver, "#live").startswith("Updated at "),
          text(driver, "#live"))
    call("district.finance.v1.Finance/CorrectCollection",
         {"collectionId": collection["id"], "reason": "browser test: the write taken back"}, ADMIN,
         key=f"browser-{uuid.uuid4()}")
    check("live: its correction takes it off the page again",
          wait(driver, lambda d: text(d, "#revenue .figure strong") == before, seconds=10),
          text(driver, "#revenue .figure strong"))


def partial(driver):
    """Finance stopped: its sections say why they are unavailable; the others stay."""
    driver.get(f"{URL}/?{DEMO}&lang=en")
    wait(driver, ready)
    subprocess.run(os.environ["DISTRICT_STOP_COMMAND_FINANCE"], shell=True, check=True)
    try:
        down = wait(driver, lambda d: d.find_element(By.ID, "revenue").get_attribute("data-status") == "unavailable",
                    seconds=20)
        check("partial: finance down marks revenue unavailable, live", down)
        check("partial: and public investment", driver.find_element(By.ID, "investment").get_attribute("data-status") == "unavailable")
        notice = text(driver, "#revenue .unavailable")
        check("partial: the reason names the backend", "finance" in notice, notice)
        check("partial: the indicators stay", driver.find_element(By.ID, "indicators").get_attribute("data-status") == "ok"
              and "15/15" in text(driver, "#indicators"))
        check("partial: land clearance stays", "881 households" in text(driver, "#land-clearance"))
        check("partial: CT-01's live figure from finance says it is unavailable",
              "Live: Unavailable" in text(driver, "li[data-indicator='nq50-ct-01']"),
              text(driver, "li[data-indicator='nq50-ct-01']"))
        screenshot(driver, "dashboard-finance-down-en", 1366)
    finally:
        subprocess.run(os.environ["DISTRICT_START_COMMAND_FINANCE"], shell=True, check=True)
    back = wait(driver, lambda d: d.find_element(By.ID, "revenue").get_attribute("data-status") == "ok", seconds=30)
    check("partial: finance back, its section returns without a reload", back)


def report(driver):
    """The report page's text is GetReport's, in both languages."""
    for lang, language in (("vi", "LANGUAGE_VI"), ("en", "LANGUAGE_EN")):
        expected = call("district.gateway.v1.Gateway/GetReport",
                        {"asOf": "2023-11-22", "revenueAsOf": "2023-11-01",
                         "revenueAsOfPrecision": "DATE_PRECISION_EARLY_MONTH", "language": language}, READER)
        driver.get(f"{URL}/report?{DEMO}&lang={lang}")
        check(f"report {lang}: shown", wait(driver, ready))
        shown = driver.execute_script("return document.getElementById('report-text').innerText").strip()
        paragraphs = [p.strip() for p in expected["text"].split("\n\n") if p.strip()]
        check(f"report {lang}: the text equals GetReport's", shown.split("\n\n") == paragraphs,
              json.dumps({"shown": shown[:300], "expected": expected["text"][:300]}, ensure_ascii=False))
        check(f"report {lang}: the title", text(driver, "#report-title") == expected["title"])
        screenshot(driver, f"report-{lang}", 1366)


FORMAT_CASES = [
    # [function, arguments, expected]: the page's own module, in the page's own browser.
    ["integer", ["1203750000000", "vi"], "1.203.750.000.000"],
    ["integer", ["-1234567", "en"], "-1,234,567"],
    ["integer", ["9223372036854775807", "en"], "9,223,372,036,854,775,807"],
    ["billions", ["1203750000000", "vi"], "1.203,75 tỉ đồng"],
    ["billions", ["610700000000", "en"], "VND 610.7 billion"],
    ["billions", ["636000000000", "vi"], "636 tỉ đồng"],
    ["billions", ["5000000", "en"], "VND 0.01 billion"],
    ["billions", ["4999999", "en"], "VND 0 billion"],
    ["billions", ["-2500000000", "vi"], "-2,5 tỉ đồng"],
    ["billions", ["0", "en"], "VND 0 billion"],
    ["vnd", ["1203750000000", "en"], "VND 1,203,750,000,000"],
    ["percentOfBp", ["9602", "vi"], "96%"],
    ["percentOfBp", ["9483", "en"], "95%"],
    ["percentOfBp", ["9450", "en"], "95%"],
    ["hectares", ["11296", "vi"], "112,96 ha"],
    ["hectares", ["11296", "en"], "112.96 ha"],
    ["date", ["2023-11-22", "vi"], "22/11/2023"],
    ["date", ["2023-11-22", "en"], "22 Nov 2023"],
    ["date", ["", "vi"], ""],
    ["addDays", ["2023-12-31", 1], "2024-01-01"],
    ["todayInVietnam", [Date_UTC_2023_11_21_18h := 1700589600000], "2023-11-22"],
]


def formatting(driver):
    """The number and date formats, at their edges, through the module the page uses."""
    results = driver.execute_async_script("""
        const [cases, done] = arguments;
        import('/assets/format.js').then(format => done(cases.map(([name, args]) => format[name](...args))),
          error => done(String(error)));
    """, FORMAT_CASES)
    for (name, arguments, expected), got in zip(FORMAT_CASES, results):
        check(f"format.{name}{tuple(arguments)} = {expected!r}", got == expected, repr(got))


def main():
    driver = browser()
    try:
        token_form(driver)
        timings(driver)
        formatting(driver)
        figures_vi(driver)
        figures_en(driver)
        report(driver)
        live_revenue(driver)
        partial(driver)
    finally:
        driver.quit()
    if failures:
        print(f"browser: {len(failures)} failed: {', '.join(failures)}", file=sys.stderr)
        sys.exit(1)
    print("browser: all passed")


if __name__ == "__main__":
    main()
