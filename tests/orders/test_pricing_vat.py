"""The one VAT-inside-price formula and the one way to share an amount over lines
(orders.pricing.vat_split, orders.pricing.amount_shares), and the callers that agree through
them: the cart totals, what a returned line was paid, the invoice and the credit note."""

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from orders.pricing import VatLine, amount_shares, calculate_totals, vat_split
from orders.returns.selectors import order_line_paid

D = Decimal
CENTS = st.integers(min_value=0, max_value=10_000_000).map(lambda cents: D(cents) / 100)
RATES = st.sampled_from([D("0"), D("2.10"), D("5.50"), D("7.70"), D("10.00"), D("20.00")])


def test_the_vat_inside_a_price_is_taken_out_of_the_gross():
    assert vat_split(D("120.00"), D("20.00")) == VatLine(
        rate=D("20.00"), net=D("100.00"), vat=D("20.00"), gross=D("120.00")
    )
    # 29.90 / 6 = 4.98333…: rounded to the cent, the net is what is left.
    assert vat_split(D("29.90"), D("20.00")) == VatLine(
        rate=D("20.00"), net=D("24.92"), vat=D("4.98"), gross=D("29.90")
    )
    # 18.00 × 5.5 / 105.5 = 0.93838…
    assert vat_split(D("18.00"), D("5.50")).vat == D("0.94")


def test_a_half_cent_of_vat_rounds_up():
    # 0.03 × 20 / 120 = 0.005 exactly: half up gives 0.01 (half even would give 0.00).
    assert vat_split(D("0.03"), D("20.00")) == VatLine(
        rate=D("20.00"), net=D("0.02"), vat=D("0.01"), gross=D("0.03")
    )
    # 0.21 × 10 / 110 = 0.019090…: rounds to 0.02, not truncated to 0.01.
    assert vat_split(D("0.21"), D("10.00")).vat == D("0.02")


def test_no_vat_at_a_zero_rate():
    assert vat_split(D("49.99"), D("0")) == VatLine(
        rate=D("0"), net=D("49.99"), vat=D("0.00"), gross=D("49.99")
    )


@given(gross=CENTS, rate=RATES)
def test_net_and_vat_always_make_the_gross_and_the_vat_is_within_half_a_cent(gross, rate):
    split = vat_split(gross, rate)

    assert split.net + split.vat == gross
    assert split.vat == split.vat.quantize(D("0.01"))
    assert abs(split.vat - gross * rate / (100 + rate)) <= D("0.005")


def test_a_discount_is_shared_by_amount_with_the_remainder_on_the_last_line():
    assert amount_shares(D("10.00"), [D("25.00"), D("25.00"), D("25.00")]) == [
        D("3.33"),
        D("3.33"),
        D("3.34"),
    ]
    # 0.05 × 1 / 2 = 0.025: half up on the first share, the rest on the last.
    assert amount_shares(D("0.05"), [D("1.00"), D("1.00")]) == [D("0.03"), D("0.02")]


def test_sharing_over_nothing():
    assert amount_shares(D("5.00"), []) == []
    assert amount_shares(D("0.00"), [D("0.00"), D("0.00")]) == [D("0.00"), D("0.00")]
    assert amount_shares(D("4.00"), [D("9.99")]) == [D("4.00")]


@given(
    amount=CENTS,
    weights=st.lists(CENTS.filter(lambda weight: weight > 0), min_size=1, max_size=8),
)
def test_the_shares_always_add_up_to_the_amount(amount, weights):
    shares = amount_shares(amount, weights)

    assert sum(shares, D(0)) == amount
    total = sum(weights, D(0))
    for share, weight in zip(shares[:-1], weights[:-1], strict=True):
        assert abs(share - amount * weight / total) <= D("0.005")


def _variant(price: str, rate: str):
    return SimpleNamespace(price=D(price), product=SimpleNamespace(vat_rate=D(rate)))


def test_the_cart_totals_share_the_discount_before_taking_the_vat_out_per_rate():
    totals = calculate_totals(
        lines=[(_variant("10.00", "20.00"), 1), (_variant("20.00", "5.50"), 1)],
        voucher=SimpleNamespace(kind="fixed", value=D("1.00")),
    )

    # Discount 1.00 over 10.00 and 20.00: 0.33 and the remaining 0.67.
    assert totals.vat_breakdown == [
        vat_split(D("19.33"), D("5.50")),  # 1.01 of VAT
        vat_split(D("9.67"), D("20.00")),  # 1.61 of VAT
    ]
    assert [line.vat for line in totals.vat_breakdown] == [D("1.01"), D("1.61")]
    assert totals.vat == D("2.62") and totals.total == D("29.00")


def test_a_returned_line_was_paid_what_the_cart_charged_for_it():
    order = SimpleNamespace(discount=D("1.00"))
    lines = [SimpleNamespace(pk=2, total=D("20.00")), SimpleNamespace(pk=1, total=D("10.00"))]

    # In id order, as the cart shared it: 10.00 − 0.33 and 20.00 − 0.67.
    assert order_line_paid(order, lines) == {1: D("9.67"), 2: D("19.33")}
