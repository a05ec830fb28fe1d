"""Blind indexes: Japanese normalisation and exact-match search without plaintext."""

import pytest

from governance.crypto import blind_index
from governance.crypto.fields import BlindIndexField
from tests.crypto_testapp.models import Person


@pytest.mark.parametrize(("kind", "typed", "expected"), [
    ("name", "山田　太郎", "山田太郎"),                 # ideographic space U+3000
    ("name", " 山田 太郎 ", "山田太郎"),
    ("name", "山田\t太郎", "山田太郎"),
    ("name", "ＹＡＭＡＤＡ Taro", "yamadataro"),        # full-width letters, case
    ("name", "髙橋　一郎", "髙橋一郎"),                 # variant kanji are kept as typed
    ("kana", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"),               # half-width katakana with dakuten
    ("kana", "やまだ　たろう", "ヤマダタロウ"),          # hiragana folds to katakana
    ("kana", "ヤマダ　タロウ", "ヤマダタロウ"),
    ("kana", "ゆうすけ", "ユウスケ"),
    ("kana", "ｷｮｳｺ-", "キョウコー"),                    # half-width and a typed hyphen for ー
    ("kana", "ヴぁ", "ヴァ"),
    ("phone", "03-1234-5678", "0312345678"),
    ("phone", "０３－１２３４－５６７８", "0312345678"),   # full-width digits and minus
    ("phone", "(03) 1234 5678", "0312345678"),
    ("phone", "03‐1234‐5678", "0312345678"),          # U+2010 hyphen
    ("phone", "03ー1234ー5678", "0312345678"),          # katakana long mark typed as a dash
    ("phone", "+81 90-1234-5678", "09012345678"),
    ("email", "  Taro.Yamada@Example.JP ", "taro.yamada@example.jp"),
    ("email", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
])
def test_normalisation(kind, typed, expected):
    assert blind_index.normalise(kind, typed) == expected


def test_digest_is_keyed_and_separates_kinds_models_and_fields():
    key_a, key_b = b"a" * 32, b"b" * 32

    def child(key, value, kind="name"):
        return blind_index.digest(key, "childcare.child.name", kind, value)

    assert child(key_a, "山田　太郎") == child(key_a, "山田太郎")
    assert child(key_a, "山田太郎") != child(key_b, "山田太郎")
    assert child(key_a, "山田太郎") != blind_index.digest(key_a, "childcare.guardian.name", "name", "山田太郎")
    assert child(key_a, "0312345678") != child(key_a, "0312345678", kind="phone")
    assert len(child(key_a, "a@b.jp", kind="email")) == 16
    assert child(key_a, " - ", kind="phone") is None
    assert child(key_a, None) is None


def test_two_fields_of_one_record_with_equal_values_have_unrelated_indexes(ward):
    """The name and the kana of a person typed alike (kana as the name) normalise alike, yet do not match."""
    person = Person.objects.create(municipality=ward, name="ヤマダ タロウ", kana="ヤマダ タロウ")
    loaded = Person.objects.get(pk=person.pk)
    assert loaded.name_index != loaded.kana_index
    assert Person.objects.matching(tenant=ward, name="ヤマダタロウ").get() == person
    assert Person.objects.matching(tenant=ward, kana="ヤマダタロウ").get() == person


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown blind-index kind 'address'"):
        BlindIndexField(source="name", kind="address")


def test_search_finds_the_record_however_it_is_typed(ward):
    taro = Person.objects.create(municipality=ward, name="山田 太郎", kana="ヤマダ タロウ",
                                 phone="03-1234-5678", email="Taro@Example.jp")
    Person.objects.create(municipality=ward, name="山田 花子", kana="ヤマダ ハナコ", phone="03-1234-5679")

    assert list(Person.objects.matching(tenant=ward, name="山田　太郎")) == [taro]
    assert list(Person.objects.matching(tenant=ward, kana="ﾔﾏﾀﾞﾀﾛｳ")) == [taro]
    assert list(Person.objects.matching(tenant=ward, kana="やまだ たろう")) == [taro]
    assert list(Person.objects.matching(tenant=ward, phone="０３（１２３４）５６７８")) == [taro]
    assert list(Person.objects.matching(tenant=ward, email="taro@example.JP")) == [taro]
    assert list(Person.objects.matching(tenant=ward, name="山田太郎", phone="0312345679")) == []
    assert Person.objects.matching(tenant=ward, name="山田").count() == 0   # exact match only


def test_search_stays_in_its_tenant(ward, other_ward):
    Person.objects.create(municipality=ward, name="山田 太郎")
    other = Person.objects.create(municipality=other_ward, name="山田 太郎")

    assert list(Person.objects.matching(tenant=other_ward, name="山田太郎")) == [other]
    mine, theirs = (Person.objects.get(municipality=w, name_index__isnull=False).name_index
                    for w in (ward, other_ward))
    assert mine != theirs  # per-tenant index keys: equal names are not linkable across tenants


def test_search_in_a_tenant_without_keys_finds_nothing(other_ward):
    assert Person.objects.matching(tenant=other_ward, name="山田").count() == 0


def test_index_follows_a_changed_value(ward):
    person = Person.objects.create(municipality=ward, name="旧姓", phone="03-0000-0000")
    person.name = "新姓"
    person.save()
    assert Person.objects.matching(tenant=ward, name="旧姓").count() == 0
    assert Person.objects.matching(tenant=ward, name="新姓").get().pk == person.pk
    assert Person.objects.matching(tenant=ward, phone="0300000000").get().pk == person.pk


def test_searching_a_field_without_an_index_is_refused(ward):
    with pytest.raises(ValueError, match=r"crypto_testapp\.Person\.income has no blind index"):
        Person.objects.matching(tenant=ward, income=1)
