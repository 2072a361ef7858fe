import pytest

from tests.clients import logged_in
from tests.factories import UserFactory
from tests.orders.builders import CUSTOMER_EMAIL
from tests.orders.order_builders import seller, support_agent

pytest_plugins = ["tests.localstripe"]


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read English text unless they switch language on purpose."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def alice():
    """The shopper whose email (CUSTOMER_EMAIL) the built checkouts, orders and guest tickets
    carry."""
    return UserFactory(email=CUSTOMER_EMAIL)


@pytest.fixture
def bob():
    """Another shopper, bob@example.com."""
    return UserFactory(email="bob@example.com")


@pytest.fixture
def seller_client():
    """A browser signed in as staff of the Sellers group (orders.change_order), not a superuser."""
    return logged_in(seller())


@pytest.fixture
def agent():
    """Staff of the Support agents group: may view orders, not change them."""
    return support_agent()


@pytest.fixture
def agent_client(agent):
    """A browser signed in as `agent`."""
    return logged_in(agent)
