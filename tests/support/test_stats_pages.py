"""The statistics page and its CSV export: who may see them, the charts, the rows."""

import csv
import io
import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from support.charts import stacked_bar_chart
from tests.factories import UserFactory
from tests.orders.order_builders import placed_order, shopper
from tests.support.stats_builders import at, stats_ticket

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
STATS = reverse("support_stats:stats")
EXPORT = reverse("support_stats:export")
MARCH = {"from": "2026-03-02", "to": "2026-03-08"}


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("url", [STATS, EXPORT])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customers:login"))


@pytest.mark.parametrize("url", [STATS, EXPORT])
def test_customers_and_staff_without_the_permission_are_refused(client, url):
    client.force_login(shopper())
    assert client.get(url).status_code == 403
    staff = UserFactory(email="clerk@example.com", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_ticket"))
    client.force_login(UserFactory(email="clerk@example.com"))  # reload its permissions
    assert client.get(url).status_code == 200


def test_the_page_shows_the_numbers_and_the_charts(agent_client):
    stats_ticket(
        created_at=at(2, 10),
        category="delivery",
        status="solved",
        first_response_at=at(2, 10, 30),
        first_response_due_at=at(2, 11),
        solved_at=at(2, 14),
        resolution_due_at=at(3, 10),
        satisfaction_score=4,
    )
    stats_ticket(created_at=at(2, 11), category="payment", status="new")
    stats_ticket(created_at=at(5, 9), category="delivery", status="open")

    response = agent_client.get(STATS, MARCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<dd data-stat="opened">3</dd>' in html
    assert '<dd data-stat="median-first-response">30 min</dd>' in html
    assert '<dd data-stat="median-resolution">4 h 0 min</dd>' in html
    assert '<dd data-stat="first-response-target">100 % (1/1)</dd>' in html
    assert '<dd data-stat="csat-average">4.00</dd>' in html
    assert f"{EXPORT}?from=2026-03-02&amp;to=2026-03-08" in html

    charts = [
        ElementTree.fromstring(svg)
        for svg in re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
        if 'class="chart"' in svg
    ]
    assert len(charts) == 2
    opened, backlog = charts
    assert opened.find(f"{SVG}title").text == "Tickets opened per day, by category"
    # Day 2: delivery + payment, day 5: delivery.
    assert len(opened.findall(f".//{SVG}rect[@class='bar']")) == 3
    # new 1, open 1, pending 0 (not drawn).
    assert len(backlog.findall(f".//{SVG}rect[@class='bar']")) == 2


def test_a_wrong_period_falls_back_to_the_last_30_days(agent_client):
    response = agent_client.get(STATS, {"from": "2026-03-09", "to": "2026-03-01"})
    assert "The start date must be before the end date." in response.content.decode()
    period = response.context["period"]
    assert (period.end - period.start).days == 29
    assert period.end == date.today() or (date.today() - period.end).days <= 1


def test_the_chart_is_well_formed_xml_with_escaped_text():
    svg = stacked_bar_chart(
        title='Tickets <script>alert("x")</script> & co',
        labels=["a<b", "c&d", "e"],
        series=[("One <i>", [1, 0, 2]), ('Two & "three"', [0, 0, 5])],
    )
    root = ElementTree.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == 'Tickets <script>alert("x")</script> & co'
    assert "<script>" not in svg
    assert len(root.findall(f".//{SVG}rect[@class='bar']")) == 3
    assert [t.text for t in root.findall(f".//{SVG}text[@class='legend-label']")] == [
        "One <i>",
        'Two & "three"',
    ]
    with pytest.raises(ValueError):
        stacked_bar_chart(title="x", labels=["a"], series=[("s", [1, 2])])


def test_the_csv_has_one_row_per_ticket_of_the_period(agent_client):
    order = placed_order()
    stats_ticket(
        created_at=at(2, 10),
        category="delivery",
        status="solved",
        priority="high",
        order=order,
        first_response_at=at(2, 10, 30),
        solved_at=at(2, 14),
        satisfaction_score=5,
        tags=["late", "carrier"],
    )
    stats_ticket(created_at=at(4, 9), category="other", status="new")
    stats_ticket(created_at=at(9, 9), category="other", status="new")  # after the period

    response = agent_client.get(EXPORT, MARCH)
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (
        'attachment; filename="tickets-2026-03-02-2026-03-08.csv"'
    )
    header, first, second = csv_rows(response)
    assert header == [
        "number",
        "order_number",
        "category",
        "status",
        "priority",
        "created_at",
        "first_response_at",
        "solved_at",
        "satisfaction_score",
        "tags",
    ]
    assert first[1:] == [
        order.number,
        "delivery",
        "solved",
        "high",
        "2026-03-02T10:00:00+01:00",
        "2026-03-02T10:30:00+01:00",
        "2026-03-02T14:00:00+01:00",
        "5",
        "carrier;late",
    ]
    assert second[1:] == ["", "other", "new", "normal", "2026-03-04T09:00:00+01:00", "", "", "", ""]


def test_the_csv_query_count_does_not_grow(agent_client, django_assert_max_num_queries):
    def export():
        return csv_rows(agent_client.get(EXPORT, MARCH))

    stats_ticket(created_at=at(3, 10), tags=["a"])
    # The session and the user, the tickets with their orders, their tags (and savepoints).
    with django_assert_max_num_queries(6) as one:
        assert len(export()) == 2
    for day in range(19):
        stats_ticket(created_at=at(2 + day % 7, 10), tags=["a", f"t{day}"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(export()) == 21


def test_the_page_query_count_does_not_grow(agent_client, django_assert_max_num_queries):
    stats_ticket(created_at=at(3, 10))
    with django_assert_max_num_queries(13) as one:
        agent_client.get(STATS, MARCH)
    for day in range(19):
        stats_ticket(created_at=at(2 + day % 7, 10), status="open")
    with django_assert_max_num_queries(len(one.captured_queries)):
        agent_client.get(STATS, MARCH)
