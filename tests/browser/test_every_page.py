"""Every page of every demo role: reachable from its home page, no server error, as wide as a phone at most,
every cell of a table that becomes cards on a phone labelled with its column's heading.

A role's pages are derived from the URL configuration: every page route without parameters (outside the API,
the admin site and the language switch) that answers the role's GET with an HTML page. Pages with parameters
(a business, a child) are reached through the lists that link them and checked like the others.
"""

from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.browser.conftest import axe_violations, logged_in_page

# One demo user per role.
ROLE_USERS = ["committee", "hoiku", "piyopiyo", "uchida", "auditor", "guardian", "admin", "nerima", "himawari", "kango",
              "shien", "backs", "hoikushi"]
NOT_PAGES = ("api/", "admin/", "i18n/", "static/", "logout/", "login/")
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def page_paths_without_parameters() -> list[str]:
    """Every route of the URL configuration a browser can open as it is, pages only."""
    routes = [r.lstrip("^").rstrip("$") for r in _routes(get_resolver().url_patterns)]
    return sorted({"/" + r for r in routes if "<" not in r and "(" not in r and not r.startswith(NOT_PAGES)})


def _is_html_page(page, url: str) -> tuple[int, bool]:
    """Whether the address answers a whole page (a fragment that htmx loads into one, such as the home page's
    inbox, is no page of its own)."""
    response = page.request.get(url, max_redirects=0)
    html = response.headers.get("content-type", "").startswith("text/html")
    return response.status, html and (response.status != 200 or "<html" in response.text()[:500].lower())


def _pattern_key(path: str) -> str:
    match = resolve(path)
    kinds = [str(v) for v in match.kwargs.values() if not str(v).isdigit()]
    return ":".join([match.view_name, *kinds])


# On a phone a table.cards shows each row as a card: every cell must carry its column's heading as its label.
UNLABELLED_CARD_CELLS = """() => [...document.querySelectorAll('table.cards')].flatMap(table => {
    const headings = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    return [...table.querySelectorAll('tbody tr')].flatMap(row => [...row.cells]
        .filter(td => td.colSpan === 1 && td.getAttribute('data-label') !== headings[td.cellIndex])
        .map(td => `${table.className} column ${td.cellIndex + 1}: '${td.getAttribute('data-label')}'`
                   + ` under '${headings[td.cellIndex]}'`));
})"""


def _crawl(page, base: str) -> tuple[set[str], list[str]]:
    """Follow links from home, one URL per route; return the paths visited and every problem found."""
    visited, problems, seen_routes = set(), [], set()
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        key = _pattern_key(path.split("?")[0])
        if key in seen_routes:
            continue
        seen_routes.add(key)
        status, html = _is_html_page(page, base + path)
        if status >= 500:
            problems.append(f"{path}: server error {status}")
        if not html or status >= 300:
            continue
        visited.add(path.split("?")[0])
        page.set_viewport_size(PHONE)
        page.goto(base + path)
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)  # the layout follows without a reload
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{path}: {width}px wide at {viewport['width']}px")
            problems += [f"{path} at {viewport['width']}px: {v}" for v in axe_violations(page)]
        problems += [f"{path}: {cell}" for cell in dict.fromkeys(page.evaluate(UNLABELLED_CARD_CELLS))]
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            url = urlsplit(urljoin(base + path, href))
            if url.netloc != urlsplit(base).netloc or url.path.lstrip("/").startswith(NOT_PAGES):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            try:
                resolve(url.path)
            except Exception:
                problems.append(f"{path}: links to {target}, which is no page")
                continue
            queue.append(target)
    return visited, problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_of_each_role_is_reached_from_home_and_fits_a_phone_and_a_desktop(page, live_server, demo):
    candidates = page_paths_without_parameters()
    assert "/retention/" in candidates and "/exchanges/check/" in candidates
    browser = page.context.browser
    problems = []
    for username in ROLE_USERS:
        context = browser.new_context(locale="ja-JP", viewport=DESKTOP, bypass_csp=True)
        role_page = logged_in_page(context, live_server.url, username)
        assert urlsplit(role_page.url).path == "/", f"{username} did not reach the home page: {role_page.url}"
        role_pages = {p for p in candidates if _is_html_page(role_page, live_server.url + p) == (200, True)}
        visited, found = _crawl(role_page, live_server.url)
        problems += [f"{username} {p}" for p in found]
        problems += [f"{username}: {p} is linked from no page it can reach" for p in sorted(role_pages - visited)]
        context.close()
    assert problems == [], "\n".join(problems)
