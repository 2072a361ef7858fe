"""API clients authenticate with `Authorization: Bearer <token>` (from the tokenCreate mutation).

A request carrying a Bearer header is authenticated by that token alone: a valid one makes its
user `request.user`; an invalid, expired or revoked one (the password changed since) makes the
request anonymous, even if a session cookie came along. Such requests skip the CSRF check of
the GraphQL view (core.graphql.views), which is safe only because the cookie is then ignored.
"""

from django.contrib.auth.models import AnonymousUser

from customers.tokens import user_from_api_token

PREFIX = "Bearer "


def bearer_token(request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header[len(PREFIX) :].strip() if header.startswith(PREFIX) else None


class BearerTokenMiddleware:
    """Place after django.contrib.auth.middleware.AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = bearer_token(request)
        if token is not None:
            request.user = user_from_api_token(token) or AnonymousUser()
        return self.get_response(request)
