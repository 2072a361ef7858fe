"""What one GraphQL request may ask, checked before anything runs (no resolver, no SQL).

Two steps, both before execution:

- `limit_rules(...)`: validation rules about the document alone (its depth with fragments
  expanded, its aliases, how often one field repeats in a selection, introspection). The view
  runs them before graphql-core's own rules, whose field-merging check is quadratic in repeated
  fields, and caches the outcome with the parsed document (core.graphql.views).
- `query_cost(...)`: the work the chosen operation asks for, which depends on the variables
  (`first: $n`), so it is computed for each request; it walks the document once, each
  fragment's selections being costed once per request.

Every refusal is a GraphQLError with `extensions.code` from core.error_codes.
"""

from collections import Counter
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _
from graphene_django.settings import graphene_settings
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_composite_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from core.error_codes import GraphQLRequestErrorCode as Code

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
META_FIELDS = {
    "__schema": SchemaMetaFieldDef,
    "__type": TypeMetaFieldDef,
    "__typename": TypeNameMetaFieldDef,
}


def limit_error(code: Code, message: str, nodes=None, **extensions) -> GraphQLError:
    """A refusal the client can act on: a translated message and a machine-readable code."""
    return GraphQLError(message, nodes, extensions={"code": code.value, **extensions})


def fragment_definitions(document) -> dict:
    return {
        definition.name.value: definition
        for definition in document.definitions
        if not isinstance(definition, OperationDefinitionNode)
        and getattr(definition, "name", None) is not None
    }


def selection_depth(selection_set, fragments: dict, memo: dict, visiting: frozenset = frozenset()):
    """How deep fields nest below `selection_set` (a leaf counts 1), fragments expanded and
    each fragment measured once; a fragment cycle (refused by graphql-core) is not followed."""
    depth = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            below = selection.selection_set
            inner = selection_depth(below, fragments, memo, visiting) if below else 0
            depth = max(depth, 1 + inner)
        elif isinstance(selection, InlineFragmentNode):
            depth = max(depth, selection_depth(selection.selection_set, fragments, memo, visiting))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in visiting:
                continue
            if name not in memo:
                memo[name] = selection_depth(
                    fragment.selection_set, fragments, memo, visiting | {name}
                )
            depth = max(depth, memo[name])
    return depth


def response_keys(selection_set, fragments: dict, memo: dict, visiting=frozenset()) -> Counter:
    """How many field nodes answer each response key of a selection set once its fragments
    are inlined (each fragment once, as GraphQL does); memoised per fragment."""
    counts, spread = Counter(), set()
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            counts[(selection.alias or selection.name).value] += 1
        elif isinstance(selection, InlineFragmentNode):
            counts += response_keys(selection.selection_set, fragments, memo, visiting)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in visiting or name in spread:
                continue
            spread.add(name)
            if name not in memo:
                memo[name] = response_keys(
                    fragment.selection_set, fragments, memo, visiting | {name}
                )
            counts += memo[name]
    return counts


@lru_cache(maxsize=16)
def limit_rules(
    *, max_depth: int, max_aliases: int, max_repeats: int, introspection: bool
) -> tuple[type[ValidationRule], ...]:
    """The validation rules for these limits; the same tuple for the same limits, so the view
    can key its cache of validated documents on it."""

    class DepthLimit(ValidationRule):
        def enter_document(self, node, *_args):
            fragments, memo = fragment_definitions(node), {}
            for definition in node.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                depth = selection_depth(definition.selection_set, fragments, memo)
                if depth > max_depth:
                    self.report_error(
                        limit_error(
                            Code.QUERY_TOO_DEEP,
                            _("This query nests %(depth)s levels deep; at most %(max)s allowed.")
                            % {"depth": depth, "max": max_depth},
                            definition,
                            depth=depth,
                            maxDepth=max_depth,
                        )
                    )

    class AliasLimit(ValidationRule):
        def enter_document(self, node, *_args):
            self.aliases = 0

        def enter_field(self, node, *_args):
            if node.alias is not None:
                self.aliases += 1

        def leave_document(self, node, *_args):
            if self.aliases > max_aliases:
                self.report_error(
                    limit_error(
                        Code.TOO_MANY_ALIASES,
                        _("This query has %(count)s aliases; at most %(max)s allowed.")
                        % {"count": self.aliases, "max": max_aliases},
                        aliases=self.aliases,
                        maxAliases=max_aliases,
                    )
                )

    class RepeatLimit(ValidationRule):
        """graphql-core compares every pair of fields answering the same key: a field repeated
        a thousand times takes it seconds. A real client repeats one a few times at most."""

        def enter_document(self, node, *_args):
            self.fragments, self.memo, self.reported = fragment_definitions(node), {}, False

        def enter_selection_set(self, node: SelectionSetNode, *_args):
            if self.reported:
                return
            counts = response_keys(node, self.fragments, self.memo)
            key, count = max(counts.items(), key=lambda item: item[1], default=("", 0))
            if count > max_repeats:
                self.reported = True
                self.report_error(
                    limit_error(
                        Code.TOO_MANY_REPEATS,
                        _("The field %(key)s is selected %(count)s times; at most %(max)s.")
                        % {"key": key, "count": count, "max": max_repeats},
                        node,
                        maxRepeats=max_repeats,
                    )
                )

    rules = [DepthLimit, AliasLimit, RepeatLimit]
    if not introspection:

        class NoIntrospection(ValidationRule):
            def enter_field(self, node: FieldNode, *_args):
                if node.name.value in INTROSPECTION_FIELDS:
                    self.report_error(
                        limit_error(
                            Code.INTROSPECTION_DISABLED,
                            _("Introspection is disabled on this server."),
                            node,
                        )
                    )

        rules.append(NoIntrospection)
    return tuple(rules)


class QueryCost:
    """The cost of one operation: each field costs 1; a connection multiplies what it selects
    by its page size (`first`/`last`, from literals or variables, else the largest page), and a
    list without pagination by `list_factor`. Fields repeated under one response key are merged,
    as execution merges them, and fields of each possible type all count."""

    def __init__(self, schema, document, operation, variables, *, page_size, list_factor):
        self.schema = schema
        self.fragments = fragment_definitions(document)
        self.page_size = page_size
        self.list_factor = list_factor
        self.variables = dict(variables) if isinstance(variables, dict) else {}
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and isinstance(definition.default_value, IntValueNode):
                self.variables[name] = int(definition.default_value.value)
        self.memo = {}

    def of_operation(self, operation) -> int:
        root = self.schema.get_root_type(operation.operation)
        return self.of_selections(root, (operation.selection_set,)) if root else 0

    def collect(self, parent_type, selection_set, groups, spread):
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = (parent_type.name, (selection.alias or selection.name).value)
                groups.setdefault(key, (parent_type, []))[1].append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                owner = self.schema.get_type(condition.name.value) if condition else parent_type
                self.collect(owner or parent_type, selection.selection_set, groups, spread)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in spread:
                    continue
                spread.add(name)
                owner = self.schema.get_type(fragment.type_condition.name.value)
                self.collect(owner or parent_type, fragment.selection_set, groups, spread)

    def of_selections(self, parent_type, selection_sets) -> int:
        memo_key = (parent_type.name, tuple(id(selection_set) for selection_set in selection_sets))
        if memo_key in self.memo:
            return self.memo[memo_key]
        self.memo[memo_key] = 0  # a fragment cycle (refused by validation) costs nothing more
        groups = {}
        for selection_set in selection_sets:
            self.collect(parent_type, selection_set, groups, set())
        total = 0
        for owner, nodes in groups.values():
            field = META_FIELDS.get(nodes[0].name.value) or getattr(owner, "fields", {}).get(
                nodes[0].name.value
            )
            if field is None:
                continue
            return_type = get_named_type(field.type)
            below = tuple(node.selection_set for node in nodes if node.selection_set)
            inner = self.of_selections(return_type, below) if below else 0
            if inner and is_composite_type(return_type):
                inner *= self.multiplier(owner, field, return_type, nodes[0])
            total += 1 + inner
        self.memo[memo_key] = total
        return total

    def multiplier(self, owner, field, return_type, node) -> int:
        if is_connection(owner):  # its `edges` list: the page, already counted by the connection
            return 1
        if is_connection(return_type) and "first" in field.args:
            size = self.page_size
            for argument in node.arguments:
                if argument.name.value in ("first", "last"):
                    value = self.argument_value(argument.value)
                    if value is not None:
                        size = value
            return max(1, min(size, self.page_size))
        if isinstance(get_nullable_type(field.type), GraphQLList):
            return self.list_factor
        return 1

    def argument_value(self, value_node) -> int | None:
        if isinstance(value_node, IntValueNode):
            return int(value_node.value)
        if isinstance(value_node, VariableNode):
            value = self.variables.get(value_node.name.value)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return None


def is_connection(graphql_type) -> bool:
    return isinstance(graphql_type, GraphQLObjectType) and {"edges", "pageInfo"} <= set(
        graphql_type.fields
    )


def query_cost(
    schema: GraphQLSchema,
    document,
    operation_name: str | None,
    variables: dict | None,
    *,
    page_size: int | None = None,
    list_factor: int | None = None,
) -> int:
    """The cost of the operation a request runs (0 when there is none to run: execution then
    reports that itself). By default a connection's page is RELAY_CONNECTION_MAX_LIMIT and a
    list counts GRAPHQL_LIST_COST_FACTOR items."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [d for d in operations if d.name and d.name.value == operation_name]
    if len(operations) != 1:
        return 0
    cost = QueryCost(
        schema,
        document,
        operations[0],
        variables,
        page_size=page_size or graphene_settings.RELAY_CONNECTION_MAX_LIMIT,
        list_factor=list_factor or settings.GRAPHQL_LIST_COST_FACTOR,
    )
    return cost.of_operation(operations[0])
