"""Returns (RMA): one table of allowed moves, the one function that makes them, and the
services that staff, customers, GraphQL, admin and the support desk all call.

Every service takes keyword arguments, locks the order row first (then the return, then lines,
payments or variants in id order), raises ValidationError with a ReturnErrorCode, writes an
event on the order's timeline and queues the customer's email with transaction.on_commit.
"""

from dataclasses import dataclass
from decimal import Decimal

from orders.models import Order, OrderLine, Refund, ReturnRequest
from orders.models.returns import ReturnStatus

R = ReturnStatus
TRANSITIONS: dict[str, set[str]] = {
    R.REQUESTED: {R.APPROVED, R.REJECTED, R.CLOSED},
    R.APPROVED: {R.RECEIVED, R.CLOSED},
    R.REJECTED: {R.CLOSED},
    R.RECEIVED: {R.REFUNDED, R.CLOSED},
    R.REFUNDED: {R.CLOSED},
    R.CLOSED: set(),
}
# Returns still holding quantities of their lines (counted against what may be returned).
OPEN_STATUSES = (R.REQUESTED, R.APPROVED)


@dataclass(frozen=True)
class ReturnLineSpec:
    order_line_id: int
    quantity: int
    reason: str
    reason_text: str = ""


def return_set_status(
    *,
    return_request: ReturnRequest,
    status: str,
    user=None,
    event_type: str | None = None,
    email_kind: str | None = None,
    data: dict | None = None,
) -> ReturnRequest:
    """Move a locked return to `status` if TRANSITIONS allows it, stamp decided/received/closed
    dates, record the order event (in the order's language) and queue `email_kind` on commit.

    Call inside a transaction holding the order's and the return's row locks.
    Raises INVALID_TRANSITION.
    """
    raise NotImplementedError


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
    Refused (nothing written): REQUIRED (no line), NOT_FOUND (line of another order),
    INVALID (quantity ≤ 0, unknown reason, reason "other" without text), LINE_NOT_DELIVERED,
    NOT_RETURNABLE, RETURN_WINDOW_EXPIRED, QUANTITY_EXCEEDED (more than delivered − returned −
    requested in open returns), INVALID_PHOTO, TOO_MANY_PHOTOS, PHOTO_TOO_LARGE.
    Gives the number R-<year>-<n>, writes return_requested, emails "return_requested".
    """
    raise NotImplementedError


def return_request_approve(*, return_request: ReturnRequest, user=None) -> ReturnRequest:
    """requested → approved; the customer's email carries the PDF return slip."""
    raise NotImplementedError


def return_request_reject(*, return_request: ReturnRequest, message: str, user=None):
    """requested → rejected with a message to the customer (REQUIRED when blank), emailed."""
    raise NotImplementedError


def return_request_receive(
    *, return_request: ReturnRequest, lines: dict[int, bool], user=None
) -> ReturnRequest:
    """approved → received. `lines` maps every return line id to restock (True: back on sale).

    Restocked variants grow under select_for_update in id order; each OrderLine's
    quantity_returned grows; the order becomes partially_returned / returned.
    Refused: REQUIRED (a line without a decision), NOT_FOUND (a line of another return),
    INVALID_TRANSITION.
    """
    raise NotImplementedError


def return_request_close(*, return_request: ReturnRequest, user=None) -> ReturnRequest:
    """Close the return (from any status TRANSITIONS allows); no email."""
    raise NotImplementedError


def return_refund_amount(return_request: ReturnRequest, include_shipping: bool) -> Decimal:
    """What return_request_refund would refund now: the lines at the price paid minus their
    share of the order discount, plus the order's shipping if asked and not refunded before;
    never more than is left of what was captured."""
    raise NotImplementedError


def return_request_refund(
    *,
    return_request: ReturnRequest,
    include_shipping: bool,
    user=None,
    idempotency_key: str | None = None,
) -> Refund:
    """received → refunded: refund return_refund_amount through the order's gateways.

    Call outside a transaction (the provider is called after commit, as orders.payments.refunds
    does); the Refund's status is then pending (booked), succeeded or failed.
    Refused: INVALID_TRANSITION, NOTHING_TO_REFUND, REFUND_EXCEEDS_CAPTURED,
    REFUND_LIMIT_EXCEEDED (support agent above SUPPORT_AGENT_REFUND_LIMIT), PERMISSION_DENIED.
    Idempotent: the same key, or the same return refunded again, returns the first Refund.
    """
    raise NotImplementedError


def return_request_exchange(
    *, return_request: ReturnRequest, replacements: dict, user=None
) -> Order:
    """received → closed with a zero-priced follow-up order: for each return line id a variant
    of the same product (`replacements`), quantities as returned, stock taken under row locks.

    Refused: REQUIRED (no replacement), NOT_FOUND, INVALID_REPLACEMENT (another product),
    INSUFFICIENT_STOCK, INVALID_TRANSITION. Writes exchange_created on both orders, emails
    "return_exchange".
    """
    raise NotImplementedError


def order_returnable_lines(order: Order) -> list[tuple[OrderLine, int, str]]:
    """Each line of the order with the quantity the customer may still ask to return and, when
    that is 0, why (a translated sentence; "" otherwise). Two queries whatever the size."""
    raise NotImplementedError


def order_refund(
    *, order: Order, amount: Decimal, reason: str, user=None, idempotency_key: str | None = None
) -> Refund:
    """A goodwill refund of `amount` directly on an order, through its gateways.

    Refused (OrderErrorCode): INVALID (amount ≤ 0), REQUIRED (no reason), NOTHING_TO_REFUND,
    REFUND_EXCEEDS_CAPTURED, REFUND_LIMIT_EXCEEDED, PERMISSION_DENIED. Idempotent like
    return_request_refund (same key; or same order, amount, reason and user within minutes).
    """
    raise NotImplementedError
