from enum import Enum


class TicketErrorCode(Enum):
    """Why a support operation was refused."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    INVALID_TRANSITION = "invalid_transition"
    TICKET_CLOSED = "ticket_closed"
    INVALID_ORDER_LINE = "invalid_order_line"
    INVALID_ASSIGNEE = "invalid_assignee"
    INVALID_ATTACHMENT = "invalid_attachment"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    TOO_MANY_ATTACHMENTS = "too_many_attachments"
    INVALID_SCORE = "invalid_score"
    ALREADY_RATED = "already_rated"
    NOT_SOLVED = "not_solved"
    NOT_ANSWERED = "not_answered"
    INVALID_TOKEN = "invalid_token"
    RATE_LIMITED = "rate_limited"
