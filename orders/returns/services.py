"""Returns (RMA): one table of allowed moves, the one function that makes them, and the
services that staff, customers, GraphQL, admin and the support desk all call.

Every service takes keyword arguments, locks the order row first (then the return, then lines,
payments or variants in id order), raises ValidationError with a ReturnErrorCode, writes an
event on the order's timeline (in the order's language) and queues the customer's email with
transaction.on_commit. Refunds go through orders.returns.refunds; reads are in
orders.returns.selectors.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.sequences import number_next
from orders.error_codes import OrderErrorCode, ReturnErrorCode
from orders.events import order_event
from orders.lifecycle.transitions import order_set_status
from orders.locks import order_lock
from orders.models import (
    Order,
    OrderEvent,
    OrderLine,
    Refund,
    ReturnLine,
    ReturnPhoto,
    ReturnRequest,
)
from orders.models.order import OrderStatus
from orders.outbox import ReturnEmail, return_email_queue
from orders.returns.checks import check_lines, check_photos, line_spec
from orders.returns.exchanges import exchange_order_create
from orders.returns.refunds import refund_book_and_send, refund_check_permission, refund_create
from orders.returns.selectors import (
    return_refund_amount,
    return_refund_parts,
)
from orders.returns.transitions import (
    RETURN_NUMBER_SEQUENCE,
    TRANSITIONS,
    R,
    return_lock,
    return_set_status,
)
from shop.stock import stock_restock


@transaction.atomic
def return_request_create(
    *,
    order: Order,
    lines: list,
    comment: str = "",
    photos=(),
    user=None,
) -> ReturnRequest:
    """Ask to return delivered lines of `order`. `lines` are ReturnLineSpec or dicts with
    order_line_id, quantity, reason, reason_text; `photos` uploaded files (images only).

    The caller has checked that the user may act on the order (owner, guest link, staff).
    Refused (nothing written): REQUIRED (no line; reason "other" without text), NOT_FOUND
    (line of another order, or twice), INVALID (quantity ≤ 0, unknown reason),
    LINE_NOT_DELIVERED, NOT_RETURNABLE, RETURN_WINDOW_EXPIRED, QUANTITY_EXCEEDED (more than
    delivered − returned − requested in open returns), INVALID_PHOTO, TOO_MANY_PHOTOS,
    PHOTO_TOO_LARGE. Gives the number R-<year>-<n>, writes return_requested, emails
    "requested".
    """
    if user is not None and not user.is_authenticated:
        user = None
    order = order_lock(order)
    specs = [line_spec(line) for line in lines]
    photos = list(photos)
    check_lines(order, specs)
    photo_files = check_photos(photos)
    return_request = ReturnRequest.objects.create(
        number=number_next(key=RETURN_NUMBER_SEQUENCE, prefix="R"),
        order=order,
        comment=(comment or "").strip(),
        created_by=user,
    )
    ReturnLine.objects.bulk_create(
        ReturnLine(
            return_request=return_request,
            order_line_id=spec.order_line_id,
            quantity=spec.quantity,
            reason=spec.reason,
            reason_text=spec.reason_text,
        )
        for spec in specs
    )
    for photo in photo_files:
        ReturnPhoto.objects.create(return_request=return_request, image=photo)
    with translation.override(order.language_code):
        order_event(
            order=order,
            type=OrderEvent.Type.RETURN_REQUESTED,
            user=user,
            message=_("Return %(number)s") % {"number": return_request.number},
            data={"return": return_request.number, "to": R.REQUESTED},
        )
    return_email_queue(return_request.pk, ReturnEmail.REQUESTED)
    return return_request


@transaction.atomic
def return_request_approve(*, return_request: ReturnRequest, user=None) -> ReturnRequest:
    """requested → approved; the customer's email carries the PDF return slip."""
    _order, return_request = return_lock(return_request)
    return return_set_status(
        return_request=return_request, status=R.APPROVED, user=user, email_kind=ReturnEmail.APPROVED
    )


@transaction.atomic
def return_request_reject(*, return_request: ReturnRequest, message: str, user=None):
    """requested → rejected with a message to the customer (REQUIRED when blank), emailed."""
    message = (message or "").strip()
    if not message:
        raise typed_error(
            _("Tell the customer why the return is refused."),
            ReturnErrorCode.REQUIRED,
            field="message",
        )
    _order, return_request = return_lock(return_request)
    return_request.staff_message = message
    return_set_status(
        return_request=return_request,
        status=R.REJECTED,
        user=user,
        email_kind=ReturnEmail.REJECTED,
        message=message,
    )
    return_request.save(update_fields=["staff_message"])
    return return_request


def _order_status_after_receipt(order: Order) -> str:
    lines = list(OrderLine.objects.filter(order=order))
    if all(line.quantity_returned >= line.quantity for line in lines):
        return OrderStatus.RETURNED
    return OrderStatus.PARTIALLY_RETURNED


@transaction.atomic
def return_request_receive(
    *, return_request: ReturnRequest, lines: dict[int, bool], user=None
) -> ReturnRequest:
    """approved → received. `lines` maps every return line id to restock (True: back on sale).

    Restocked variants grow under select_for_update in id order; each OrderLine's
    quantity_returned grows; the order becomes partially_returned / returned.
    Refused: REQUIRED (a line without a decision), NOT_FOUND (a line of another return),
    INVALID_TRANSITION.
    """
    order, return_request = return_lock(return_request)
    return_lines = list(return_request.lines.select_related("order_line").order_by("id"))
    decisions = {int(key): bool(value) for key, value in lines.items()}
    ids = {line.pk for line in return_lines}
    if set(decisions) - ids:
        raise typed_error(
            _("This line is not part of the return."), ReturnErrorCode.NOT_FOUND, field="lines"
        )
    if ids - set(decisions):
        raise typed_error(
            _("Say for each item whether it goes back to stock."),
            ReturnErrorCode.REQUIRED,
            field="lines",
        )
    return_set_status(
        return_request=return_request,
        status=R.RECEIVED,
        user=user,
        email_kind=ReturnEmail.RECEIVED,
        data={"restocked": sorted(pk for pk, restock in decisions.items() if restock)},
    )
    restock: dict[int, int] = {}
    for line in return_lines:
        line.restock = decisions[line.pk]
        line.save(update_fields=["restock"])
        OrderLine.objects.filter(pk=line.order_line_id).update(
            quantity_returned=F("quantity_returned") + line.quantity
        )
        if line.restock and line.order_line.variant_id:
            variant_id = line.order_line.variant_id
            restock[variant_id] = restock.get(variant_id, 0) + line.quantity
    stock_restock(quantities=restock)
    status = _order_status_after_receipt(order)
    with translation.override(order.language_code):
        order_set_status(order=order, status=status, user=user)
    return return_request


@transaction.atomic
def return_request_close(*, return_request: ReturnRequest, user=None) -> ReturnRequest:
    """Close the return (from any status TRANSITIONS allows); no email."""
    _order, return_request = return_lock(return_request)
    return return_set_status(return_request=return_request, status=R.CLOSED, user=user)


def return_request_refund(
    *,
    return_request: ReturnRequest,
    include_shipping: bool,
    user=None,
    idempotency_key: str | None = None,
) -> Refund:
    """received → refunded: refund return_refund_amount through the order's gateways.

    The providers are called once the transaction commits (at once when called outside one);
    the Refund's status is then pending (booked), succeeded, partially_failed or failed.
    Refused: INVALID_TRANSITION, NOTHING_TO_REFUND, REFUND_EXCEEDS_CAPTURED,
    REFUND_LIMIT_EXCEEDED (support agent above their per-order or daily cap), PERMISSION_DENIED.
    Idempotent: the same key, or the return refunded already, returns the first Refund.
    """
    with transaction.atomic():
        order, return_request = return_lock(return_request)
        if idempotency_key:
            existing = Refund.objects.filter(
                idempotency_key=idempotency_key, return_request=return_request
            ).first()
            if existing is not None:
                return existing
        if return_request.status == R.REFUNDED:
            existing = return_request.refunds.exclude(status=Refund.Status.FAILED).first()
            if existing is not None:
                return existing
        if R.REFUNDED not in TRANSITIONS[return_request.status]:
            raise typed_error(
                _("Only a received return can be refunded."), ReturnErrorCode.INVALID_TRANSITION
            )
        lines_amount, shipping = return_refund_parts(return_request, include_shipping)
        amount = return_refund_amount(return_request, include_shipping)
        if amount <= 0:
            raise typed_error(_("Nothing is left to refund."), ReturnErrorCode.NOTHING_TO_REFUND)
        refund_check_permission(user=user, amount=amount, codes=ReturnErrorCode, order=order)
        with translation.override(order.language_code):
            reason = _("Return %(number)s") % {"number": return_request.number}
        refund = refund_create(
            order=order,
            amount=amount,
            shipping_amount=min(shipping, amount),
            reason=reason,
            codes=ReturnErrorCode,
            user=user,
            return_request=return_request,
            idempotency_key=idempotency_key,
        )
        return_set_status(
            return_request=return_request,
            status=R.REFUNDED,
            user=user,
            event_type=OrderEvent.Type.STATUS_CHANGED,
            data={"amount": str(amount), "lines": str(lines_amount), "shipping": str(shipping)},
        )
    if not transaction.get_connection().in_atomic_block:
        refund.refresh_from_db()
    return refund


@transaction.atomic
def return_request_exchange(
    *, return_request: ReturnRequest, replacements: dict, user=None
) -> Order:
    """received → closed with a zero-priced follow-up order: for each return line id a variant
    of the same product (`replacements`, one for every line), quantities as returned, stock
    taken under row locks.

    Refused: REQUIRED (a line without replacement), NOT_FOUND, INVALID_REPLACEMENT (another
    product, or the return has an exchange already), INSUFFICIENT_STOCK, INVALID_TRANSITION.
    Writes exchange_created on both orders, emails "exchange".
    """
    order, return_request = return_lock(return_request)
    if return_request.status != R.RECEIVED:
        raise typed_error(
            _("Only a received return can be exchanged."), ReturnErrorCode.INVALID_TRANSITION
        )
    if return_request.exchange_order_id:
        raise typed_error(
            _("This return has a replacement already."), ReturnErrorCode.INVALID_REPLACEMENT
        )
    exchange = exchange_order_create(
        order=order, return_request=return_request, replacements=replacements, user=user
    )
    return_request.exchange_order = exchange
    return_request.save(update_fields=["exchange_order"])
    return_set_status(
        return_request=return_request,
        status=R.CLOSED,
        user=user,
        event_type=OrderEvent.Type.EXCHANGE_CREATED,
        email_kind=ReturnEmail.EXCHANGE,
        message=_("Replacement order %(number)s") % {"number": exchange.number},
        data={"exchange_order": exchange.number},
    )
    return exchange


def order_refund(
    *, order: Order, amount: Decimal, reason: str, user=None, idempotency_key: str | None = None
) -> Refund:
    """A goodwill refund of `amount` directly on an order, through its gateways.

    Refused (OrderErrorCode): INVALID (amount ≤ 0), REQUIRED (no reason), NOTHING_TO_REFUND,
    REFUND_EXCEEDS_CAPTURED, REFUND_LIMIT_EXCEEDED, PERMISSION_DENIED. Idempotent like
    return_request_refund (same key; or same order, amount, reason and user within minutes).
    """
    reason = (reason or "").strip()
    if not reason:
        raise typed_error(
            _("Say why the order is refunded."), OrderErrorCode.REQUIRED, field="reason"
        )
    return refund_book_and_send(
        order=order,
        amount=Decimal(amount),
        reason=reason,
        codes=OrderErrorCode,
        user=user,
        idempotency_key=idempotency_key,
    )
