"""Open a rendered page in headless Chromium and report what happened.

The HTML renders promise three things a unit test cannot see: the page
draws the graph, logs no error, and asks the network for nothing.  This
helper loads a ``file://`` page with every request routed through a
handler that lets only the file itself (and ``data:``/``blob:`` URLs)
through, waits for the page's own ready flag (``window.cnkgReady``, set
once the layout has stabilised and been drawn), and returns a
:class:`PageReport`.

Chromium is the system one (``/usr/bin/chromium``, installed by ``make``);
Playwright's own browser downloads are never used.  The flags and a fresh
profile keep Chromium from phoning home (updates, sync, safe browsing), so
that "no network request" means the page made none.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "PageReport", "chromium_or_skip", "open_page", "browser"]

CHROMIUM = os.environ.get("CNKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--metrics-recording-only",
    "--no-default-browser-check",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "tests" / "artifacts"  # screenshots, ignored by git


@dataclass
class PageReport:
    """What a page did while it loaded."""

    url: str
    nodes: int | None = None  # in the page's vis DataSet
    edges: int | None = None
    ready: bool = False
    seconds: float = 0.0  # from navigation to the ready flag
    marks: dict = field(default_factory=dict)  # the page's performance marks (cnkg-*), in ms since navigation
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)  # blocked requests other than the page itself
    dialogs: list = field(default_factory=list)  # alert/confirm/prompt messages
    screenshot: Path | None = None
    page: object = None  # the live Playwright page, when kept open by ``browser()``


def chromium_or_skip() -> None:
    """Skip the calling test when Chromium or Playwright is missing -- but fail on CI, where both must exist."""
    import pytest

    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    if reason is None and not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot be skipped on CI: {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def browser():
    """A headless Chromium context with a throw-away profile."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="cnkg-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 900},
                service_workers="block",
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def open_page(html_path, screenshot=None, *, timeout: float = 30.0, context=None, keep_open: bool = False,
              fragment: str = "", drawn: bool = True) -> PageReport:
    """Load *html_path* in headless Chromium and report errors, requests, dialogs and the drawn counts.

    *screenshot* is a file name (put under ``tests/artifacts/`` unless it is
    a path with a folder) or ``None``.  With *context* (from :func:`browser`)
    the page opens there; *keep_open* then leaves it open in
    ``report.page`` for further interaction.  *fragment* is appended to the
    URL after ``#``; with *drawn* false the page counts as ready once loaded
    (for pages without a graph, such as the report's index).
    """
    if context is None:
        with browser() as ctx:
            return open_page(html_path, screenshot, timeout=timeout, context=ctx, fragment=fragment, drawn=drawn)
    path = Path(html_path).resolve()
    url = path.as_uri()
    report = PageReport(url=url)
    page = context.new_page()

    def route(r):
        target = r.request.url
        if target == url or target.startswith(("data:", "blob:")):
            r.continue_()
        else:
            report.requests.append(target)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report.page_errors.append(str(e)))

    def dialog(d):
        report.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    start = time.perf_counter()
    page.goto(f"{url}#{fragment}" if fragment else url, wait_until="load", timeout=timeout * 1000)
    # Poll with page.evaluate: wait_for_function compiles its predicate with eval, which the page's CSP forbids.
    deadline = start + timeout
    while True:
        if not drawn or page.evaluate("() => window.cnkgReady === true"):
            report.ready = True
            break
        if time.perf_counter() > deadline:
            break
        page.wait_for_timeout(25)
    report.seconds = time.perf_counter() - start
    counts = page.evaluate(
        "() => window.cnkgNetwork ? [cnkgNetwork.body.data.nodes.length, cnkgNetwork.body.data.edges.length] : null"
    )
    if counts:
        report.nodes, report.edges = counts
    report.marks = page.evaluate(
        "() => Object.fromEntries(performance.getEntriesByType('mark')"
        ".filter(m => m.name.startsWith('cnkg-')).map(m => [m.name, m.startTime]))"
    )
    if screenshot:
        shot = Path(screenshot)
        if shot.parent == Path("."):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / shot
        page.screenshot(path=str(shot))
        report.screenshot = shot
    if keep_open:
        report.page = page
    else:
        page.close()
    return report
