"""Return requests: asked by the customer, decided, received (orders.returns)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orders.lifecycle.fulfillment import order_fulfill, order_mark_delivered
from orders.lifecycle.transitions import order_available_actions
from orders.models import Fulfillment, OrderEvent, ReturnLine, ReturnRequest
from orders.notifications.order_emails import order_resend_last_email
from orders.returns.selectors import order_returnable_lines
from orders.returns.services import (
    return_request_approve,
    return_request_close,
    return_request_create,
    return_request_receive,
    return_request_reject,
)
from tests.errors import error_code
from tests.files import BROKEN_EMAIL_BACKEND, image_upload, pdf_text
from tests.orders.order_builders import (
    delivered_order,
    placed_order,
    requested_return,
    seller,
    support_agent,
)

pytestmark = pytest.mark.django_db


def test_a_customer_returns_part_of_a_delivered_line_and_is_emailed(
    django_capture_on_commit_callbacks, mailoutbox
):
    order = delivered_order(quantities=(3, 1))
    line = order.lines.first()

    with django_capture_on_commit_callbacks(execute=True):
        return_request = return_request_create(
            order=order,
            lines=[{"order_line_id": line.pk, "quantity": 2, "reason": "damaged"}],
            comment=" The box was crushed ",
            photos=[image_upload()],
            user=order.user,
        )

    year = timezone.localdate().year
    assert return_request.number == f"R-{year}-000001"
    assert return_request.status == "requested"
    assert return_request.comment == "The box was crushed"
    assert [(rl.order_line_id, rl.quantity, rl.reason) for rl in return_request.lines.all()] == [
        (line.pk, 2, "damaged")
    ]
    photo = return_request.photos.get()
    assert photo.image.name.startswith("returns/") and "photo" not in photo.image.name
    assert order.events.filter(type="return_requested", message__contains="R-").exists()
    assert [m.subject for m in mailoutbox] == [f"Your return request R-{year}-000001"]
    assert "2 × " in mailoutbox[0].body
    assert order.events.filter(type="email_sent", data__kind="return_requested").exists()


def test_the_quantity_left_counts_open_requests(django_capture_on_commit_callbacks):
    order = delivered_order(quantities=(3, 1))
    requested_return(order, {0: 2})
    line = order.lines.first()

    with pytest.raises(ValidationError) as info:
        requested_return(order, {0: 2})

    assert error_code(info, "lines") == "quantity_exceeded"
    assert info.value.error_dict["lines"][0].params["left"] == 1
    assert ReturnRequest.objects.count() == 1
    returnable = {ol.pk: (qty, why) for ol, qty, why in order_returnable_lines(order)}
    assert returnable[line.pk] == (1, "")


def test_a_rejected_request_frees_its_quantity():
    order = delivered_order(quantities=(1, 1))
    first = requested_return(order, {0: 1})
    return_request_reject(return_request=first, message="Worn", user=seller())

    second = requested_return(order, {0: 1})

    assert second.lines.get().quantity == 1


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("not_delivered", "line_not_delivered"),
        ("not_returnable", "not_returnable"),
        ("window_over", "return_window_expired"),
    ],
)
def test_lines_that_cannot_be_returned_are_refused(setup, code):
    if setup == "not_delivered":
        order = placed_order(quantities=(1,))
    else:
        order = delivered_order(quantities=(1,), returnable=[setup != "not_returnable"])
    if setup == "window_over":
        Fulfillment.objects.filter(order=order).update(
            delivered_at=timezone.now() - timedelta(days=31)
        )

    with pytest.raises(ValidationError) as info:
        requested_return(order, {0: 1})

    assert error_code(info, "lines") == code
    assert not ReturnRequest.objects.exists()
    assert not order.events.filter(type="return_requested").exists()
    ((_line, quantity, reason),) = order_returnable_lines(order)
    assert quantity == 0 and reason


def test_bad_lines_are_refused():
    order = delivered_order(quantities=(1,))
    other = delivered_order(quantities=(1,))
    line = order.lines.get()
    cases = [
        ([], "required"),
        ([{"order_line_id": other.lines.get().pk, "quantity": 1, "reason": "other"}], "not_found"),
        ([{"order_line_id": line.pk, "quantity": 0, "reason": "damaged"}], "invalid"),
        ([{"order_line_id": line.pk, "quantity": 1, "reason": "bored"}], "invalid"),
        ([{"order_line_id": line.pk, "quantity": 1, "reason": "other"}], "required"),
        ([{"order_line_id": line.pk, "quantity": "two", "reason": "damaged"}], "invalid"),
        ([{"quantity": 1, "reason": "damaged"}], "invalid"),
    ]
    for lines, code in cases:
        with pytest.raises(ValidationError) as info:
            return_request_create(order=order, lines=lines)
        assert error_code(info, "lines") == code, lines
    assert not ReturnRequest.objects.exists()


def test_photos_must_be_real_small_images_and_few(settings):
    order = delivered_order(quantities=(1,))
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'hi'; ?>", content_type="image/jpeg")
    settings.SHOP_RETURN_PHOTO_MAX_BYTES = 2000
    cases = [
        ([fake], "invalid_photo"),
        ([image_upload() for _ in range(4)], "too_many_photos"),
        ([image_upload("big.bmp", fmt="BMP", size=(100, 100))], "photo_too_large"),
    ]
    for photos, code in cases:
        with pytest.raises(ValidationError) as info:
            requested_return(order, {0: 1}, photos=photos)
        assert error_code(info, "photos") == code
    assert not ReturnRequest.objects.exists()


def test_approval_emails_the_return_slip(django_capture_on_commit_callbacks, mailoutbox, settings):
    order = delivered_order(quantities=(2,))
    return_request = requested_return(order, {0: 2})
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        return_request_approve(return_request=return_request, user=seller())

    return_request.refresh_from_db()
    assert return_request.status == "approved" and return_request.decided_at
    (email,) = mailoutbox
    assert email.subject == f"Your return {return_request.number} is approved"
    ((name, content, mimetype),) = email.attachments
    assert (name, mimetype) == (f"{return_request.number}.pdf", "application/pdf")
    text = pdf_text(content)
    assert return_request.number in text and order.number in text
    assert "12 rue des Artisans" in text
    assert order.lines.get().product_name in text
    assert return_request.return_slip.name.startswith("return-slips/")
    event = order.events.get(type="return_approved")
    assert event.user.email == "seller@example.com"


def test_rejection_needs_a_message_which_is_emailed(django_capture_on_commit_callbacks, mailoutbox):
    order = delivered_order(quantities=(1,))
    return_request = requested_return(order, {0: 1})
    mailoutbox.clear()

    with pytest.raises(ValidationError) as info:
        return_request_reject(return_request=return_request, message="  ", user=seller())
    assert error_code(info, "message") == "required"
    return_request.refresh_from_db()
    assert return_request.status == "requested"

    with django_capture_on_commit_callbacks(execute=True):
        return_request_reject(
            return_request=return_request, message="Worn items cannot be returned.", user=seller()
        )
    return_request.refresh_from_db()
    assert (return_request.status, return_request.staff_message) == (
        "rejected",
        "Worn items cannot be returned.",
    )
    assert "Worn items cannot be returned." in mailoutbox[0].body


def test_moves_outside_the_table_are_refused():
    order = delivered_order(quantities=(1,))
    return_request = requested_return(order, {0: 1})
    line = return_request.lines.get()

    with pytest.raises(ValidationError) as info:
        return_request_receive(return_request=return_request, lines={line.pk: True})

    assert error_code(info, "lines") == "invalid_transition"
    return_request.refresh_from_db()
    assert return_request.status == "requested"
    assert order.lines.get().quantity_returned == 0
    return_request_close(return_request=return_request)
    with pytest.raises(ValidationError) as info:
        return_request_approve(return_request=return_request)
    assert error_code(info, "lines") == "invalid_transition"


def test_receipt_restocks_the_chosen_lines_and_returns_the_order(
    django_capture_on_commit_callbacks, mailoutbox
):
    order = delivered_order(quantities=(2, 1))
    first, second = order.lines.all()
    return_request = return_request_create(
        order=order,
        lines=[
            {"order_line_id": first.pk, "quantity": 2, "reason": "wrong_size"},
            {"order_line_id": second.pk, "quantity": 1, "reason": "damaged"},
        ],
    )
    return_request_approve(return_request=return_request)
    lines = {rl.order_line_id: rl.pk for rl in return_request.lines.all()}
    stock = {ol.pk: ol.variant.quantity for ol in order.lines.select_related("variant")}

    with pytest.raises(ValidationError) as info:
        return_request_receive(return_request=return_request, lines={lines[first.pk]: True})
    assert error_code(info, "lines") == "required"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return_request_receive(
            return_request=return_request,
            lines={lines[first.pk]: True, lines[second.pk]: False},
            user=seller(),
        )

    after = {ol.pk: ol.variant.quantity for ol in order.lines.select_related("variant")}
    assert after == {first.pk: stock[first.pk] + 2, second.pk: stock[second.pk]}
    assert [ol.quantity_returned for ol in order.lines.all()] == [2, 1]
    assert dict(ReturnLine.objects.values_list("order_line_id", "restock")) == {
        first.pk: True,
        second.pk: False,
    }
    order.refresh_from_db()
    assert order.status == "returned"
    assert mailoutbox[0].subject == f"We received your return {return_request.number}"
    assert order.events.filter(type="return_received").count() == 1
    assert order_returnable_lines(order)[0][1] == 0


def test_a_partial_receipt_makes_the_order_partially_returned():
    order = delivered_order(quantities=(2, 1))
    return_request = requested_return(order, {0: 1})
    return_request_approve(return_request=return_request)

    return_request_receive(
        return_request=return_request, lines={return_request.lines.get().pk: True}
    )

    order.refresh_from_db()
    assert order.status == "partially_returned"
    assert OrderEvent.objects.filter(order=order, type="status_changed").exists()


def test_events_are_written_in_the_order_language(django_capture_on_commit_callbacks, mailoutbox):
    order = delivered_order(quantities=(1,))
    order.language_code = "fr"
    order.save(update_fields=["language_code"])

    with django_capture_on_commit_callbacks(execute=True):
        return_request = requested_return(order, {0: 1})

    event = order.events.get(type="return_requested")
    assert return_request.number in event.message
    assert mailoutbox[0].to == [order.email]


def test_returnable_lines_take_the_same_queries_for_1_and_20_lines(
    django_assert_max_num_queries,
):
    small = delivered_order(quantities=(1,))
    large = delivered_order(quantities=(1,) * 20)
    requested_return(large, {0: 1})

    with django_assert_max_num_queries(3):
        assert len(order_returnable_lines(small)) == 1
    with django_assert_max_num_queries(3):
        rows = order_returnable_lines(large)
    assert [quantity for _line, quantity, _why in rows] == [0] + [1] * 19


def test_the_product_flag_is_frozen_on_the_line_at_placement():
    order = delivered_order(quantities=(1, 1), returnable=[False, True])
    first, second = order.lines.select_related("variant__product")

    assert (first.is_returnable, second.is_returnable) == (False, True)
    first.variant.product.is_returnable = True
    first.variant.product.save()
    first.refresh_from_db()
    assert first.is_returnable is False


def test_the_delivered_part_of_a_partly_shipped_order_comes_back_and_the_rest_still_ships():
    order = placed_order(quantities=(2, 1))
    first, second = order.lines.all()
    order_fulfill(order=order, lines=[(first.pk, 2)])
    order_mark_delivered(order=order)
    return_request = requested_return(order, {0: 2})
    return_request_approve(return_request=return_request)
    return_request_receive(
        return_request=return_request, lines={return_request.lines.get().pk: False}
    )
    order.refresh_from_db()
    assert order.status == "partially_returned"
    assert "ship" in order_available_actions(order)

    order_fulfill(order=order, lines=[(second.pk, 1)])

    order.refresh_from_db()
    assert order.status == "fulfilled"


def test_a_support_agent_may_create_returns_and_refund_but_not_change_orders():
    agent = support_agent()

    assert agent.has_perm("orders.add_returnrequest")
    assert agent.has_perm("orders.add_refund")
    assert agent.has_perm("orders.view_order")
    assert not agent.has_perm("orders.change_order")
    assert seller().has_perm("orders.add_refund")


def test_the_last_return_email_can_be_sent_again(django_capture_on_commit_callbacks, mailoutbox):
    order = delivered_order(quantities=(1,))
    with django_capture_on_commit_callbacks(execute=True):
        return_request = requested_return(order, {0: 1})
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        kind = order_resend_last_email(order=order, user=seller())

    assert kind == "return_requested"
    assert [m.subject for m in mailoutbox] == [f"Your return request {return_request.number}"]


def test_a_return_email_that_fails_is_recorded_on_the_timeline(
    django_capture_on_commit_callbacks, settings, mailoutbox
):
    order = delivered_order(quantities=(1,))
    settings.EMAIL_BACKEND = BROKEN_EMAIL_BACKEND

    with django_capture_on_commit_callbacks(execute=True):
        return_request = requested_return(order, {0: 1})

    failed = order.events.get(type="email_failed")
    assert failed.data["kind"] == "return_requested"
    assert failed.data["return_id"] == return_request.pk
    assert failed.message == f"Your return request {return_request.number}"
    assert not failed.customer_visible
    assert return_request.status == "requested"
