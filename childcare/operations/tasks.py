"""Operations support's periodic work (celery beat): spent and expired check-in passes go; a group photo in which
an erased child appears goes."""

from celery import shared_task

from childcare.operations.attendance import expired_passes_delete
from childcare.operations.photos import photos_of_erased_children_delete


@shared_task(name="childcare.operations.delete_expired_passes")
def delete_expired_passes() -> int:
    """Delete check-in passes expired more than a day ago; returns how many. Idempotent."""
    return expired_passes_delete()


@shared_task(name="childcare.operations.delete_photos_of_erased_children")
def delete_photos_of_erased_children() -> int:
    """Delete the contact-book photos showing a child whose record was erased; returns how many. Idempotent."""
    return photos_of_erased_children_delete()
