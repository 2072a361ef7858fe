from support.models.faq import FaqArticle, FaqCategory, FaqSearch
from support.models.tickets import (
    CannedResponse,
    InboundEmailFailure,
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
    "FaqArticle",
    "FaqCategory",
    "FaqSearch",
    "CannedResponse",
    "InboundEmailFailure",
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
