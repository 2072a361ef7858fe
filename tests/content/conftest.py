import pytest

from tests.orders.views.checkout_pages_support import shipping_methods


@pytest.fixture
def methods():
    """The shop's shipping methods by key (checkout_pages_support.shipping_methods)."""
    return shipping_methods()
