"""Browsers for the tests: one helper signs a user in, so every module builds its clients alike."""

from django.test import Client


def logged_in(user=None) -> Client:
    """A new test client signed in as `user` (anonymous when None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
