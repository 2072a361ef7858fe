"""What a GraphQL query asks for below the field being resolved, to load no more than that."""

from collections.abc import Collection

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode


def selects_any(info: GraphQLResolveInfo, field_names: Collection[str]) -> bool:
    """Whether the query selects, anywhere below the field being resolved, a field named one of
    `field_names` (schema names, such as "thumbnail").

    Fragments are followed and aliases do not matter. Directives are not evaluated: a field
    under `@skip` or `@include` counts as selected, so a resolver may load a little too much,
    never too little.
    """
    seen_fragments = set()
    pending = [node.selection_set for node in info.field_nodes]
    while pending:
        selection_set = pending.pop()
        if selection_set is None:
            continue
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value in field_names:
                    return True
                pending.append(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen_fragments:
                    seen_fragments.add(name)
                    fragment = info.fragments.get(name)
                    if fragment is not None:
                        pending.append(fragment.selection_set)
    return False
