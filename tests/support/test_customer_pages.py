"""The shoppers' support pages: asking about an order, the contact page, "my questions", the
ticket page (account or signed link), attachments and the rating page."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from support.links import satisfaction_token, ticket_access_token
from support.models import Ticket, TicketMessage
from support.services import ticket_reply, ticket_set_status
from tests.clients import logged_in
from tests.customers.support import customer
from tests.files import image_upload
from tests.orders.order_builders import customers_order, placed_order, support_agent
from tests.support.builders import answered_ticket, open_ticket

pytestmark = pytest.mark.django_db


def ask(client, order, **data):
    payload = {"category": "delivery", "subject": "Where is it?", "body": "Still waiting."}
    payload.update(data)
    return client.post(reverse("support:order_ask", args=[order.token]), payload)


def test_the_owner_asks_about_an_order_and_follows_the_ticket_in_the_account(alice):
    order = customers_order(alice, delivered=False)
    line = order.lines.first()

    response = ask(
        logged_in(alice), order, order_lines=[line.pk], attachments=[image_upload(size=(4, 4))]
    )

    ticket_ = Ticket.objects.get()
    assert ticket_.order == order
    assert ticket_.customer == alice
    assert list(ticket_.order_lines.all()) == [line]
    assert ticket_.messages.get().attachments.count() == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("support:ticket", args=[ticket_.token])
    page = logged_in(alice).get(response["Location"])
    assert "Still waiting." in page.content.decode()
    order_page = logged_in(alice).get(order.get_absolute_url()).content.decode()
    assert ticket_.number in order_page
    assert reverse("support:order_ask", args=[order.token]) in order_page


def test_a_guest_holding_the_order_link_asks_and_gets_the_signed_ticket_link():
    order = placed_order()  # a guest order: the link is the proof

    response = ask(Client(), order)

    ticket_ = Ticket.objects.get()
    assert ticket_.order == order
    assert ticket_.customer is None
    assert ticket_.email == order.email
    assert response.status_code == 302
    assert reverse("support:ticket_link", args=["x"]).rstrip("x/") in response["Location"]
    assert "Still waiting." in Client().get(response["Location"]).content.decode()


def test_another_customer_cannot_ask_about_an_order_that_is_not_theirs(alice):
    order = customers_order(alice, delivered=False)
    mallory = customer("mallory@example.com")

    response = ask(logged_in(mallory), order)

    assert response.status_code == 404
    assert not Ticket.objects.exists()


def test_an_attachment_that_is_not_an_image_or_pdf_is_refused_and_nothing_is_created(alice):
    order = customers_order(alice, delivered=False)
    fake = SimpleUploadedFile("notes.pdf", b"just text", content_type="application/pdf")

    response = ask(logged_in(alice), order, attachments=[fake])

    assert response.status_code == 200
    assert not Ticket.objects.exists()
    assert response.context["form"].errors


def test_the_order_page_query_count_does_not_grow_with_its_tickets(
    alice, django_assert_max_num_queries
):
    order = customers_order(alice, delivered=False)
    client = logged_in(alice)
    open_ticket(user=alice, order=order)
    client.get(order.get_absolute_url())
    with django_assert_max_num_queries(100) as one:
        client.get(order.get_absolute_url())
    for index in range(19):
        open_ticket(user=alice, order=order, subject=f"Question {index}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(order.get_absolute_url())
    html = page.content.decode()
    assert Ticket.objects.count() == 20
    assert all(ticket_.number in html for ticket_ in Ticket.objects.all())


def test_the_contact_page_only_suggests_the_order_when_number_and_email_match():
    order = placed_order()
    client = Client()
    base = {"email": order.email, "category": "order_status", "subject": "Hi", "body": "Where?"}

    client.post(reverse("support:contact"), {**base, "order_number": order.number})
    client.post(
        reverse("support:contact"),
        {**base, "email": "someone@example.com", "order_number": order.number},
    )

    matching, unmatched = Ticket.objects.order_by("id")
    assert (matching.order, matching.suggested_order) == (None, order)
    assert (unmatched.order, unmatched.suggested_order) == (None, None)
    assert unmatched.email == "someone@example.com"


def test_my_questions_lists_only_my_tickets(alice, bob):
    mine = open_ticket(user=alice, subject="Mine")
    theirs = open_ticket(user=bob, subject="Theirs")

    page = logged_in(alice).get(reverse("support:tickets")).content.decode()

    assert mine.number in page
    assert theirs.number not in page


def test_someone_elses_ticket_is_the_same_404_as_a_missing_one(alice, bob):
    theirs = open_ticket(user=bob)
    client = logged_in(alice)

    other_url = reverse("support:ticket", args=[theirs.token])
    missing_url = reverse("support:ticket", args=["6b1f3a2e-0000-4000-8000-000000000000"])
    other = client.get(other_url)
    missing = client.get(missing_url)

    assert other.status_code == missing.status_code == 404
    assert [t.name for t in other.templates] == [t.name for t in missing.templates]
    assert theirs.number not in other.content.decode()
    assert theirs.subject not in other.content.decode()


def test_internal_notes_are_never_on_a_customer_page(alice):
    ticket_ = open_ticket(user=alice)
    agent = support_agent()
    ticket_reply(
        ticket=ticket_, body="SECRET: customer is a known fraudster", user=agent, internal=True
    )
    ticket_reply(ticket=ticket_, body="Your parcel is on its way.", user=agent)

    account_page = logged_in(alice).get(reverse("support:ticket", args=[ticket_.token]))
    link_page = Client().get(reverse("support:ticket_link", args=[ticket_access_token(ticket_)]))
    # An agent who is also a customer reads their own ticket as a customer does.
    for page in (account_page, link_page):
        html = page.content.decode()
        assert "Your parcel is on its way." in html
        assert "SECRET" not in html


def test_an_attachment_of_an_internal_note_cannot_be_downloaded_by_the_customer(alice):
    ticket_ = open_ticket(user=alice)
    note = ticket_reply(
        ticket=ticket_,
        body="scan",
        user=support_agent(),
        internal=True,
        attachments=[image_upload(size=(4, 4))],
    )
    file = note.attachments.get()

    response = logged_in(alice).get(reverse("support:attachment", args=[ticket_.token, file.pk]))

    assert response.status_code == 404


def test_the_customer_downloads_their_attachment_and_nobody_else_does(alice, bob):
    order = customers_order(alice, delivered=False)
    ask(logged_in(alice), order, attachments=[image_upload("parcel.png", size=(4, 4))])
    ticket_ = Ticket.objects.get()
    file = ticket_.messages.get().attachments.get()
    url = reverse("support:attachment", args=[ticket_.token, file.pk])

    mine = logged_in(alice).get(url)
    other = logged_in(bob).get(url)

    assert mine.status_code == 200
    assert "parcel.png" in mine["Content-Disposition"]
    assert other.status_code == 404


def test_the_customer_replies_from_the_ticket_page_and_a_solved_ticket_reopens(alice):
    ticket_, _ = answered_ticket(user=alice, reply="Done?", solved=True)

    response = logged_in(alice).post(
        reverse("support:ticket", args=[ticket_.token]), {"body": "No, still nothing."}
    )

    assert response.status_code == 302
    ticket_.refresh_from_db()
    assert ticket_.status == "open"
    assert ticket_.messages.filter(kind=TicketMessage.Kind.CUSTOMER).count() == 2


def test_a_guest_replies_through_the_signed_link():
    ticket_ = open_ticket(email="guest@example.com")
    url = reverse("support:ticket_link", args=[ticket_access_token(ticket_)])

    Client().post(url, {"body": "More details."})

    assert ticket_.messages.filter(body="More details.", kind="customer").exists()


def test_a_forged_ticket_link_is_404():
    assert Client().get(reverse("support:ticket_link", args=["forged:token"])).status_code == 404


def test_the_rating_page_records_one_score_once():
    ticket_, _ = answered_ticket(email="guest@example.com", reply="Sorted.", solved=True)
    url = reverse("support:rate", args=[satisfaction_token(ticket_, 2)])

    form = Client().get(url)
    Client().post(url, {"score": "2", "comment": "Slow."})
    again = Client().post(url, {"score": "5", "comment": "Changed my mind"})

    assert form.status_code == 200
    ticket_.refresh_from_db()
    assert ticket_.satisfaction_score == 2
    assert ticket_.satisfaction_comment == "Slow."
    assert ticket_.needs_lead_attention
    assert "already been rated" in again.content.decode()


def test_my_questions_query_count_does_not_grow_with_the_tickets(
    alice, django_assert_max_num_queries
):
    order = customers_order(alice, delivered=False)
    client = logged_in(alice)
    open_ticket(user=alice, order=order)
    client.get(reverse("support:tickets"))
    with django_assert_max_num_queries(100) as one:
        client.get(reverse("support:tickets"))
    for index in range(19):
        open_ticket(user=alice, order=order, subject=f"Question {index}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("support:tickets"))
    assert len(page.context["tickets"]) == 20


def test_a_guest_downloads_an_attachment_through_the_signed_link_only():
    order = placed_order()
    ask(Client(), order, attachments=[image_upload("parcel.png", size=(4, 4))])
    ticket_ = Ticket.objects.get()
    file = ticket_.messages.get().attachments.get()
    signed = ticket_access_token(ticket_)

    through_link = Client().get(reverse("support:attachment_link", args=[signed, file.pk]))
    forged = Client().get(reverse("support:attachment_link", args=["forged:x", file.pk]))

    assert through_link.status_code == 200
    assert forged.status_code == 404


def test_a_forged_rating_link_is_404():
    assert Client().get(reverse("support:rate", args=["forged:token"])).status_code == 404


def _paths_in(text: str, prefix: str) -> list[str]:
    return [match.group(1) for match in re.finditer(rf"https?://[^/\s]+({prefix}[^\s\"<>]+)", text)]


def test_the_guest_follows_the_link_of_the_acknowledgement_email(
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("support:contact"),
            {"email": "guest@example.com", "category": "other", "subject": "Hi", "body": "Hello?"},
        )

    links = _paths_in(mail.outbox[0].body, "/tickets/")
    page = Client().get(links[0])

    assert page.status_code == 200
    assert "Hello?" in page.content.decode()


def test_the_rating_links_of_the_solved_email_open_the_rating_page(
    django_capture_on_commit_callbacks,
):
    ticket_ = open_ticket(email="guest@example.com")
    agent = support_agent()
    ticket_reply(ticket=ticket_, body="Sorted.", user=agent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_set_status(ticket=ticket_, status="solved", user=agent)

    links = _paths_in("".join(m.body for m in mail.outbox), "/rate/")
    page = Client().get(links[0])

    assert len(links) >= 5
    assert page.status_code == 200
    assert "How did we do" in page.content.decode()
