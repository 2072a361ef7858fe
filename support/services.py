"""Writes of the support desk, gathered in one place for callers. Every public function is
keyword-only and raises `ValidationError` with a `support.error_codes.TicketErrorCode` value on
refusal.

Attachments everywhere are Django `File` objects (UploadedFile from a form, ContentFile from an
inbound email) with a `name`; images and PDF only, checked by their content.
"""

from support.canned import canned_response_render
from support.order_link import ticket_order_link_confirm
from support.satisfaction import ticket_satisfaction_submit, tickets_auto_solve
from support.tickets import (
    TRANSITIONS,
    UNSET,
    ticket_assign,
    ticket_create,
    ticket_customer_reply,
    ticket_event_record,
    ticket_order_action_record,
    ticket_reply,
    ticket_sender_confirm,
    ticket_set_status,
    ticket_update,
)

__all__ = [
    "TRANSITIONS",
    "UNSET",
    "canned_response_render",
    "ticket_assign",
    "ticket_create",
    "ticket_customer_reply",
    "ticket_event_record",
    "ticket_order_action_record",
    "ticket_order_link_confirm",
    "ticket_reply",
    "ticket_satisfaction_submit",
    "ticket_sender_confirm",
    "ticket_set_status",
    "ticket_update",
    "tickets_auto_solve",
]
