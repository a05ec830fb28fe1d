"""Long work and notifications in a browser, in Japanese at a phone's and a desk's width: the payment import's page
shows a progress bar that htmx polls, then the browser is sent to the result; the home page's inbox lists the
refusal, and opening it marks it read."""

import pytest

from governance.jobs import services
from governance.jobs.models import BackgroundJob
from payments.demo import demo_result_files
from tests.browser.conftest import ARTIFACTS, log_in


def _fits(page, name: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width} px"
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_import_shows_a_polled_progress_bar_then_its_result_and_a_refusal_reaches_the_inbox(
    page, live_server, demo, monkeypatch, tmp_path
):
    from governance.tenancy.models import Municipality

    monkeypatch.setattr(services, "_enqueue", lambda job: None)  # the test plays the worker, below
    name, data = next(iter(dict(demo_result_files(Municipality.objects.get(name="新宿区"))).items()))
    bad = tmp_path / name
    bad.write_bytes(data.replace(b"\r\n201", b"\r\n207", 1))
    page.goto(f"{live_server.url}/")
    log_in(page, "hoiku")
    page.goto(f"{live_server.url}/payments/import/")
    _fits(page, "payment-import")
    page.set_input_files("input[name=file]", str(bad))
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#job-progress")
    job = BackgroundJob.objects.get()
    assert page.url.endswith(f"/jobs/{job.pk}/")
    assert page.locator(".job-status").inner_text() == "開始待ち" and page.locator("progress").count() == 1
    _fits(page, "job-progress")

    services.job_run(job_id=job.pk, progress=lambda done, total, stage="": None)  # as the worker would
    page.wait_for_selector(".job-result", timeout=10_000)  # the next poll sends the browser to the result
    assert page.locator(".job-result h2").inner_text() == "拒否（何も反映していません）"
    assert "07" in page.locator(".job-problems").inner_text()
    _fits(page, "job-result")

    page.goto(f"{live_server.url}/")
    page.wait_for_selector(".inbox .notification")
    assert "未読 1 件" in page.locator(".inbox").inner_text()
    _fits(page, "home-inbox")
    page.click(".inbox .notification a")
    page.wait_for_selector(".notification-body")
    assert "収納データの取込" in page.locator(".notification-body").inner_text()
    _fits(page, "notification")
    page.goto(f"{live_server.url}/notifications/")
    assert page.locator(".notification.read").count() == 1 and page.locator(".notification.unread").count() == 0
    _fits(page, "inbox")
