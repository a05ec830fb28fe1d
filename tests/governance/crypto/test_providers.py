"""Key providers: settings and file, parsing, and no key material in messages."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from governance.crypto import DecryptionFailed, keyring
from governance.crypto.providers import FileKeyProvider, LocalKeyProvider, get_provider, parse_key_list
from tests.crypto_testapp.models import Person

from .conftest import KEY_A, KEY_B


def test_key_list_keeps_order_and_first_is_current():
    provider = LocalKeyProvider(parse_key_list(f"{KEY_B}, {KEY_A}", source="test"))
    assert provider.current_key_id() == "kb" and provider.key_ids() == ("kb", "ka")
    assert "QkJC" not in repr(provider)


@pytest.mark.parametrize(("text", "message"), [
    ("", "test: no key-encryption key is configured"),
    ("nokey", "test: entry 1 is not 'id:base64'"),
    ("k1:!!!", "test: key 'k1' is not valid base64"),
    ("k1:" + base64.b64encode(b"short").decode(), "test: key 'k1' has 5 bytes; at least 32 are needed"),
    (f"{KEY_A},{KEY_A}", "test: key id 'ka' appears twice"),
])
def test_bad_key_lists_are_refused_without_showing_the_key(text, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        parse_key_list(text, source="test")
    assert str(refused.value) == message


def test_wrapping_is_bound_to_its_context():
    provider = LocalKeyProvider(parse_key_list(KEY_A, source="test"))
    wrapped = provider.wrap("ka", b"k" * 32, context=b"ring-1")
    assert provider.unwrap("ka", wrapped, context=b"ring-1") == b"k" * 32
    with pytest.raises(DecryptionFailed, match="A key wrapped by master key 'ka' does not unwrap"):
        provider.unwrap("ka", wrapped, context=b"ring-2")


def test_file_provider_reads_keys_from_a_file(ward, settings, tmp_path):
    key_file = tmp_path / "field-keys"
    key_file.write_text(f"# master keys\n{KEY_B}\n{KEY_A}\n")
    settings.FIELD_KEY_PROVIDER = "governance.crypto.providers.FileKeyProvider"
    settings.FIELD_KEY_FILE = str(key_file)

    person = Person.objects.create(municipality=ward, name="ファイル鍵")
    keyring.clear_caches()

    assert isinstance(get_provider(), FileKeyProvider) and get_provider().current_key_id() == "kb"
    assert Person.objects.get(pk=person.pk).name == "ファイル鍵"


def test_file_provider_refuses_a_missing_file(tmp_path):
    with pytest.raises(ImproperlyConfigured, match=r"field key file '.*missing' does not exist"):
        FileKeyProvider(tmp_path / "missing")
