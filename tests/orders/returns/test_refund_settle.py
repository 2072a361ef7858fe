"""A refund is settled (status, credit note, one email) by the returns layer once every ledger
row has the provider's answer, and settled by the sweep if its worker died in between."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import PaymentTransaction, Refund
from orders.payments.refunds import payment_refund_execute
from orders.returns.services import order_refund
from orders.tasks import retry_pending_refunds
from tests.orders.order_builders import delivered_order

pytestmark = pytest.mark.django_db


def test_a_refund_whose_worker_died_after_the_providers_answered_is_settled_by_the_sweep(
    django_capture_on_commit_callbacks, mailoutbox
):
    order = delivered_order(quantities=(1,))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False):  # the process dies after commit
        refund = order_refund(order=order, amount=Decimal("7.00"), reason="Late")
    # The provider answered each row, then the worker died before settling the refund.
    for row in PaymentTransaction.objects.filter(refund=refund):
        payment_refund_execute(transaction_id=row.pk)
    refund.refresh_from_db()
    assert refund.status == Refund.Status.PENDING and mailoutbox == []
    Refund.objects.filter(pk=refund.pk).update(created_at=timezone.now() - timedelta(minutes=11))

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_pending_refunds.delay().get() == 0  # nothing to send again

    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and refund.credit_note_number
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        retry_pending_refunds.delay().get()
    assert len(mailoutbox) == 1  # settled once
