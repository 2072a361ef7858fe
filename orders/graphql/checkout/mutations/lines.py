"""Creating a checkout and changing its lines. Each names variants and lines by global ids."""

import graphene
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.graphql.ids import pks_from_global_ids
from core.graphql.mutations import BaseMutation
from orders.checkout import services
from orders.error_codes import CheckoutErrorCode
from orders.graphql.checkout.errors import CheckoutError
from orders.graphql.checkout.inputs import (
    CheckoutCreateInput,
    CheckoutLineInput,
    CheckoutLineUpdateInput,
)
from orders.graphql.checkout.mutations.base import (
    checkout_field,
    checkout_from_id,
    checkout_id_argument,
    checkout_payload,
    line_pairs,
    not_found,
    variant_pks,
)


class CheckoutCreate(BaseMutation):
    """Start a checkout. A signed-in customer gets their open checkout, with these lines added."""

    checkout = checkout_field()

    class Arguments:
        input = CheckoutCreateInput(required=True)

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, input):
        email = (input.get("email") or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise typed_error(
                    _("Enter a valid email address."), CheckoutErrorCode.INVALID, field="email"
                ) from None
        checkout = services.checkout_create(
            user=info.context.user,
            email=email,
            lines=line_pairs(input.get("lines") or []),
            language_code=get_language() or "en",
        )
        return checkout_payload(checkout)


class CheckoutLinesAdd(BaseMutation):
    """Add variants to the checkout; quantities add up with the lines already there."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, lines):
        checkout = checkout_from_id(info, id)
        services.checkout_lines_add(checkout=checkout, lines=line_pairs(lines))
        return checkout_payload(checkout)


class CheckoutLinesUpdate(BaseMutation):
    """Set the quantity of lines (0 removes one). All of them change, or on an error none."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        lines = graphene.List(graphene.NonNull(CheckoutLineUpdateInput), required=True)

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, lines):
        checkout = checkout_from_id(info, id)
        services.checkout_lines_update(checkout=checkout, lines=_update_pairs(checkout, lines))
        return checkout_payload(checkout)


def _update_pairs(checkout, lines) -> list[tuple[int, int]]:
    """(variant id, quantity) pairs of CheckoutLineUpdateInputs, each naming its line by
    `lineId` (a line of this checkout) or by `variantId`."""
    if any((line.line_id is None) == (line.variant_id is None) for line in lines):
        raise typed_error(
            _("Name each line by either lineId or variantId."),
            CheckoutErrorCode.INVALID,
            field="lines",
        )
    named_lines, invalid = pks_from_global_ids(
        [line.line_id for line in lines if line.line_id is not None], "CheckoutLine"
    )
    variant_of_line = dict(
        checkout.lines.filter(pk__in=named_lines).values_list("pk", "variant_id")
    )
    missing = invalid + [gid for pk, gid in named_lines.items() if pk not in variant_of_line]
    if missing:
        raise not_found(
            "lines",
            _("No such line in this checkout: %(ids)s.") % {"ids": ", ".join(missing)},
        )
    variant_by_id = {gid: variant_of_line[pk] for pk, gid in named_lines.items()}
    variant_by_id.update(variant_pks([line.variant_id for line in lines if line.variant_id]))
    return [(variant_by_id[line.line_id or line.variant_id], line.quantity) for line in lines]


class CheckoutLinesDelete(BaseMutation):
    """Remove lines from the checkout."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        line_ids = graphene.List(
            graphene.NonNull(graphene.ID), required=True, description="CheckoutLine ids."
        )

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, line_ids):
        checkout = checkout_from_id(info, id)
        pks, invalid = pks_from_global_ids(line_ids, "CheckoutLine")
        if invalid:
            raise not_found(
                "line_ids",
                _("No such line in this checkout: %(ids)s.") % {"ids": ", ".join(invalid)},
            )
        services.checkout_lines_delete(checkout=checkout, line_ids=list(pks))
        return checkout_payload(checkout)
