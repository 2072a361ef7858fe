from support.models.tickets import (
    CannedResponse,
    ResponseTarget,
    Tag,
    Ticket,
    TicketAttachment,
    TicketCategory,
    TicketChannel,
    TicketEvent,
    TicketMessage,
    TicketPriority,
    TicketStatus,
)

__all__ = [
    "CannedResponse",
    "ResponseTarget",
    "Tag",
    "Ticket",
    "TicketAttachment",
    "TicketCategory",
    "TicketChannel",
    "TicketEvent",
    "TicketMessage",
    "TicketPriority",
    "TicketStatus",
]
