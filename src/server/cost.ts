/**
 * The cost of an operation, with its variables: each field costs 1, and a
 * field whose size the client chooses multiplies the cost of what it selects
 * by that size: a connection by the page it asks for (`first`, `last`, or the
 * default page size), a list such as `search` or a neighbourhood by its
 * `first` or `limit` (or the argument's default), `nodes` by the ids it is
 * given. Past the page-size cap the resolver refuses with its own clearer
 * error; no cap bounds ids, so they count uncapped. Any other list of objects
 * multiplies what it selects by the size its field declares (`listSize` in
 * its extensions: an entity's `relations`, hundreds on a capability or a
 * platform), or by ASSUMED_LIST_SIZE. The lists a sized field holds (a
 * connection's `nodes` and `edges`, a neighbourhood's) were counted by its
 * size, and introspection counts as it is. Known exactly only before
 * execution, when the variables are; at validation, the least it can be.
 */
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isIntrospectionType,
  isListType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { ASSUMED_LIST_SIZE, DEFAULT_PAGE_SIZE } from '../schema/pagination.ts';

/** The arguments that size a connection's page or a list, in the order they are read. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last', 'limit'];

/** The argument of `nodes`, which returns as many objects as it is given ids, with no cap to stop it. */
const IDS_ARGUMENT = 'ids';

/** Every argument an operation's cost can depend on. */
const SIZE_ARGUMENTS = [...PAGE_SIZE_ARGUMENTS, IDS_ARGUMENT];

function fieldDefinition(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name && parent === schema.getQueryType()) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name && parent === schema.getQueryType()) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}

/**
 * The size a field takes, if it takes one, and its default. A list sized this
 * way counted once let a neighbourhood of 500 nodes, each with a page of 20
 * models per capability, cost 94 and run 100 ms on the main thread.
 */
function sizeArgument(field: GraphQLField<unknown, unknown>): { default?: number } | undefined {
  const argument = field.args.find((arg) => SIZE_ARGUMENTS.includes(arg.name));
  return argument && { default: typeof argument.defaultValue === 'number' ? argument.defaultValue : undefined };
}

/** The items a list of objects without a size argument is taken to hold. */
function listSizeOf(field: GraphQLField<unknown, unknown>): number {
  const declared = field.extensions?.listSize;
  return typeof declared === 'number' ? declared : ASSUMED_LIST_SIZE;
}

/** A field as a selection holds it, through fragments: asked of `parent`, `times` over. */
interface SelectedField {
  parent: GraphQLCompositeType;
  times: number;
}

/** What sets how many times a field's selection counts: a page-size argument, the ids given, or the list's assumed size. */
export type SizedBy = 'page' | 'ids' | 'list';

/** A field's selection as the cost counts it. */
interface Inner {
  selectionSet: SelectionSetNode;
  type: GraphQLCompositeType;
  /** How many times the selection counts. */
  items: number;
  sizedBy?: SizedBy;
  itemsCounted: boolean;
}

/** A field that multiplies an operation's cost: its response path, and by how much and why. */
export interface CostlyField {
  path: string;
  /** The items its selection counts for, and what set their number. */
  items: number;
  sizedBy?: SizedBy;
  /** How many times fragments select it. */
  times: number;
}

class CostCounter {
  /** Each field's cost, for selections counted apart and as a sized field's (a field sits in one place of the document, under one type). */
  private readonly fieldCosts = { uncounted: new Map<FieldNode, number>(), counted: new Map<FieldNode, number>() };
  private readonly fragmentFieldsByName = new Map<string, Map<FieldNode, SelectedField>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    /** Undefined while the variables are unknown (at validation): each then counts as 0, the least it could be. */
    private readonly variables: Record<string, unknown> | undefined,
    private readonly maxPageSize: number,
  ) {}

  /** `itemsCounted`: the selection is a sized field's, whose size counted the items of the lists in it. */
  selectionSet(node: SelectionSetNode, parent: GraphQLCompositeType, itemsCounted = false): number {
    let cost = 0;
    for (const [field, { parent: fieldParent, times }] of this.fieldsOf(node, parent)) cost += times * this.field(field, fieldParent, itemsCounted);
    return cost;
  }

  private field(node: FieldNode, parent: GraphQLCompositeType, itemsCounted: boolean): number {
    const costs = itemsCounted ? this.fieldCosts.counted : this.fieldCosts.uncounted;
    const known = costs.get(node);
    if (known !== undefined) return known;
    // Marked before descending so a fragment cycle (refused by validation anyway) cannot recurse forever.
    costs.set(node, 0);
    const inner = this.inner(node, parent, itemsCounted);
    const cost = inner ? 1 + inner.items * this.selectionSet(inner.selectionSet, inner.type, inner.itemsCounted) : 1;
    costs.set(node, cost);
    return cost;
  }

  /** How a field's selection is counted, and how many times; undefined for a field with none. */
  private inner(node: FieldNode, parent: GraphQLCompositeType, itemsCounted: boolean): Inner | undefined {
    const definition = fieldDefinition(this.schema, parent, node.name.value);
    const type = definition && getNamedType(definition.type);
    if (!node.selectionSet || !definition || !isCompositeType(type)) return undefined;
    const isList = isListType(getNullableType(definition.type));
    const inner = (items: number, sizedBy?: SizedBy, counted = false): Inner => ({ selectionSet: node.selectionSet!, type, items, sizedBy, itemsCounted: counted });
    const size = sizeArgument(definition);
    if (size) {
      const ids = this.sizeGiven(node, IDS_ARGUMENT);
      return ids !== undefined ? inner(ids, 'ids', !isList) : inner(this.pageSize(size, node), 'page', !isList);
    }
    if (!isList || itemsCounted || isIntrospectionType(parent)) return inner(1);
    return inner(listSizeOf(definition), 'list');
  }

  /**
   * Where most of a selection's cost is: the chain of its costliest fields,
   * as response paths, cut at each field that multiplies it (an entity's
   * `relations`, by 50) or that fragments select many times over.
   */
  costliest(node: SelectionSetNode, parent: GraphQLCompositeType, itemsCounted = false, path = '', chain = new Set<FieldNode>()): CostlyField[] {
    let heaviest: { field: FieldNode; parent: GraphQLCompositeType; times: number; cost: number } | undefined;
    for (const [field, { parent: fieldParent, times }] of this.fieldsOf(node, parent)) {
      const cost = times * this.field(field, fieldParent, itemsCounted);
      if (!heaviest || cost > heaviest.cost) heaviest = { field, parent: fieldParent, times, cost };
    }
    // A field met again along the chain came through a fragment cycle (refused by validation, but later).
    if (!heaviest || chain.has(heaviest.field)) return [];
    chain.add(heaviest.field);
    const inner = this.inner(heaviest.field, heaviest.parent, itemsCounted);
    if (!inner) return [];
    const at = `${path}${path ? '.' : ''}${(heaviest.field.alias ?? heaviest.field.name).value}`;
    const rest = (from: string) => this.costliest(inner.selectionSet, inner.type, inner.itemsCounted, from, chain);
    if (inner.items <= 1 && heaviest.times === 1) return rest(at);
    return [{ path: at, items: inner.items, sizedBy: inner.sizedBy, times: heaviest.times }, ...rest('')];
  }

  /** The fields of a selection through its fragments, with the type each is asked of and how many times the selection holds it. */
  private fieldsOf(node: SelectionSetNode, parent: GraphQLCompositeType): Map<FieldNode, SelectedField> {
    const fields = new Map<FieldNode, SelectedField>();
    const add = (field: FieldNode, selected: SelectedField) => {
      const known = fields.get(field);
      fields.set(field, { parent: selected.parent, times: (known?.times ?? 0) + selected.times });
    };
    for (const selection of node.selections) {
      if (selection.kind === Kind.FIELD) add(selection, { parent, times: 1 });
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition && this.schema.getType(selection.typeCondition.name.value);
        for (const [field, selected] of this.fieldsOf(selection.selectionSet, isCompositeType(condition) ? condition : parent)) add(field, selected);
      } else for (const [field, selected] of this.fragmentFields(selection.name.value)) add(field, selected);
    }
    return fields;
  }

  /** A fragment's fields, worked out once however many times it is spread (a spread bomb repeats one a billion times). */
  private fragmentFields(name: string): Map<FieldNode, SelectedField> {
    const known = this.fragmentFieldsByName.get(name);
    if (known) return known;
    // Empty while it is worked out, so a cycle adds nothing.
    this.fragmentFieldsByName.set(name, new Map());
    const fragment = this.fragments[name];
    const condition = fragment && this.schema.getType(fragment.typeCondition.name.value);
    const fields = fragment && isCompositeType(condition) ? this.fieldsOf(fragment.selectionSet, condition) : new Map<FieldNode, SelectedField>();
    this.fragmentFieldsByName.set(name, fields);
    return fields;
  }

  private pageSize(size: { default?: number }, node: FieldNode): number {
    const given = PAGE_SIZE_ARGUMENTS.map((name) => this.sizeGiven(node, name)).find((value) => value !== undefined);
    const requested = given ?? size.default ?? DEFAULT_PAGE_SIZE;
    return Math.min(Math.max(0, requested), this.maxPageSize);
  }

  /**
   * The size an argument gives, literal or variable: an integer, or the length
   * of a list. Anything else is left for execution to refuse.
   */
  private sizeGiven(node: FieldNode, name: string): number | undefined {
    const value = node.arguments?.find((argument) => argument.name.value === name)?.value;
    if (value?.kind === Kind.VARIABLE && !this.variables) return 0;
    if (value?.kind === Kind.LIST) return value.values.length;
    const given =
      value?.kind === Kind.INT ? Number(value.value) : value?.kind === Kind.VARIABLE ? this.variables![value.name.value] : undefined;
    if (Array.isArray(given)) return given.length;
    return Number.isSafeInteger(given) ? (given as number) : undefined;
  }
}

/** An operation's cost, counted once: where most of it is comes from the same count. */
export interface CountedCost {
  total: number;
  /**
   * Where most of the cost is, for a refusal to say: the fields that multiply
   * it along its costliest branch, outermost first (such as
   * `platform.relations` by 50, `from.capabilities` by 10, `models` by 50),
   * each with what sets its size, which says what a client can ask for instead.
   */
  costliest(): CostlyField[];
}

/**
 * The cost of the operation that would run, given its coerced variables
 * (defaults applied); without them (at validation), the least it can be,
 * known from the document alone, so a document over the limit is refused
 * before graphql's own (dearer) rules run, and the verdict is cached with it.
 */
export function countCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  maxPageSize: number,
): CountedCost | undefined {
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const counter = new CostCounter(schema, fragments, variables, maxPageSize);
  return { total: counter.selectionSet(operation.selectionSet, root), costliest: () => counter.costliest(operation.selectionSet, root) };
}

/** The variables a cost can depend on: those given to a page-size argument or as `nodes`' ids anywhere in the document. */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if (SIZE_ARGUMENTS.includes(argument.name.value) && argument.value.kind === Kind.VARIABLE) {
        names.add(argument.value.name.value);
      }
    },
  });
  return [...names];
}
