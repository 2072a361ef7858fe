"""French labels that share an English word with other parts of the shop: a ticket is
« ouverte » (une demande) where a cart is « ouvert », and a period runs « du … au »."""

from django.utils import translation

from orders.models import Checkout
from support.models import TicketStatus
from support.stats_views import PeriodForm


def test_ticket_statuses_agree_with_demande_in_french():
    with translation.override("fr"):
        assert [str(status.label) for status in TicketStatus] == [
            "Nouvelle",
            "Ouverte",
            "En attente du client",
            "Résolue",
            "Fermée",
        ]
        assert str(Checkout.Status.OPEN.label) == "Ouvert"


def test_the_statistics_period_reads_du_au_in_french():
    with translation.override("fr"):
        form = PeriodForm({})
        assert (str(form["start"].label), str(form["end"].label)) == ("Du", "Au")
