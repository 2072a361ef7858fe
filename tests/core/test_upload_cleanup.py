"""manage.py uploads_clean: files stored before the upload rules are re-cleaned, renamed by
their format and moved out of the public media into the private storage."""

import io

import pytest
from django.core.files.storage import storages
from django.core.management import call_command

from orders.models import ReturnPhoto
from orders.returns.services import return_request_create
from support.models import TicketAttachment, TicketCategory
from support.services import ticket_create
from tests.files import gif_with_html
from tests.orders.order_builders import delivered_order

pytestmark = pytest.mark.django_db

SCRIPT = b"<html><script>alert(document.cookie)</script></html>"


def legacy_photo(name: str, content: bytes) -> ReturnPhoto:
    order = delivered_order()
    line = order.lines.order_by("pk").first()
    return_request = return_request_create(
        order=order, lines=[{"order_line_id": line.pk, "quantity": 1, "reason": "damaged"}]
    )
    stored = storages["default"].save(name, io.BytesIO(content))
    return ReturnPhoto.objects.create(return_request=return_request, image=stored)


def test_an_old_public_return_photo_is_re_encoded_renamed_and_made_private():
    photo = legacy_photo("returns/0a1b2c.html", gif_with_html(SCRIPT))
    old_name = photo.image.name

    call_command("uploads_clean", stdout=io.StringIO())

    photo.refresh_from_db()
    assert photo.image.name.startswith("returns/") and photo.image.name.endswith(".gif")
    assert storages["private"].exists(photo.image.name)
    assert not storages["default"].exists(old_name)
    with photo.image.open("rb") as stored:
        assert b"<script" not in stored.read()


def test_an_unreadable_old_file_leaves_the_public_media_as_a_download_only_file():
    photo = legacy_photo("returns/0a1b2d.html", SCRIPT)
    out = io.StringIO()

    call_command("uploads_clean", stdout=out, stderr=io.StringIO())

    photo.refresh_from_db()
    assert photo.image.name.endswith(".bin") and storages["private"].exists(photo.image.name)
    assert not storages["default"].exists("returns/0a1b2d.html")
    assert "1 refused" in out.getvalue()


def test_an_old_attachment_gets_its_extension_and_a_second_run_changes_nothing():
    ticket = ticket_create(
        subject="Hello", body="Hi", category=TicketCategory.OTHER, email="guest@example.com"
    )
    message = ticket.messages.get()
    stored = storages["default"].save("support/attachments/0a1b2e", io.BytesIO(b"%PDF-1.4\n"))
    attachment = TicketAttachment.objects.create(
        message=message, file=stored, filename="x.pdf", content_type="application/pdf", size=9
    )

    call_command("uploads_clean", stdout=io.StringIO())
    attachment.refresh_from_db()
    first_name = attachment.file.name
    out = io.StringIO()
    call_command("uploads_clean", stdout=out)
    attachment.refresh_from_db()

    assert first_name.endswith(".pdf") and storages["private"].exists(first_name)
    assert attachment.file.name == first_name
    assert out.getvalue().startswith("0 cleaned")
