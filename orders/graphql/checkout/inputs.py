"""The inputs of the checkout mutations."""

import graphene


class CheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True, description="A ProductVariant id.")
    quantity = graphene.Int(required=True, description="At least 1.")


class CheckoutLineUpdateInput(graphene.InputObjectType):
    """A line to change, named by `lineId` or by `variantId` (exactly one of them)."""

    line_id = graphene.ID(description="A CheckoutLine id of this checkout.")
    variant_id = graphene.ID(description="A ProductVariant id; adds the line if it is missing.")
    quantity = graphene.Int(required=True, description="The new quantity; 0 removes the line.")


class CheckoutCreateInput(graphene.InputObjectType):
    email = graphene.String(description="The shopper's email; a signed-in customer's by default.")
    lines = graphene.List(
        graphene.NonNull(CheckoutLineInput), description="What to put in the cart first."
    )
