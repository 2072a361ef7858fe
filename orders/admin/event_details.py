"""An order event's data in words for the seller's timeline ("Unconfirmed → Shipped",
"Amount: €25.00 · Carrier: colissimo"), never raw JSON."""

from decimal import Decimal, InvalidOperation

from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.money import format_money
from orders.models.order import OrderStatus
from orders.models.returns import ReturnStatus
from orders.payments.instructions import method_name

LABELS = {
    "amount": _("Amount"),
    "lines": _("Items"),
    "shipping": _("Shipping"),
    "gateway": _("Paid with"),
    "carrier": _("Carrier"),
    "tracking_number": _("Tracking number"),
    "fulfillment": _("Parcel"),
    "number": _("Number"),
    "refund": _("Refund"),
    "refund_failed": _("Refund"),
    "status": _("Status"),
    "return": _("Return"),
    "order": _("Order"),
    "exchange_order": _("Replacement order"),
    "kind": _("Kind"),
    "to": _("To"),
    "error": _("Error"),
    "reference": _("Reference"),
    "paid_at": _("Paid on"),
    "restocked": _("Lines back in stock"),
}
MONEY_KEYS = {"amount", "lines", "shipping"}
STATUS_LABELS = {**dict(OrderStatus.choices), **dict(ReturnStatus.choices)}


def _value(key: str, value, currency: str) -> str:
    if key in MONEY_KEYS:
        try:
            return format_money(Decimal(str(value)), currency)
        except (InvalidOperation, ValueError):
            return str(value)
    if key == "gateway":
        return method_name(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(STATUS_LABELS.get(value, value))


def event_details(event, currency: str):
    """HTML: the status move as "from → to", then each other datum as "Label: value"."""
    data = dict(event.data or {})
    parts = []
    if "from" in data and "to" in data:
        before, after = data.pop("from"), data.pop("to")
        parts.append(f"{_value('from', before, currency)} → {_value('to', after, currency)}")
    for key, value in data.items():
        if value in (None, "", []) or key.endswith("_id"):
            continue  # internal ids (fulfillment_id, refund_id) say nothing to the seller
        label = LABELS.get(key, key.replace("_", " ").capitalize())
        parts.append(f"{label}: {_value(key, value, currency)}")
    if not parts:
        return "—"
    return format_html_join("", "<div>{}</div>", ((part,) for part in parts))
