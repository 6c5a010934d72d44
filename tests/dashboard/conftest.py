"""Browser-test fixtures: the dashboard served by `detente dashboard` on a free local port, and
Debian's Chromium driven by Playwright, logging every request and console error of each page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# no sandbox as root; no GPU; none of Chromium's own calls home (the machine's network is closed)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output"
TIMEOUT_MS = 90_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def server(server_process):
    """Base URL of the dashboard server started for the tests."""
    return server_process.url


@pytest.fixture(scope="session")
def server_process():
    """The dashboard server started for the tests (its ``url`` and ``pid``), stopped after them."""
    port = _free_port()
    log = (SCREENSHOTS / "server.log")
    SCREENSHOTS.mkdir(exist_ok=True)
    with open(log, "w") as output:
        # its own process group, so that stopping it also stops the worker processes it starts
        process = subprocess.Popen([sys.executable, "-m", "detente.cli", "dashboard", "--port", str(port)],
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            _signal_group(process, signal.SIGKILL)
            pytest.fail(f"the dashboard did not start: {log.read_text()[-2000:]}")
        time.sleep(0.3)
    process.url = url
    yield process
    _signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)


def _signal_group(process, sig) -> None:
    """Signal the server and the processes it started (its process group), if any are left."""
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Log:
    """What a page asked for and complained about."""

    hosts: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def open_page(browser, log: Log):
    """A page in a fresh browser context (its own cookies: its own solara session), logging."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("request", lambda request: log.hosts.add(request.url.split("/")[2]))
    page.on("console", lambda message: log.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    return page


@pytest.fixture
def log():
    return Log()


@pytest.fixture
def page(browser, log):
    page = open_page(browser, log)
    yield page
    page.context.close()


@pytest.fixture
def new_page(browser):
    """Factory of extra pages, each in its own browser context with its own log."""
    pages = []

    def make():
        log = Log()
        pages.append(open_page(browser, log))
        return pages[-1], log

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture
def shoot():
    return screenshot


def screenshot(page, name: str, height: int = 1000) -> Path:
    """Save the page under test-output/ at its width (tall enough for the content; solara scrolls
    inside)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    page.wait_for_timeout(500)
    page.screenshot(path=path, full_page=True)
    return path
