# The browser journey here uses the browser fixtures of tests/browser/.
from tests.browser.conftest import browser, checked_page  # noqa: F401
