"""Browsers for the tests: one helper signs a user in, so every module builds its clients alike."""

from django.test import Client


def logged_in(user=None) -> Client:
    """A new test client signed in as `user` (anonymous when None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    """The texts of the Django messages a page rendered (`response.context["messages"]`)."""
    return [str(message) for message in response.context["messages"]]
