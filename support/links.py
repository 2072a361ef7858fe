"""Signed links the support emails carry: the customer's ticket page and the rating links.

The pages behind them are served by support/views (the `support` URL namespace):
`support:ticket_link` (kwargs `signed`) and `support:rate` (kwargs `signed`).
"""


def ticket_access_token(ticket) -> str:
    """A signed token giving its holder (the customer or guest) read/reply access to `ticket`."""
    raise NotImplementedError


def ticket_from_access_token(signed: str):
    """The ticket of a valid access token, else None."""
    raise NotImplementedError


def satisfaction_token(ticket, score: int) -> str:
    """A signed token for rating `ticket` with `score` (one use: refused once a score is kept)."""
    raise NotImplementedError


def satisfaction_token_read(signed: str):
    """(ticket, score) for a valid rating token, else None."""
    raise NotImplementedError


def reply_address(ticket) -> str:
    """support+<signed token>@SUPPORT_REPLY_DOMAIN: the Reply-To of the emails about `ticket`."""
    raise NotImplementedError


def ticket_from_reply_address(address: str):
    """The ticket whose signed token is in `address`, else None."""
    raise NotImplementedError
