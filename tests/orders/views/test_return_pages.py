"""The shopper's return pages: the "Return items" form from the order page, the return's page,
the return slip and credit note downloads, who may open them, and the order page's queries."""

import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.models import Refund, ReturnPhoto, ReturnRequest
from orders.returns.services import (
    order_refund,
    return_request_approve,
    return_request_receive,
    return_request_refund,
)
from shop.models import ProductVariant
from tests.clients import logged_in
from tests.factories import UserFactory
from tests.files import image_upload
from tests.orders.order_builders import (
    customers_order,
    delivered_order,
    placed_order,
    requested_return,
    seller,
)

pytestmark = pytest.mark.django_db


def form_url(order) -> str:
    return reverse("orders:return_create", kwargs={"token": order.token})


def order_url(order) -> str:
    return reverse("orders:detail", kwargs={"token": order.token})


def form_data(order, quantity=1, reason="damaged", **extra) -> dict:
    line = order.lines.order_by("pk").first()
    return {
        f"line_{line.pk}_quantity": quantity,
        f"line_{line.pk}_reason": reason,
        f"line_{line.pk}_reason_text": "",
        "comment": "Crushed box",
        **extra,
    }


def test_the_owner_returns_items_with_a_photo_from_the_order_page():
    shopper = UserFactory(email="shopper@example.com")
    order = customers_order(shopper, quantities=(3, 1))
    client = logged_in(shopper)

    page = client.get(order_url(order)).content.decode()
    assert form_url(order) in page
    form = client.get(form_url(order))
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.content.decode()
    assert "csrfmiddlewaretoken" in form.content.decode()

    response = client.post(
        form_url(order), form_data(order, 2, photos=[image_upload(), image_upload("b.png")])
    )

    return_request = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "orders:return_detail", kwargs={"token": order.token, "return_token": return_request.token}
    )
    assert (return_request.status, return_request.comment) == ("requested", "Crushed box")
    assert [(line.quantity, line.reason) for line in return_request.lines.all()] == [(2, "damaged")]
    assert ReturnPhoto.objects.filter(return_request=return_request).count() == 2
    detail = client.get(response["Location"]).content.decode()
    assert return_request.number in detail
    assert "Requested" in detail
    assert return_request.number in client.get(order_url(order)).content.decode()

    # The return's page shows what was sent, what it should refund and what comes next.
    assert "Crushed box" in detail
    photo_urls = [
        reverse(
            "orders:return_photo",
            kwargs={"token": order.token, "return_token": return_request.token, "photo_id": pk},
        )
        for pk in return_request.photos.values_list("pk", flat=True)
    ]
    assert all(f'<img src="{url}"' in detail for url in photo_urls)
    assert all(client.get(url).status_code == 200 for url in photo_urls)
    line = order.lines.order_by("pk").first()
    assert "Estimated refund" in detail
    assert f"€{line.unit_price * 2:.2f}" in detail
    assert "We review your request and email you our answer." in detail


def test_an_approved_return_s_page_says_where_to_send_the_parcel(settings):
    settings.SHOP_RETURN_ADDRESS = "Returns desk\n1 quai Test\n69000 Lyon"
    return_request = requested_return()
    order = return_request.order
    return_request_approve(return_request=return_request)
    url = reverse(
        "orders:return_detail", kwargs={"token": order.token, "return_token": return_request.token}
    )

    page = Client().get(url).content.decode()

    assert "print the return slip" in page
    assert "Returns desk<br>1 quai Test<br>69000 Lyon" in page


def test_a_guest_holding_the_order_link_may_return_items():
    order = delivered_order(quantities=(1,))

    response = Client().post(form_url(order), form_data(order))

    assert response.status_code == 302
    assert ReturnRequest.objects.get().order == order


def test_someone_elses_order_and_return_answer_404_like_missing_ones():
    owner, stranger = UserFactory(email="owner@example.com"), UserFactory(email="x@example.com")
    order = customers_order(owner, quantities=(1,))
    return_request = requested_return(order, reason="damaged")
    return_request_approve(return_request=return_request)
    client = logged_in(stranger)
    missing = uuid.uuid4()
    slip = {"token": order.token, "return_token": return_request.token}

    urls = [
        form_url(order),
        reverse("orders:return_detail", kwargs=slip),
        reverse("orders:return_slip", kwargs=slip),
        reverse("orders:credit_note", kwargs={"token": order.token, "refund_id": 1}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert Client().get(url).status_code == 404
    assert client.post(form_url(order), form_data(order)).status_code == 404
    assert client.get(form_url(order).replace(str(order.token), str(missing))).status_code == 404
    # A return of another order under this order's address is missing too.
    other = delivered_order(quantities=(1,))
    wrong = reverse(
        "orders:return_detail", kwargs={"token": other.token, "return_token": return_request.token}
    )
    assert Client().get(wrong).status_code == 404
    assert ReturnRequest.objects.count() == 1


def test_a_text_file_renamed_jpg_is_refused_on_the_form():
    order = delivered_order(quantities=(1,))
    fake = SimpleUploadedFile("photo.jpg", b"just some text", content_type="image/jpeg")

    response = Client().post(form_url(order), form_data(order, photos=[fake]))

    assert response.status_code == 200
    assert "Photos must be JPEG, PNG, WebP or GIF images." in response.content.decode()
    assert not ReturnRequest.objects.exists()
    assert not ReturnPhoto.objects.exists()


def test_four_photos_are_refused_on_the_form():
    order = delivered_order(quantities=(1,))

    response = Client().post(
        form_url(order), form_data(order, photos=[image_upload(f"{i}.png") for i in range(4)])
    )

    assert response.status_code == 200
    assert "Add at most 3 photos." in response.content.decode()
    assert not ReturnRequest.objects.exists()


def test_bad_quantities_and_missing_reasons_show_on_the_form():
    order = delivered_order(quantities=(2,))
    client = Client()

    too_many = client.post(form_url(order), form_data(order, 3))
    no_reason = client.post(form_url(order), form_data(order, 1, reason=""))
    nothing = client.post(form_url(order), form_data(order, 0))
    other = client.post(form_url(order), form_data(order, 1, reason="other"))

    assert too_many.status_code == no_reason.status_code == nothing.status_code == 200
    assert "Ensure this value is less than or equal to 2." in too_many.content.decode()
    assert "Choose a reason." in no_reason.content.decode()
    assert "Choose at least one item to return." in nothing.content.decode()
    assert "Tell us the reason." in other.content.decode()
    assert not ReturnRequest.objects.exists()


def test_the_form_is_csrf_protected():
    order = delivered_order(quantities=(1,))

    response = Client(enforce_csrf_checks=True).post(form_url(order), form_data(order))

    assert response.status_code == 403
    assert not ReturnRequest.objects.exists()


def test_an_order_not_delivered_offers_no_return():
    order = placed_order(quantities=(1,))

    assert form_url(order) not in Client().get(order_url(order)).content.decode()
    page = Client().get(form_url(order))
    assert page.status_code == 200
    assert "No item of this order can be returned now." in page.content.decode()
    assert "Not delivered yet." in page.content.decode()


def test_the_customer_downloads_the_slip_and_the_credit_notes(django_capture_on_commit_callbacks):
    order = delivered_order(quantities=(2,))
    return_request = requested_return(order, reason="damaged")
    client = Client()
    kwargs = {"token": order.token, "return_token": return_request.token}
    slip_url = reverse("orders:return_slip", kwargs=kwargs)
    assert client.get(slip_url).status_code == 404  # not approved yet
    assert slip_url not in client.get(order_url(order)).content.decode()

    return_request_approve(return_request=return_request)
    assert slip_url in client.get(order_url(order)).content.decode()
    slip = client.get(slip_url)
    assert slip.status_code == 200
    assert slip["Content-Type"] == "application/pdf"
    assert b"".join(slip.streaming_content).startswith(b"%PDF")

    return_request_receive(
        return_request=return_request, lines={line.pk: True for line in return_request.lines.all()}
    )
    with django_capture_on_commit_callbacks(execute=True):
        return_request_refund(return_request=return_request, include_shipping=False)
    with django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order, amount=Decimal("3.00"), reason="Late parcel")

    page = client.get(order_url(order)).content.decode()
    for refund in Refund.objects.all():
        assert refund.credit_note_number in page
        url = reverse("orders:credit_note", kwargs={"token": order.token, "refund_id": refund.pk})
        assert url in page
        note = client.get(url)
        assert note.status_code == 200
        assert b"".join(note.streaming_content).startswith(b"%PDF")
    assert "Late parcel" in page
    assert "Parcel received" in page


def test_the_order_page_takes_the_same_queries_for_1_and_10_returns():
    small = delivered_order(quantities=(1,))
    large = delivered_order(quantities=(10,))
    requested_return(small, reason="damaged")
    for _ in range(10):
        return_request = requested_return(large, reason="damaged")
        return_request_approve(return_request=return_request)
    client = Client()
    client.get(order_url(small))

    counts = []
    for order in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(order_url(order)).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1], counts


def test_a_return_end_to_end_through_the_pages_and_the_admin(django_capture_on_commit_callbacks):
    """The issue's walk-through: a delivered order returned in part from the order page,
    received in the admin with one line restocked and one not, refunded; the customer sees it
    all with the credit note."""
    shopper = UserFactory(email="shopper@example.com")
    order = customers_order(shopper, quantities=(3, 2))
    mug, lamp = order.lines.order_by("pk")
    customer = logged_in(shopper)
    data = {
        f"line_{mug.pk}_quantity": 1,
        f"line_{mug.pk}_reason": "wrong_size",
        f"line_{lamp.pk}_quantity": 1,
        f"line_{lamp.pk}_reason": "damaged",
    }
    with django_capture_on_commit_callbacks(execute=True):
        customer.post(form_url(order), {**data, "photos": [image_upload()]})
    return_request = ReturnRequest.objects.get()
    mug_line, lamp_line = return_request.lines.order_by("pk")
    stock = {v.pk: v.quantity for v in ProductVariant.objects.all()}

    staff = logged_in(seller())

    def admin(name):
        return reverse(f"admin:orders_returnrequest_{name}", args=[return_request.pk])

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(admin("approve"))
        staff.post(admin("receive"), {f"restock_{mug_line.pk}": "on"})
        staff.post(admin("refund"), {"idempotency_key": "walkthrough"})

    assert ProductVariant.objects.get(pk=mug.variant_id).quantity == stock[mug.variant_id] + 1
    assert ProductVariant.objects.get(pk=lamp.variant_id).quantity == stock[lamp.variant_id]
    refund = Refund.objects.get()
    assert (refund.amount, refund.status) == (Decimal("50.00"), "succeeded")
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("partially_returned", "partially_refunded")
    page = customer.get(order_url(order)).content.decode()
    for text in (
        return_request.number,
        "Refunded",
        "Parcel received",
        refund.credit_note_number,
    ):
        assert text in page
    # Whether the items went back on sale is the shop's business, not the shopper's.
    assert "back in stock" not in page and "not restocked" not in page
    note = reverse("orders:credit_note", kwargs={"token": order.token, "refund_id": refund.pk})
    assert customer.get(note).status_code == 200
