"""manage.py import_payment_file: imports, says when nothing changed, lists line-numbered rejections."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from payments.collection.models import ResultFile


def test_command_imports_then_reports_the_repeat(demo, demo_files, tmp_path):
    name, data = next(iter(demo_files.items()))
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_payment_file", str(path), municipality="131041", user="hoiku", stdout=out)
    assert out.getvalue().startswith("データレコード3件を取り込みました: 新規3件、取込済み0件")
    out = io.StringIO()
    call_command("import_payment_file", str(path), municipality="131041", user="hoiku", stdout=out)
    assert "取り込み済みです。何も変わっていません。" in out.getvalue()
    assert ResultFile.objects.count() == 1


def test_command_rejects_with_line_numbers(demo, demo_files, tmp_path):
    name, data = next(iter(demo_files.items()))
    path = tmp_path / name
    path.write_bytes(data.replace(b"\r\n201", b"\r\n209", 1))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1件の問題で受け付けませんでした"):
        call_command("import_payment_file", str(path), municipality="131041", user="hoiku", stderr=err)
    assert err.getvalue().strip() == (
        "2行目: データ識別コード（2〜3バイト目）が「09」です。01, 02, 03のいずれかでなければなりません")
    with pytest.raises(CommandError, match="Refused for 1 problem"), translation.override("en"):
        call_command("import_payment_file", str(path), municipality="131041", user="hoiku", stderr=err)
    assert err.getvalue().strip().endswith("line 2: データ識別コード (positions 2–3) is '09', not one of 01, 02, 03")
    assert not ResultFile.objects.exists()
