"""The task outbox: services queue Celery work by name, run only once their transaction commits."""

import pytest
from django.db import transaction

from core.outbox import task_get, task_queue
from orders import outbox as orders_outbox
from orders.models import OrderEvent
from tests.orders.order_builders import placed_order

ORDER_TASK_NAMES = [value for key, value in vars(orders_outbox).items() if key.endswith("_TASK")]


@pytest.mark.parametrize("name", ORDER_TASK_NAMES)
def test_every_task_name_the_orders_services_queue_is_a_registered_task(name):
    assert task_get(name).name == name


def test_an_unknown_task_name_is_refused_before_anything_is_queued():
    with pytest.raises(LookupError):
        task_queue("orders.tasks.no_such_task", 1)


@pytest.mark.django_db
def test_an_email_queued_in_a_transaction_that_rolls_back_is_never_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    order = placed_order()
    mailoutbox.clear()

    class Abandoned(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Abandoned), transaction.atomic():
            orders_outbox.order_email_queue(order.pk, orders_outbox.OrderEmail.CONFIRMED)
            raise Abandoned
        orders_outbox.order_email_queue(order.pk, orders_outbox.OrderEmail.SHIPPED)

    assert len(callbacks) == 1  # only the one queued outside the rolled-back block
    assert [message.subject for message in mailoutbox] == [f"Your order {order.number} has shipped"]


@pytest.mark.django_db
def test_an_email_queued_in_a_transaction_is_sent_when_it_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    order = placed_order()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        orders_outbox.order_email_queue(order.pk, orders_outbox.OrderEmail.CONFIRMED)
    assert mailoutbox == []  # not before the commit

    for callback in callbacks:
        callback()
    assert [message.to for message in mailoutbox] == [[order.email]]
    assert order.events.filter(type=OrderEvent.Type.EMAIL_SENT).exists()
