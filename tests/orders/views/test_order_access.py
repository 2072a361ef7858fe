"""Who may read an order: its page, GraphQL `order(id)` and `orderLookup`, and the look-up page.

A customer never reads another customer's order; guessed tokens and numbers get the same answer
as missing ones."""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from graphql_relay import to_global_id

from orders.models import Invoice, Order, OrderEvent
from tests.api import grant, graphql
from tests.customers.support import customer, make_order
from tests.orders.order_builders import placed_order

pytestmark = pytest.mark.django_db

ORDER = """query ($id: ID!) { order(id: $id) { number events { type } } }"""
LOOKUP = """query ($number: String!, $email: String!) {
  orderLookup(number: $number, email: $email) { number email events { type } } }"""
NOT_FOUND = "No order matches this number and email address."


def same_answer(first, second, first_token, second_token) -> bool:
    """The two responses are the same apart from the token in their own address and the
    CSRF token."""

    def normalised(response, token):
        html = response.content.decode().replace(str(token), "TOKEN")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    return first.status_code == second.status_code and normalised(first, first_token) == normalised(
        second, second_token
    )


def order_id(order) -> str:
    return to_global_id("Order", str(order.token))


def page(client, order_or_token):
    token = getattr(order_or_token, "token", order_or_token)
    return client.get(reverse("orders:detail", kwargs={"token": token}))


def test_the_owner_sees_the_page_with_parcels_tracking_and_the_public_timeline(client, alice):
    order = make_order(email=alice.email, user=alice, lines=2, parcels=2)
    OrderEvent.objects.create(order=order, type="fulfilled", message="Parcel 1 left the shop")
    client.force_login(alice)

    response = page(client, order)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Linen shirt 0" in html and "Linen shirt 1" in html
    assert "12 rue de la Paix" in html and "Not paid yet" in html
    assert "La Poste Colissimo" in html and "6A000000002" in html
    assert 'href="https://www.laposte.fr/outils/suivre-vos-envois?code=6A000000001"' in html
    assert "Parcel 1 left the shop" in html
    assert "Internal: customer sounded annoyed" not in html and "Note added" not in html


def test_the_invoice_link_shows_once_the_order_is_paid(client, alice):
    unpaid = placed_order(paid=False)
    paid = placed_order(paid=True)
    Order.objects.filter(pk__in=[unpaid.pk, paid.pk]).update(user=alice)
    client.force_login(alice)

    unpaid_html = page(client, unpaid).content.decode()
    paid_html = page(client, paid).content.decode()

    assert reverse("orders:invoice", kwargs={"token": unpaid.token}) not in unpaid_html
    assert "Your invoice will be available here once the order is paid." in unpaid_html
    assert f'href="{reverse("orders:invoice", kwargs={"token": paid.token})}"' in paid_html


def test_another_customers_order_page_is_the_same_404_as_a_missing_one(client, alice, bob):
    theirs = make_order(email=bob.email, user=bob)
    client.force_login(alice)

    missing_token = uuid.uuid4()
    other = page(client, theirs)
    missing = page(client, missing_token)

    assert other.status_code == 404
    assert same_answer(other, missing, theirs.token, missing_token)
    assert theirs.number not in other.content.decode()


def test_a_guest_holding_the_link_sees_a_guest_order_but_not_an_accounts(client, bob):
    guest_order = make_order(email="guest@example.com")
    account_order = make_order(email=bob.email, user=bob)

    assert page(client, guest_order).status_code == 200
    refused = page(client, account_order)
    missing_token = uuid.uuid4()
    assert refused.status_code == 404
    assert same_answer(refused, page(client, missing_token), account_order.token, missing_token)
    assert reverse("customers:login") in refused.content.decode()


def test_staff_need_the_view_order_permission(client, bob):
    order = make_order(email=bob.email, user=bob)
    staff = customer("staff@example.com", is_staff=True)
    client.force_login(staff)

    assert page(client, order).status_code == 404
    grant(staff, "orders.view_order")
    response = page(client, order)
    assert response.status_code == 200
    assert "Internal: customer sounded annoyed" not in response.content.decode()


def test_the_page_takes_the_same_queries_for_1_and_10_lines_and_parcels(client, alice):
    small = make_order(email=alice.email, user=alice, lines=1, parcels=1)
    large = make_order(email=alice.email, user=alice, lines=10, parcels=10)
    client.force_login(alice)
    page(client, small)  # warm up the session and the permission caches

    counts = []
    for order in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert page(client, order).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1], counts


def test_graphql_order_by_id_follows_the_same_rule(client, alice, bob):
    mine = make_order(email=alice.email, user=alice)
    theirs = make_order(email=bob.email, user=bob)
    client.force_login(alice)

    assert graphql(client, ORDER, {"id": order_id(mine)})["data"]["order"]["number"] == mine.number
    for guessed in (order_id(theirs), to_global_id("Order", str(uuid.uuid4()))):
        assert graphql(client, ORDER, {"id": guessed})["data"]["order"] is None
    by_pk = to_global_id("Order", str(theirs.pk))
    assert graphql(client, ORDER, {"id": by_pk})["data"]["order"] is None


def lookup(client, number, email, **extra):
    body = {"query": LOOKUP, "variables": {"number": number, "email": email}}
    return client.post("/graphql/", body, content_type="application/json", **extra).json()


def test_order_lookup_finds_a_guest_order_with_its_public_timeline(client):
    order = make_order(email="Guest@Example.com")

    result = lookup(client, order.number, "guest@example.com")

    assert result["data"]["orderLookup"]["number"] == order.number
    assert [e["type"] for e in result["data"]["orderLookup"]["events"]] == ["PLACED"]


def test_order_lookup_gives_the_same_answer_for_a_wrong_number_and_a_wrong_email(client):
    order = make_order(email="guest@example.com")

    wrong_email = lookup(client, order.number, "someone@example.com")
    wrong_number = lookup(client, "2026-999999", "guest@example.com")

    for result in (wrong_email, wrong_number):
        assert result["data"]["orderLookup"] is None
        assert result["errors"][0]["message"] == NOT_FOUND
        assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_customer_cannot_look_up_anothers_order_with_their_own_email(client, alice, bob):
    theirs = make_order(email=bob.email, user=bob)
    client.force_login(alice)

    with_own_email = lookup(client, theirs.number, alice.email)
    with_their_email = lookup(client, theirs.number, bob.email)  # accounts sign in instead

    for result in (with_own_email, with_their_email):
        assert result["data"]["orderLookup"] is None
        assert result["errors"][0]["message"] == NOT_FOUND


def test_order_lookup_is_rate_limited_per_ip(client):
    order = make_order(email="guest@example.com")
    for index in range(10):
        lookup(client, f"2026-9{index:05d}", "guest@example.com")

    limited = lookup(client, order.number, "guest@example.com")
    elsewhere = lookup(client, order.number, "guest@example.com", REMOTE_ADDR="10.2.2.2")

    assert limited["data"]["orderLookup"] is None
    assert limited["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert elsewhere["data"]["orderLookup"]["number"] == order.number


def test_order_lookup_is_rate_limited_per_number(client):
    order = make_order(email="guest@example.com")
    for index in range(5):
        lookup(client, order.number, f"guess{index}@example.com", REMOTE_ADDR=f"10.3.3.{index}")

    limited = lookup(client, order.number, "guest@example.com", REMOTE_ADDR="10.4.4.4")

    assert limited["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_the_lookup_page_opens_the_order_or_says_the_same_for_any_mistake(client):
    order = make_order(email="guest@example.com")
    url = reverse("orders:lookup")

    found = client.post(url, {"number": order.number, "email": "GUEST@example.com"})
    wrong_email = client.post(url, {"number": order.number, "email": "x@example.com"})
    wrong_number = client.post(url, {"number": "2026-424242", "email": "guest@example.com"})

    assert found["Location"] == order.get_absolute_url()
    assert client.get(found["Location"]).status_code == 200
    for response in (wrong_email, wrong_number):
        assert response.status_code == 200
        assert NOT_FOUND in response.content.decode()


def test_the_lookup_page_is_rate_limited(client):
    order = make_order(email="guest@example.com")
    url = reverse("orders:lookup")
    for index in range(10):
        client.post(url, {"number": f"2026-8{index:05d}", "email": "guest@example.com"})

    response = client.post(url, {"number": order.number, "email": "guest@example.com"})

    assert response.status_code == 429
    assert "Too many look-ups" in response.content.decode()


def test_another_customers_invoice_is_the_same_404_as_a_missing_one(client, alice, bob):
    theirs = make_order(email=bob.email, user=bob)
    try:
        their_invoice = reverse("orders:invoice", kwargs={"token": theirs.token})
    except NoReverseMatch:
        pytest.skip("the invoice download is not wired yet")
    missing_invoice = reverse("orders:invoice", kwargs={"token": uuid.uuid4()})
    client.force_login(alice)

    assert client.get(their_invoice).status_code == 404
    assert client.get(missing_invoice).status_code == 404
    assert not Invoice.objects.filter(order=theirs).exists()  # nothing made for a stranger


def test_a_shipped_order_page_is_titled_with_its_number_not_a_thank_you(client):
    from orders.lifecycle.fulfillment import order_fulfill
    from tests.orders.order_builders import placed_order

    order = placed_order(quantities=(1,))
    line = order.lines.get()
    order_fulfill(order=order, lines=[(line.pk, 1)], carrier="colissimo")

    html = client.get(order.get_absolute_url()).content.decode()

    assert f"Order {order.number}</h1>" in html
    assert "Thank you for your order!" not in html
