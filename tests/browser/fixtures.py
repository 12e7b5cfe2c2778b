"""Playwright driving Debian's chromium (never a downloaded browser), with an axe-core scan.

Loaded once for the whole run by the root conftest (`pytest_plugins`): a second copy of the
session's `browser` fixture would start a second Playwright in the same thread, which fails.
"""

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still
# plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (scripts/ensure_system_deps.sh)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class CheckedPage:
    """A page that records console errors (a CSP violation shows there) and runs axe on request."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        page.on(
            "console",
            lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None,
        )

    def assert_accessible(self) -> None:
        if not AXE_JS.exists():
            pytest.fail("axe-core is missing: `make test` installs it with npm ci")
        self.page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result: dict[str, Any] = self.page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}
            })"""
        )
        blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
        summary = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"][:3]],
            }
            for v in blocking
        ]
        assert not blocking, (
            f"axe found serious violations on {self.page.url}:\n{json.dumps(summary, indent=2)}"
        )
        assert not self.console_errors, f"console errors on {self.page.url}: {self.console_errors}"


@pytest.fixture
def checked_page(browser: Browser) -> Iterator[CheckedPage]:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield CheckedPage(page)
    context.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator:
    """Make as many separate browser sessions (people) as a journey needs, each checked."""
    contexts = []

    def make() -> CheckedPage:
        context = browser.new_context(locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return CheckedPage(page)

    yield make
    for context in contexts:
        context.close()
