"""The suite-wide check of tests/conftest.py: every refusal a test provokes under Japanese is read in Japanese.
Here its own behaviour: what it reads in a response and what it counts as not Japanese."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.urls import path

from tests.conftest import _foreign_messages, _not_japanese, _response_messages


@pytest.mark.parametrize(
    ("message", "foreign"),
    [
        ("このフィールドは必須です。", False),
        ("料金種別コード「AB」は2桁の数字にしてください", False),
        ("Ensure this field has no more than 10 characters.", True),
        ("The exchange is denied: no approval", True),
        ("care.full", False),  # a machine code, not a sentence
        ("2026-12-17", False),
        ("PDF", False),
    ],
)
def test_a_message_with_english_words_and_no_japanese_is_foreign(message, foreign):
    assert _not_japanese(message) is foreign


def test_it_reads_the_message_detail_and_field_lists_of_a_json_refusal_but_not_the_codes():
    response = JsonResponse(
        {
            "error": "InvalidInput",
            "code": "care.invalid_input",
            "field": "date",
            "message": "日付が正しくありません",
            "details": {"reasons": [{"code": "x"}]},
            "name": ["This field is required."],
            "reasons": [{"code": "no_approval", "message": "承認がありません"}],
        },
        status=400,
    )

    assert _response_messages(response) == ["日付が正しくありません", "This field is required.", "承認がありません"]


def test_it_reads_form_errors_and_error_notes_of_a_page_and_the_error_messages_it_queued():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(40, "File rejected")
    request._messages.add(25, "Saved")  # success: not an error
    response = HttpResponse(
        '<ul class="errorlist"><li>Enter a valid date.</li></ul><p class="error" role="alert">'
        "日付を入力してください</p><p>Help text</p>",
        content_type="text/html; charset=utf-8",
    )
    response.wsgi_request = request

    assert _response_messages(response) == ["Enter a valid date.", "日付を入力してください", "File rejected"]


def _english_refusal(request):
    return JsonResponse({"error": "InvalidInput", "message": "The date is not valid"}, status=400)


def _japanese_refusal(request):
    return JsonResponse({"error": "InvalidInput", "message": "日付が正しくありません"}, status=400)


urlpatterns = [path("english/", _english_refusal), path("japanese/", _japanese_refusal)]


@pytest.mark.urls("tests.test_japanese_messages")
def test_an_english_refusal_under_japanese_is_held_against_the_test_and_nothing_else_is(client):
    client.get("/japanese/")
    client.get("/english/", HTTP_ACCEPT_LANGUAGE="en")  # English was asked for
    assert _foreign_messages == []

    client.get("/english/")
    client.get("/english/", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")

    assert _foreign_messages == ["400 /english/: 'The date is not valid'"] * 2
    _foreign_messages.clear()  # this test provoked them on purpose
