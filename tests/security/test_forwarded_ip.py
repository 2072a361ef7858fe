"""Attack: rate limits keyed on the address dodged, or made shop-wide, by a proxy in front."""

from django.test import RequestFactory

from core.http import client_ip


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(settings):
    settings.SHOP_TRUSTED_PROXIES = 0

    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_each_client_is_told_apart(settings):
    settings.SHOP_TRUSTED_PROXIES = 1

    first = client_ip(request_from("10.0.0.2", "203.0.113.7"))
    second = client_ip(request_from("10.0.0.2", "198.51.100.9"))

    assert (first, second) == ("203.0.113.7", "198.51.100.9")


def test_behind_a_proxy_what_the_client_wrote_itself_is_not_read(settings):
    settings.SHOP_TRUSTED_PROXIES = 1

    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_a_malformed_forwarded_for_falls_back_to_the_proxy_address(settings):
    settings.SHOP_TRUSTED_PROXIES = 2

    assert client_ip(request_from("10.0.0.2", "not-an-ip")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", "<script>, 203.0.113.7")) == "10.0.0.2"
