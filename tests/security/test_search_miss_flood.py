"""Attack: filling the seller's "Searches with no result" with a loop of GETs from one client,
to bury what real shoppers look for (and write a row per request)."""

import pytest
from django.test import Client
from django.urls import reverse

from shop.models import SearchMiss

pytestmark = pytest.mark.django_db

LIST_URL = reverse("shop:product_list")


def test_searches_with_no_result_count_at_most_the_hourly_limit_per_client(settings):
    settings.SHOP_SEARCH_MISS_LOGS_PER_IP_PER_HOUR = 3
    attacker = Client(REMOTE_ADDR="203.0.113.7")

    for number in range(10):
        response = attacker.get(LIST_URL, {"q": f"spam {number}"})
        assert response.status_code == 200  # still answered, only no longer counted
    Client(REMOTE_ADDR="198.51.100.9").get(LIST_URL, {"q": "submarine"})

    assert sorted(SearchMiss.objects.values_list("query", flat=True)) == [
        "spam 0",
        "spam 1",
        "spam 2",
        "submarine",
    ]


def test_a_long_search_is_stored_cut_short():
    Client().get(LIST_URL, {"q": "x" * 5000})

    (miss,) = SearchMiss.objects.all()
    assert len(miss.query) == 200
