"""The retention rule form: defaults valid together, refusals in Japanese beside their field, names not codes."""

import re

import pytest

from governance.demo import DEMO_PASSWORD
from governance.registry.models import RegisteredBusiness
from governance.retention.models import RetentionRule


@pytest.fixture
def hoiku(client, demo):
    assert client.login(username="hoiku", password=DEMO_PASSWORD)
    return client


def submitted(page: str, name: str) -> str:
    """What a browser sends for a <select>: its selected option, else its first."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"( selected)?>', select)
    return next((value for value, selected in options if selected), options[0][0])


def payments_business():
    # 保育課's business with no rule for children's records yet.
    return RegisteredBusiness.objects.get(municipality__name="新宿区", name="延長保育料等の収納")


def test_the_form_s_defaults_are_valid_together_and_save_a_rule(hoiku):
    business = payments_business()
    page = hoiku.get("/retention/rules/new/", {"business": business.pk}).content.decode()
    defaults = {name: submitted(page, name) for name in ("business", "source", "trigger", "action")}
    assert defaults == {"business": str(business.pk), "source": "childcare.child", "trigger": "child_left",
                        "action": "delete"}
    sources = re.findall(r'<option value="[^"]*"(?: selected)?>([^<]*)</option>',
                         re.search(r'<select name="source".*?</select>', page, re.S).group(0))
    assert sources[:2] == ["児童", "保護者"] and "納付義務者" in sources  # (and this suite's test source)
    assert not [name for name in sources if "." in name]

    response = hoiku.post("/retention/rules/new/", {**defaults, "period_years": "5", "active": "on"})

    assert response.status_code == 302, response.content.decode()
    rule = RetentionRule.objects.get(business=business, source="childcare.child")
    assert (rule.trigger, rule.action, rule.period_label) == ("child_left", "delete", "5年")


def test_a_trigger_the_records_do_not_have_is_refused_in_japanese_beside_the_trigger(hoiku):
    business = payments_business()
    rules = RetentionRule.objects.count()

    response = hoiku.post("/retention/rules/new/", {"business": business.pk, "source": "childcare.child",
                                                    "trigger": "last_use", "action": "delete", "period_years": "5"})

    page = response.content.decode()
    assert response.status_code == 400
    assert ('<div class="field has-error"><label for="id_trigger">起算</label> <span class="errorlist" '
            'id="trigger-error" role="alert">児童の保存期間の起算は次のいずれかです: 退所後。</span>') in page
    assert 'aria-invalid="true" aria-describedby="trigger-error"' in page
    assert "['child_left']" not in page and "must be one of" not in page
    assert RetentionRule.objects.count() == rules


def test_an_empty_period_is_refused_beside_the_period(hoiku):
    response = hoiku.post("/retention/rules/new/", {"business": payments_business().pk, "source": "childcare.child",
                                                    "trigger": "child_left", "action": "delete"})
    assert response.status_code == 400
    assert ('<span class="errorlist" id="period_years-error" role="alert">'
            '保存期間を年・月・日のいずれかで入力してください。</span>') in response.content.decode()


def test_rules_and_the_form_name_records_periods_and_items_in_japanese(hoiku):
    rule = RetentionRule.objects.get(business__name="保育業務支援システム", source="childcare.child")
    item = rule.items.order_by("order", "pk").first()

    index = hoiku.get("/retention/").content.decode()
    form = hoiku.get(f"/retention/rules/{rule.pk}/edit/").content.decode()

    assert 'data-label="記録の種類">児童</td>' in index and 'data-label="期間">5年</td>' in index
    assert item.display_label == f"{item.get_subject_display()}: {item.label}" and item.display_label in index
    assert "childcare.child" not in index and ">5y<" not in index
    assert f"> {item.display_label}</label>" in form
    assert f"{item.subject}:" not in form and "childcare.child</option>" not in form
