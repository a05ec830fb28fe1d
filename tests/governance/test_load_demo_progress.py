"""The demo load (about a minute on `make run`) says what it is doing instead of staying silent."""

from io import StringIO

from django.core.management import call_command


def test_load_demo_reports_each_step_before_the_summary(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    steps = [line for line in lines if line.startswith("Loading demo data: ")]
    assert steps[:3] == ["Loading demo data: tenants, users and authenticators…",
                         "Loading demo data: registry (five seed documents)…",
                         "Loading demo data: committee decisions…"]
    assert steps[-1] == "Loading demo data: deletion requests…"
    assert lines.index(steps[-1]) < next(i for i, line in enumerate(lines) if line.startswith("Demo data loaded"))
