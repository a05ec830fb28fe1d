"""A child's or guardian's record moved to another row by someone who can write the database but holds no key
reads nowhere: each value is bound to its record, tenant and the relations that decide who reads it."""

import pytest
from django.db import connection

from childcare.children.models import Child, ChildGuardian, Guardian
from childcare.children.services import guardian_add
from governance.crypto import DecryptionFailed, keyring
from governance.tenancy.models import User
from tests.childcare.conftest import child_named
from tests.governance.crypto.tampering import records_swap


def fresh_child(pk: int) -> Child:
    keyring.clear_caches()
    return Child.objects.get(pk=pk)


def test_two_children_of_one_ward_swapped_between_facilities_read_in_neither(demo, aoki, ueda):
    assert (aoki.municipality_id, aoki.facility_id != ueda.facility_id) == (ueda.municipality_id, True)

    records_swap(Child, aoki.pk, ueda.pk)  # record_uid, data key, every ciphertext and index column

    for pk in (aoki.pk, ueda.pk):
        child = fresh_child(pk)
        for attribute, group in (("name", "personal"), ("birth_date", "personal"), ("allergy_notes", "sensitive")):
            with pytest.raises(DecryptionFailed, match=rf"The {group} values of childcare\.Child record .* do not "
                                                       "decrypt"):
                getattr(child, attribute)


def test_two_children_of_two_wards_swapped_read_in_neither(demo, aoki, okada):
    records_swap(Child, aoki.pk, okada.pk)

    for pk, own, foreign in ((aoki.pk, aoki.municipality_id, okada.municipality_id),
                             (okada.pk, okada.municipality_id, aoki.municipality_id)):
        child = fresh_child(pk)
        with pytest.raises(DecryptionFailed) as failure:
            _ = child.birth_date
        assert str(failure.value) == (
            f"The data key {child.data_key_id} belongs to the key ring of tenant:{foreign}, not to that of the "
            f"record's tenant:{own}: it was moved from another tenant's record")


def test_a_child_moved_to_another_facility_or_business_by_sql_reads_no_more(demo, aoki, ueda):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE childcare_child SET facility_id = %s WHERE id = %s", [ueda.facility_id, aoki.pk])
    with pytest.raises(DecryptionFailed):
        _ = fresh_child(aoki.pk).name
    with connection.cursor() as cursor:
        cursor.execute("UPDATE childcare_child SET facility_id = %s WHERE id = %s", [aoki.facility_id, aoki.pk])
    assert fresh_child(aoki.pk).name == "青木 陽向"


def test_a_guardian_link_moved_to_another_child_does_not_read(demo, aoki):
    ishikawa = child_named("石川 蓮")  # same facility, two guardians
    (aoki_link,) = aoki.guardian_links.all()
    ishikawa_link = ishikawa.guardian_links.order_by("order").first()

    records_swap(ChildGuardian, aoki_link.pk, ishikawa_link.pk)  # each link now names the other's child

    keyring.clear_caches()
    for pk in (aoki_link.pk, ishikawa_link.pk):
        with pytest.raises(DecryptionFailed):
            _ = ChildGuardian.objects.get(pk=pk).relationship


def test_a_child_and_a_guardian_of_the_same_name_are_not_linked_by_their_indexes_and_both_are_found(demo, aoki):
    namesake = guardian_add(actor=User.objects.get(username="nerima"), child=aoki, name="青木 陽向",
                            kana="アオキ ヒナタ", relationship="祖父")

    assert Child.objects.get(pk=aoki.pk).name_index != Guardian.objects.get(pk=namesake.pk).name_index
    assert Child.objects.get(pk=aoki.pk).kana_index != Guardian.objects.get(pk=namesake.pk).kana_index
    assert list(Child.objects.matching(tenant=aoki.municipality_id, name="青木陽向")) == [aoki]
    assert list(Guardian.objects.matching(tenant=aoki.municipality_id, kana="ｱｵｷ ﾋﾅﾀ")) == [namesake]
