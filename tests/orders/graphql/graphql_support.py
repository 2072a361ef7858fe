"""Data and calls shared by the checkout GraphQL tests: each helper runs one mutation through
/graphql/ and returns its payload (the fields asked for, and `errors`)."""

from decimal import Decimal

from graphql_relay import to_global_id

from orders.models import Checkout, ShippingMethod, Voucher
from tests.api import graphql

ADDRESS = {
    "firstName": "Alice",
    "lastName": "Martin",
    "streetAddress1": "12 rue de la Paix",
    "postalCode": "75002",
    "city": "Paris",
    "country": "FR",
}

ERRORS = "errors { field code message variants quantityAvailable }"
CHECKOUT_FIELDS = """
  id email quantity voucherCode
  lines { id quantity variant { id sku } unitPrice { amount } totalPrice { amount } }
  shippingAddress { firstName postalCode city country }
  billingAddress { firstName postalCode city country }
  shippingMethods { id name price { amount currency } minimumDeliveryDays maximumDeliveryDays }
  deliveryMethod { id name price { amount } }
  subtotalPrice { amount } discount { amount } shippingPrice { amount } vat { amount }
  totalPrice { amount currency }
  availablePaymentGateways
"""
WITH_CHECKOUT = f"checkout {{ {CHECKOUT_FIELDS} }}"
PAYMENT_FIELDS = "payment { id gateway clientSecret status amount { amount } }"
ORDER_FIELDS = "order { id number status paymentStatus total { amount } }"

_TYPES = {
    "id": "ID!",
    "input": "CheckoutCreateInput!",
    "lines": "[CheckoutLineInput!]!",
    "updates": "[CheckoutLineUpdateInput!]!",
    "lineIds": "[ID!]!",
    "email": "String!",
    "address": "AddressInput!",
    "methodId": "ID!",
    "code": "String!",
    "optionalCode": "String",
    "gateway": "String!",
}


def variant_id(variant) -> str:
    return to_global_id("ProductVariant", variant.pk)


def checkout_id(checkout: Checkout) -> str:
    return to_global_id("Checkout", str(checkout.token))


def shipping_method(**fields) -> ShippingMethod:
    fields.setdefault("name", "Colissimo")
    fields.setdefault("price", Decimal("4.90"))
    return ShippingMethod.objects.create(**fields)


def method_id(method: ShippingMethod) -> str:
    return to_global_id("ShippingMethod", method.pk)


def voucher(**fields) -> Voucher:
    fields.setdefault("code", "SAVE10")
    fields.setdefault("value", Decimal("10"))
    return Voucher.objects.create(**fields)


def errors_of(payload) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


def mutate(client, name: str, arguments: str, variables: dict, fields: str = WITH_CHECKOUT):
    """Run the mutation `name(arguments)`; `variables` are named as in _TYPES."""
    declared = ", ".join(f"${key}: {_TYPES[key]}" for key in variables)
    query = f"mutation({declared}) {{ {name}({arguments}) {{ {fields} {ERRORS} }} }}"
    result = graphql(client, query, variables)
    assert "errors" not in result, result["errors"]
    return result["data"][name]


def create(client, lines=(), email="alice@example.com"):
    """checkoutCreate with [(variant, quantity)]."""
    lines = [{"variantId": variant_id(variant), "quantity": qty} for variant, qty in lines]
    return mutate(client, "checkoutCreate", "input: $input", {"input": _input(email, lines)})


def _input(email, lines):
    return {"email": email, "lines": lines} if email is not None else {"lines": lines}


def create_checkout(client, variant, quantity=1, email="alice@example.com") -> dict:
    """A new checkout holding `quantity` of `variant`, as the payload's `checkout`."""
    payload = create(client, [(variant, quantity)], email=email)
    assert payload["errors"] == [], payload["errors"]
    return payload["checkout"]


def lines_add(client, checkout, variant, quantity):
    lines = [{"variantId": variant_id(variant), "quantity": quantity}]
    return mutate(
        client, "checkoutLinesAdd", "id: $id, lines: $lines", _vars(checkout, lines=lines)
    )


def lines_update(client, checkout, updates):
    args = "id: $id, lines: $updates"
    return mutate(client, "checkoutLinesUpdate", args, _vars(checkout, updates=updates))


def lines_delete(client, checkout, line_ids):
    args = "id: $id, lineIds: $lineIds"
    return mutate(client, "checkoutLinesDelete", args, _vars(checkout, lineIds=line_ids))


def set_email(client, checkout, email):
    return mutate(
        client, "checkoutEmailUpdate", "id: $id, email: $email", _vars(checkout, email=email)
    )


def set_address(client, checkout, address, kind="shipping"):
    name, args = f"checkout{kind.title()}AddressUpdate", f"id: $id, {kind}Address: $address"
    return mutate(client, name, args, _vars(checkout, address=address))


def set_method(client, checkout, method):
    method = method if isinstance(method, str) else method_id(method)
    args = "id: $id, deliveryMethodId: $methodId"
    return mutate(client, "checkoutDeliveryMethodUpdate", args, _vars(checkout, methodId=method))


def add_code(client, checkout, code):
    args = "id: $id, promoCode: $code"
    return mutate(client, "checkoutAddPromoCode", args, _vars(checkout, code=code))


def remove_code(client, checkout, code=None):
    args = "id: $id, promoCode: $optionalCode"
    return mutate(client, "checkoutRemovePromoCode", args, _vars(checkout, optionalCode=code))


def pay(client, checkout, gateway: str = "bank_transfer"):
    args = "id: $id, gateway: $gateway"
    variables = _vars(checkout, gateway=gateway)
    return mutate(client, "checkoutPaymentCreate", args, variables, fields=PAYMENT_FIELDS)


def complete(client, checkout):
    return mutate(client, "checkoutComplete", "id: $id", _vars(checkout), fields=ORDER_FIELDS)


def _vars(checkout, **variables) -> dict:
    return {"id": checkout, **variables}


def ready_checkout(client, variant, quantity=1, method=None) -> str:
    """A checkout with a line, an email, an address and a delivery method; returns its id."""
    checkout = create_checkout(client, variant, quantity)["id"]
    for payload in (
        set_address(client, checkout, ADDRESS),
        set_method(client, checkout, method or shipping_method()),
    ):
        assert payload["errors"] == [], payload["errors"]
    return checkout


def place_order(client, variants, quantity=1) -> str:
    """Buy `quantity` of each variant with the offline gateway; returns the order's id."""
    payload = create(client, [(variant, quantity) for variant in variants])
    checkout = payload["checkout"]["id"]
    set_address(client, checkout, ADDRESS)
    method = ShippingMethod.objects.first() or shipping_method()
    set_method(client, checkout, method)
    assert pay(client, checkout)["errors"] == []
    payload = complete(client, checkout)
    assert payload["errors"] == [], payload["errors"]
    return payload["order"]["id"]
