"""The product's own error pages: in the user's language, inside the site's layout, with a way home."""

import logging
from pathlib import Path

import pytest

from governance.demo import DEMO_PASSWORD


@pytest.mark.parametrize("debug", [True, False])
def test_a_missing_page_is_the_products_404_in_japanese_with_debug_on_or_off(client, db, settings, debug):
    settings.DEBUG = debug
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ja">' in page and "<main>" in page
    assert "ページが見つかりません" in page and 'href="/"' in page
    assert "URLconf" not in page and "Raised by" not in page


def test_a_missing_page_speaks_english_to_who_chose_it(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in page and "There is no such page" in page


def test_a_404_raised_by_a_page_is_the_products_404_with_debug_on(client, demo):
    client.login(username="hoiku", password=DEMO_PASSWORD)
    response = client.get("/children/no-such-child/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_the_api_keeps_json_errors(client, db, settings):
    settings.DEBUG = False
    response = client.get("/api/v1/no-such-route/")
    assert response.status_code == 404
    assert response.json() == {"error": "NotFound", "message": "ページが見つかりません"}


def test_a_refusal_is_the_products_403_logged_once_without_a_traceback(client, demo, caplog):
    client.login(username="committee", password=DEMO_PASSWORD)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/audit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="ja">' in page and "<main>" in page and 'href="/"' in page
    assert "このページはあなたの役割では使えません" in page
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /audit/" and record.exc_info is None


def test_a_signed_in_user_without_admin_rights_gets_403_from_the_admin_site_not_a_redirect_loop(client, demo):
    client.login(username="hoiku", password=DEMO_PASSWORD)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert [url for url, _ in response.redirect_chain] == ["/admin/login/?next=/admin/"]


def test_an_administrator_still_reaches_the_admin_site(client, demo):
    client.login(username="admin", password=DEMO_PASSWORD)
    assert client.get("/admin/", follow=True).status_code == 200


def test_the_favicon_is_served_where_browsers_look_for_it(client, db):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"] == "/static/favicon.svg"
    assert "<svg" in Path(finders.find("favicon.svg")).read_text(encoding="utf-8")
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/login/").content.decode()


def test_the_language_menu_names_each_language_in_itself(client, db):
    page = client.get("/login/").content.decode()
    assert '<option value="ja" lang="ja" selected>日本語</option>' in page
    assert '<option value="en" lang="en">English</option>' in page
