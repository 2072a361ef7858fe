from support.models.faq import FaqArticle, FaqCategory, FaqSearch
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
    "FaqArticle",
    "FaqCategory",
    "FaqSearch",
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
