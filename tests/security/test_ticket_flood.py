"""Attack: flooding the support desk: tickets from one address, acknowledgement emails to a
victim's address, and FAQ suggestion GETs that write rows on every request."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from support.models import FaqArticle, FaqSearch, Ticket
from tests.api import graphql
from tests.support.faq_builders import faq_article

pytestmark = pytest.mark.django_db

TICKET_CREATE = """
mutation Create($email: String) {
  ticketCreate(input: {subject: "Hi", body: "Where?", category: OTHER, email: $email}) {
    ticket { id }
    errors { field code message }
  }
}
"""


def contact(client, email, **extra):
    return client.post(
        reverse("support:contact"),
        {"email": email, "category": "other", "subject": "Hello", "body": "A question."},
        **extra,
    )


def test_tickets_from_one_ip_stop_at_the_limit_and_send_no_more_emails(
    settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_TICKETS_PER_IP_PER_HOUR = 3
    client = Client(REMOTE_ADDR="203.0.113.7")

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            assert contact(client, f"shopper{n}@example.com").status_code == 302
        refused = contact(client, "shopper9@example.com")

    assert refused.status_code == 429
    assert "Too many" in refused.content.decode()
    assert Ticket.objects.count() == 3 and len(mail.outbox) == 3
    other_ip = contact(Client(REMOTE_ADDR="198.51.100.9"), "shopper9@example.com")
    assert other_ip.status_code == 302


def test_ticket_create_to_one_email_from_many_ips_is_refused_with_rate_limited(
    settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_TICKETS_PER_EMAIL_PER_HOUR = 2
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            client = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
            result = graphql(client, TICKET_CREATE, {"email": "victim@example.com"})
            answers.append(result["data"]["ticketCreate"])

    assert [a["errors"] for a in answers[:2]] == [[], []]
    assert [e["code"] for e in answers[2]["errors"]] == ["RATE_LIMITED"]
    assert answers[2]["ticket"] is None
    assert Ticket.objects.count() == 2 and len(mail.outbox) == 2


def test_acknowledgements_to_one_address_stop_at_their_own_limit(
    settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_TICKETS_PER_EMAIL_PER_HOUR = 10
    settings.SUPPORT_ACKNOWLEDGEMENTS_PER_EMAIL_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            contact(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), "victim@example.com")

    # The tickets are kept for a real shopper and the agents; the victim's inbox is not flooded.
    assert Ticket.objects.count() == 4
    assert len(mail.outbox) == 2


def test_faq_suggestion_gets_do_not_grow_rows_without_bound(settings):
    settings.SUPPORT_FAQ_SUGGESTIONS_PER_IP_PER_HOUR = 5
    article = faq_article(title="Where is my parcel?")
    client = Client(REMOTE_ADDR="203.0.113.7")

    answers = [
        client.get(reverse("faq:suggestions"), {"q": "parcel"}).status_code for _ in range(30)
    ]

    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}
    assert FaqSearch.objects.count() <= 5
    article.refresh_from_db()
    assert article.suggested == 1  # counted once for this visitor, not once per request
    assert FaqArticle.objects.get().suggested == 1


def test_faq_search_gets_are_answered_but_logged_only_up_to_the_limit(settings):
    settings.SUPPORT_FAQ_SEARCH_LOGS_PER_IP_PER_HOUR = 5
    faq_article(title="Where is my parcel?")
    client = Client(REMOTE_ADDR="203.0.113.8")

    pages = [client.get(reverse("faq:home"), {"q": f"parcel {n}"}) for n in range(30)]

    assert {page.status_code for page in pages} == {200}
    assert all("Where is my parcel?" in page.content.decode() for page in pages)
    assert FaqSearch.objects.count() == 5
