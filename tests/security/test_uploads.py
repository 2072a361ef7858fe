"""Attack: a real image with HTML appended (or a page dressed as a PDF, an SVG…) uploaded as
`x.html` through the return form, a ticket, or the product admin, then opened from the shop's
origin by a staff member so that its script runs with their session.

Every upload is stored under a random name with the extension of its detected format, images
are re-encoded (nothing appended survives), private files (return photos, ticket attachments)
are served only through views that check access, and every file response is typed, `nosniff`,
sandboxed, and an `attachment` unless it is a plain image."""

import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse
from PIL import Image

from core.views import media_serve
from orders.models import ReturnRequest
from shop.models import ProductImage
from support.models import Ticket, TicketAttachment
from support.services import ticket_reply
from tests.clients import logged_in
from tests.factories import ProductFactory, UserFactory
from tests.files import gif_with_html
from tests.orders.order_builders import customers_order, seller, support_agent

pytestmark = pytest.mark.django_db

SCRIPT = b"<html><script>fetch('/graphql/',{method:'POST'})</script></html>"


def evil_upload(name="x.html", content_type="text/html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, gif_with_html(SCRIPT), content_type=content_type)


def return_form_data(order, **extra) -> dict:
    line = order.lines.order_by("pk").first()
    return {
        f"line_{line.pk}_quantity": 1,
        f"line_{line.pk}_reason": "damaged",
        f"line_{line.pk}_reason_text": "",
        "comment": "Broken",
        **extra,
    }


def photo_returned_through_the_form(owner):
    order = customers_order(owner)
    response = logged_in(owner).post(
        reverse("orders:return_create", kwargs={"token": order.token}),
        return_form_data(order, photos=[evil_upload()]),
    )
    assert response.status_code == 302
    return_request = ReturnRequest.objects.get(order=order)
    return return_request, return_request.photos.get()


def photo_url(return_request, photo) -> str:
    return reverse(
        "orders:return_photo",
        kwargs={
            "token": return_request.order.token,
            "return_token": return_request.token,
            "photo_id": photo.pk,
        },
    )


def assert_safe_image(response, content_type="image/gif"):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert not response.get("Content-Disposition", "").startswith("attachment")
    body = b"".join(response.streaming_content)
    assert b"<script" not in body
    return body


def test_a_gif_with_a_page_appended_sent_as_a_return_photo_is_stored_as_a_clean_gif():
    owner = UserFactory(email="mallory@example.com")

    return_request, photo = photo_returned_through_the_form(owner)

    assert photo.image.name.endswith(".gif")
    with photo.image.open("rb") as stored:
        assert b"<script" not in stored.read()


def test_a_return_photo_is_served_as_a_sandboxed_gif_to_its_owner_and_to_sellers():
    owner = UserFactory(email="mallory@example.com")
    return_request, photo = photo_returned_through_the_form(owner)

    body = assert_safe_image(logged_in(owner).get(photo_url(return_request, photo)))
    admin_url = reverse("admin:orders_returnrequest_photo", args=[return_request.pk, photo.pk])
    assert_safe_image(logged_in(seller()).get(admin_url))

    assert Image.open(io.BytesIO(body)).format == "GIF"


def test_a_return_photo_is_not_served_to_strangers_nor_published_under_media():
    owner = UserFactory(email="mallory@example.com")
    return_request, photo = photo_returned_through_the_form(owner)
    admin_url = reverse("admin:orders_returnrequest_photo", args=[return_request.pk, photo.pk])
    stranger = logged_in(UserFactory(email="eve@example.com"))

    assert Client().get(photo_url(return_request, photo)).status_code == 404
    assert stranger.get(photo_url(return_request, photo)).status_code == 404
    assert stranger.get(admin_url).status_code in (302, 403, 404)
    assert storages["private"].exists(photo.image.name)
    assert not storages["default"].exists(photo.image.name)
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018 - a private file has no public URL


def test_the_return_admin_page_links_the_photo_view_not_a_media_url():
    owner = UserFactory(email="mallory@example.com")
    return_request, photo = photo_returned_through_the_form(owner)

    page = (
        logged_in(seller())
        .get(reverse("admin:orders_returnrequest_change", args=[return_request.pk]))
        .content.decode()
    )

    assert reverse("admin:orders_returnrequest_photo", args=[return_request.pk, photo.pk]) in page
    assert "/media/" not in page


def ticket_with_attachments(owner, *files) -> Ticket:
    order = customers_order(owner)
    response = logged_in(owner).post(
        reverse("support:order_ask", kwargs={"token": order.token}),
        {"category": "other", "subject": "Broken", "body": "See file", "attachments": list(files)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Ticket.objects.get(order=order)


def attachment_urls(ticket, attachment) -> tuple[str, str]:
    return (
        reverse("support:attachment", args=[ticket.token, attachment.pk]),
        reverse("support:agent_attachment", args=[ticket.number, attachment.pk]),
    )


def test_a_gif_with_a_page_appended_attached_as_html_is_stored_and_served_as_a_clean_gif():
    owner = UserFactory(email="mallory@example.com")
    ticket = ticket_with_attachments(owner, evil_upload())
    attachment = TicketAttachment.objects.get(message__ticket=ticket)
    customer_url, agent_url = attachment_urls(ticket, attachment)

    assert attachment.file.name.endswith(".gif")
    with attachment.file.open("rb") as stored:
        assert b"<script" not in stored.read()
    assert storages["private"].exists(attachment.file.name)
    assert_safe_image(logged_in(owner).get(customer_url))
    assert_safe_image(logged_in(support_agent()).get(agent_url))


def jpeg_with_script_comment_and_gps() -> bytes:
    image = Image.new("RGB", (8, 4), "red")
    exif = image.getexif()
    exif[0x0112] = 6  # orientation: rotate 90° to show
    exif[0x8825] = {2: (48.0, 51.0, 24.0), 4: (2.0, 21.0, 7.0)}  # GPS latitude, longitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=SCRIPT)
    return buffer.getvalue()


def test_a_script_hidden_in_image_metadata_does_not_survive_and_gps_is_dropped():
    owner = UserFactory(email="mallory@example.com")
    buffer = io.BytesIO()
    Image.new("P", (4, 4), 1).save(buffer, "GIF", comment=SCRIPT)
    gif = SimpleUploadedFile("x.gif", buffer.getvalue(), content_type="image/gif")
    jpeg = SimpleUploadedFile("x.jpg", jpeg_with_script_comment_and_gps(), "image/jpeg")
    ticket = ticket_with_attachments(owner, gif, jpeg)

    stored_gif, stored_jpeg = TicketAttachment.objects.filter(message__ticket=ticket)
    for attachment in (stored_gif, stored_jpeg):
        with attachment.file.open("rb") as stored:
            assert b"<script" not in stored.read()
    with stored_jpeg.file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.size == (4, 8)  # the orientation is applied to the pixels
        assert not picture.getexif()


def test_html_and_svg_attachments_are_refused():
    owner = UserFactory(email="mallory@example.com")
    order = customers_order(owner)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    for name, content in (("x.html", SCRIPT), ("x.svg", svg), ("x.gif", svg)):
        response = logged_in(owner).post(
            reverse("support:order_ask", kwargs={"token": order.token}),
            {
                "category": "other",
                "subject": "Broken",
                "body": "See file",
                "attachments": [SimpleUploadedFile(name, content, content_type="image/svg+xml")],
            },
        )
        assert response.status_code == 200
        assert "is not an image or a PDF document" in response.content.decode()
    assert not Ticket.objects.filter(order=order).exists()


def test_a_pdf_that_is_html_is_a_pdf_attachment_download_never_a_page():
    owner = UserFactory(email="mallory@example.com")
    fake_pdf = SimpleUploadedFile("x.html", b"%PDF-1.4\n" + SCRIPT, content_type="text/html")
    ticket = ticket_with_attachments(owner, fake_pdf)
    attachment = TicketAttachment.objects.get(message__ticket=ticket)
    customer_url, agent_url = attachment_urls(ticket, attachment)

    assert attachment.file.name.endswith(".pdf")
    for response in (logged_in(owner).get(customer_url), logged_in(support_agent()).get(agent_url)):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]


def test_attachments_are_not_served_to_strangers():
    owner = UserFactory(email="mallory@example.com")
    ticket = ticket_with_attachments(owner, evil_upload())
    attachment = TicketAttachment.objects.get(message__ticket=ticket)
    customer_url, agent_url = attachment_urls(ticket, attachment)
    stranger = logged_in(UserFactory(email="eve@example.com"))

    assert Client().get(customer_url).status_code in (302, 404)
    assert stranger.get(customer_url).status_code == 404
    assert stranger.get(agent_url).status_code in (302, 403, 404)
    assert not storages["default"].exists(attachment.file.name)
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - a private file has no public URL


def test_an_internal_note_attachment_is_for_agents_only():
    owner = UserFactory(email="mallory@example.com")
    ticket = ticket_with_attachments(owner)
    agent = support_agent()
    note = ticket_reply(
        ticket=ticket, body="scan", user=agent, internal=True, attachments=[evil_upload()]
    )
    attachment = note.attachments.get()
    customer_url, agent_url = attachment_urls(ticket, attachment)

    assert logged_in(owner).get(customer_url).status_code == 404
    assert_safe_image(logged_in(agent).get(agent_url))


def admin_change_data(response) -> dict:
    """The POST data of an admin change form as the page shows it (main form and inlines)."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or (name == "id" and not value):
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
            elif hasattr(value, "pk"):
                data[form.add_prefix(name)] = value.pk
            elif hasattr(value, "read"):
                continue
            else:
                data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    return data


def test_a_gif_with_a_page_appended_uploaded_as_a_product_image_is_a_clean_gif():
    product = ProductFactory()
    client = logged_in(seller())
    url = reverse("admin:shop_product_change", args=[product.pk])
    data = admin_change_data(client.get(url))
    data.update(
        {
            "images-TOTAL_FORMS": 1,
            # The admin's image field checks the name's extension: the attacker says ".gif".
            "images-0-image": evil_upload("x.gif", "image/gif"),
            "images-0-alt": "",
            "images-0-position": 0,
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context and [
        form.errors
        for inline in response.context["inline_admin_formsets"]
        for form in inline.formset
    ]
    image = ProductImage.objects.get(product=product)
    assert image.image.name.endswith(".gif") and image.image.name.startswith("products/")
    with image.image.open("rb") as stored:
        assert b"<script" not in stored.read()


def clean_gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (4, 4), 1).save(buffer, "GIF")
    return buffer.getvalue()


def test_public_media_are_served_typed_sandboxed_and_nosniff():
    """The media view that DEBUG mounts on /media/ (production servers add the same headers)."""
    stored = storages["default"].save("products/odd.html", io.BytesIO(SCRIPT))
    image = storages["default"].save("products/plain.gif", io.BytesIO(clean_gif()))

    page = media_serve(RequestFactory().get("/"), stored)
    picture = media_serve(RequestFactory().get("/"), image)

    assert page["Content-Disposition"].startswith("attachment")
    assert page["Content-Type"] == "application/octet-stream"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in page["Content-Security-Policy"]
    assert (
        picture["Content-Type"] == "image/gif" and "sandbox" in picture["Content-Security-Policy"]
    )
    assert not picture.get("Content-Disposition", "").startswith("attachment")
    with pytest.raises(Http404):
        media_serve(RequestFactory().get("/"), f"../{stored}")
