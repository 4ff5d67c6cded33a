// Bounds what one GraphQL request may make the database do, before Ponder runs it. Ponder's own
// guards (1,000 tokens, 30 aliases; applied here too, so their refusals are this check's 400 and not
// Ponder's HTTP 200 error) still let `buyer -> purchases -> buyer` nest until
// one request reads millions of rows, so this estimates the rows a query can touch from its shape
// alone: every list (a Ponder connection: a field taking `limit`, `where`, ... or selecting `items`,
// `pageInfo` or `totalCount`, directly or through fragments, which are flattened first so that they
// hide no list) reads up to `limit` rows (Ponder's default 50) for each row of its parent list.
// It is also the only depth guard: Ponder's counts introspection and fragment spreads as levels
// (it refused GraphiQL's own schema query) and answers with HTTP 200, so index.ts sets it out of
// reach. Pure: no schema, no database.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql'

export type GraphqlLimits = {
  /**
   * Deepest field nesting allowed. Introspection counts too, except `ofType`: each `ofType` maps a
   * type to at most one type and the chain ends within a few steps (`[T!]!`), but GraphiQL's schema
   * query asks for nine of them, so counting them would refuse GraphiQL.
   */
  maxDepth: number
  /** Most rows one request may read, as estimated below. */
  maxComplexity: number
  /** Largest `limit` a list may ask for. */
  maxListSize: number
}

export type GraphqlLimitViolation = {
  code:
    | 'GRAPHQL_TOO_DEEP'
    | 'GRAPHQL_TOO_COMPLEX'
    | 'GRAPHQL_LIST_TOO_LARGE'
    | 'GRAPHQL_NEGATIVE_LIMIT'
    | 'GRAPHQL_TOO_MANY_TOKENS'
    | 'GRAPHQL_TOO_MANY_ALIASES'
  message: string
}

/** Ponder's default page size when a list gives no `limit`. */
const PONDER_DEFAULT_LIMIT = 50
/**
 * Ponder's token and alias guards (graphql-armor), which index.ts configures with these same numbers:
 * a document within them here is within them there, counted the same way (lexer tokens; aliases per
 * operation, a fragment's counted at each spread).
 */
export const GRAPHQL_MAX_TOKENS = 1_000
export const GRAPHQL_MAX_ALIASES = 30

/**
 * What one selection set (or field) costs when its enclosing field is resolved once: `cost` rows,
 * fields nested `depth` levels below it. Costs scale linearly with how often the set is resolved,
 * so each set is measured once and multiplied by each place that selects it (through fragments).
 */
type Measure = { cost: number; depth: number }

/** Fields selected at one level, fragments flattened, each with how many times it is selected. */
type Fields = Map<FieldNode, number>

type Walk = {
  limits: GraphqlLimits
  /** The request's variables, then the operation's defaults for those it does not give. */
  variables: Record<string, unknown>
  fragments: Map<string, FragmentDefinitionNode>
  /** Per operation: each fragment's flattened fields, or 'flattening' while its own body is walked (a cycle). */
  flattened: Map<string, Fields | 'flattening'>
  /** Each selection set's measure, and each field's ('measuring' while it is walked: a cyclic fragment). */
  sets: Map<SelectionSetNode, Measure>
  fields: Map<FieldNode, Measure | 'measuring'>
  /** Each fragment's measure where spread inside introspection, which is measured for depth alone. */
  introspected: Map<string, Measure | 'measuring'>
  violation?: GraphqlLimitViolation
  /** Whether the operation asks for `__schema` or `__type` (the depth message then says how it counts). */
  introspects?: boolean
}

/**
 * Returns why `query` is refused, or undefined when it is within `limits`. A document that does not
 * parse is not judged here: Ponder answers it with the syntax error. Fragments are flattened once
 * and each selection set measured once per operation, however often they are spread, so judging
 * costs time polynomial in the document's size (itself bounded by the token limit), never in what
 * it asks the database for.
 */
export function checkGraphqlLimits(
  query: string,
  variables: Record<string, unknown> | undefined,
  limits: GraphqlLimits,
): GraphqlLimitViolation | undefined {
  let document: DocumentNode
  try {
    document = parse(query, { noLocation: true, maxTokens: GRAPHQL_MAX_TOKENS })
  } catch (error) {
    if (/contains more th[a-z]+ \d+ tokens/i.test((error as Error).message)) {
      return {
        code: 'GRAPHQL_TOO_MANY_TOKENS',
        message: `The query has more than ${GRAPHQL_MAX_TOKENS} tokens; split it into smaller queries.`,
      }
    }
    return undefined
  }
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]))
  let cost = 0
  let depth = 0
  let introspects = false
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue
    const aliases = countAliases(definition.selectionSet, fragments, new Map())
    if (aliases > GRAPHQL_MAX_ALIASES) {
      return {
        code: 'GRAPHQL_TOO_MANY_ALIASES',
        message: `The query uses ${aliases} aliases; the limit is ${GRAPHQL_MAX_ALIASES} per operation. Split it into smaller queries.`,
      }
    }
    const walk: Walk = {
      limits,
      variables: { ...defaultsOf(definition), ...variables },
      fragments,
      flattened: new Map(),
      sets: new Map(),
      fields: new Map(),
      introspected: new Map(),
    }
    const measure = measureSet(walk, definition.selectionSet)
    if (walk.violation) return walk.violation
    introspects ||= walk.introspects === true
    cost += measure.cost
    depth = Math.max(depth, measure.depth)
  }
  if (depth > limits.maxDepth) {
    return {
      code: 'GRAPHQL_TOO_DEEP',
      message: introspects
        ? `The query nests fields ${depth} levels deep; the limit is ${limits.maxDepth} (introspection counts too, except \`ofType\`). Ask for the schema's types in one query and their fields in another.`
        : `The query nests fields ${depth} levels deep; the limit is ${limits.maxDepth}. Fetch nested lists with a second query keyed by the ids of the first.`,
    }
  }
  // Written so that a NaN cost (never expected) is refused too.
  if (!(cost <= limits.maxComplexity)) {
    return {
      code: 'GRAPHQL_TOO_COMPLEX',
      message: `The query may read up to ${cost} rows; the limit is ${limits.maxComplexity}. Lower the \`limit\` of nested lists (a nested list reads \`limit\` rows per parent row; the default limit is ${PONDER_DEFAULT_LIMIT}) or page with \`after\`.`,
    }
  }
  return undefined
}

/**
 * The aliases under `selectionSet` as Ponder's alias guard counts them: a fragment's at each spread
 * (measured once; a spread inside its own body counts nothing, the cycle is invalid GraphQL anyway).
 */
function countAliases(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  counted: Map<string, number>,
): number {
  let aliases = 0
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value
      if (!counted.has(name)) {
        counted.set(name, 0)
        const fragment = fragments.get(name)
        counted.set(name, fragment ? countAliases(fragment.selectionSet, fragments, counted) : 0)
      }
      aliases += counted.get(name) ?? 0
      continue
    }
    if (selection.kind === Kind.FIELD && selection.alias) aliases++
    if (selection.selectionSet) aliases += countAliases(selection.selectionSet, fragments, counted)
  }
  return aliases
}

/** The operation's variable defaults (`query ($n: Int = 1000)`), as graphql-js applies them. */
function defaultsOf(operation: OperationDefinitionNode): Record<string, unknown> {
  const defaults: Record<string, unknown> = {}
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue)
  }
  return defaults
}

/**
 * The fields `selectionSet` selects at its own level, with inline fragments and fragment spreads
 * flattened into it, each with how many times it is selected (a fragment spread twice selects its
 * fields twice; GraphQL merges such repeats, so counting each is the safe side). What a field is,
 * a list or not, is read from these: a connection's `items` may sit behind a fragment.
 */
function fieldsOf(walk: Walk, selectionSet: SelectionSetNode): Fields {
  const fields: Fields = new Map()
  const merge = (more: Fields) => {
    for (const [field, times] of more) fields.set(field, (fields.get(field) ?? 0) + times)
  }
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.set(selection, (fields.get(selection) ?? 0) + 1)
    else if (selection.kind === Kind.INLINE_FRAGMENT) merge(fieldsOf(walk, selection.selectionSet))
    else merge(fragmentFields(walk, selection.name.value))
  }
  return fields
}

/**
 * A fragment's flattened fields, computed on its first spread: a fragment spread at every level
 * (F1 spreads F2 twice, F2 spreads F3 twice, ...) is flattened once each, its counts doubling, so
 * the work stays linear in the document. A spread inside its own body selects nothing.
 */
function fragmentFields(walk: Walk, name: string): Fields {
  const known = walk.flattened.get(name)
  if (known === 'flattening') return new Map() // cyclic: invalid GraphQL, Ponder's validation reports it
  if (known) return known
  const fragment = walk.fragments.get(name)
  if (!fragment) return new Map() // unknown: Ponder's validation reports it
  walk.flattened.set(name, 'flattening')
  const fields = fieldsOf(walk, fragment.selectionSet)
  walk.flattened.set(name, fields)
  return fields
}

/** An introspection fragment's measure, computed on its first spread; a spread inside its own body adds nothing. */
function measureIntrospectionFragment(walk: Walk, name: string): Measure | undefined {
  const known = walk.introspected.get(name)
  if (known === 'measuring') return undefined // cyclic: invalid GraphQL, Ponder's validation reports it
  if (known) return known
  const fragment = walk.fragments.get(name)
  if (!fragment) return undefined // unknown: Ponder's validation reports it
  walk.introspected.set(name, 'measuring')
  const measure = measureIntrospection(walk, fragment.selectionSet)
  walk.introspected.set(name, measure)
  return measure
}

/**
 * The depth under an introspection field (`__schema`, `__type`), which reads the schema and no
 * rows: each field is a level, except `ofType` (see GraphqlLimits.maxDepth).
 */
function measureIntrospection(walk: Walk, selectionSet: SelectionSetNode): Measure {
  let depth = 0
  for (const selection of selectionSet.selections) {
    const inner =
      selection.kind === Kind.FRAGMENT_SPREAD
        ? measureIntrospectionFragment(walk, selection.name.value)
        : selection.selectionSet && measureIntrospection(walk, selection.selectionSet)
    const level = selection.kind === Kind.FIELD && selection.name.value !== 'ofType' ? 1 : 0
    depth = Math.max(depth, level + (inner?.depth ?? 0))
  }
  return { cost: 0, depth }
}

/**
 * The rows read under `selectionSet` when its enclosing field is resolved once, and how deep it
 * nests (its own fields are at depth 1). Measured once per selection set: a fragment's fields are
 * the same nodes wherever it is spread.
 */
function measureSet(walk: Walk, selectionSet: SelectionSetNode): Measure {
  const known = walk.sets.get(selectionSet)
  if (known) return known
  let cost = 0
  let depth = 0
  for (const [field, times] of fieldsOf(walk, selectionSet)) {
    const inner = measureField(walk, field)
    if (walk.violation) break
    if (inner.cost !== 0) cost += times * inner.cost
    depth = Math.max(depth, inner.depth)
  }
  const measure = { cost, depth }
  walk.sets.set(selectionSet, measure)
  return measure
}

/**
 * Arguments only Ponder's lists (connections) take; its single-row fields take their table's
 * primary key columns instead.
 */
const LIST_ARGUMENTS = new Set(['where', 'orderBy', 'orderDirection', 'before', 'after', 'limit', 'offset'])
/** The fields of a connection's page type (`buyerPage`): a field selecting one is a list. */
const PAGE_FIELDS = new Set(['items', 'totalCount', 'pageInfo'])

/**
 * The rows one field reads when its parent is resolved once, and its depth (itself included). A
 * list (a Ponder connection) reads `limit` rows per resolution of its parent; one query runs per
 * resolved parent row (Ponder batches them, but each still scans its rows).
 */
function measureField(walk: Walk, field: FieldNode): Measure {
  const known = walk.fields.get(field)
  // A field met again inside its own measurement comes through a cyclic fragment: invalid GraphQL.
  if (known === 'measuring') return { cost: 0, depth: 0 }
  if (known) return known
  walk.fields.set(field, 'measuring')
  const measure = measureFieldOnce(walk, field)
  walk.fields.set(field, measure)
  return measure
}

function measureFieldOnce(walk: Walk, field: FieldNode): Measure {
  // Introspection (__schema, __type, __typename) reads the schema, not the tables: no rows, but
  // its depth counts (a deep one multiplies every type by its fields, level after level).
  if (field.name.value.startsWith('__')) {
    if (!field.selectionSet) return { cost: 0, depth: 1 }
    walk.introspects = true
    return { cost: 0, depth: 1 + measureIntrospection(walk, field.selectionSet).depth }
  }
  if (!field.selectionSet) return { cost: 0, depth: 1 }

  const children = fieldsOf(walk, field.selectionSet)
  const names = [...children.keys()].map((child) => child.name.value)
  // A list is told by its arguments or its page's fields. Ponder reads a list's page whatever is
  // selected from it, so a field selecting only `__typename` (no row's field to tell by) is
  // counted as a list too: for a single row that is the safe side.
  const isList =
    field.arguments?.some((a) => LIST_ARGUMENTS.has(a.name.value)) ||
    names.some((name) => PAGE_FIELDS.has(name)) ||
    names.every((name) => name.startsWith('__'))
  if (!isList) {
    const inner = measureSet(walk, field.selectionSet)
    return { cost: 1 + inner.cost, depth: 1 + inner.depth }
  }
  const name = field.alias?.value ?? field.name.value
  const limitArg = field.arguments?.find((a) => a.name.value === 'limit')
  // An argument that names no integer (a variable not given, null, a typo) counts as the largest
  // page: graphql-js may still resolve it to more than Ponder's default.
  const limit = limitArg ? (numberValue(limitArg.value, walk.variables) ?? walk.limits.maxListSize) : PONDER_DEFAULT_LIMIT
  if (limit < 0) {
    walk.violation = {
      code: 'GRAPHQL_NEGATIVE_LIMIT',
      message: `\`${name}\` asks for limit ${limit}; a limit is a page size from 0 to ${walk.limits.maxListSize}.`,
    }
    return { cost: 0, depth: 0 }
  }
  if (limit > walk.limits.maxListSize) {
    walk.violation = {
      code: 'GRAPHQL_LIST_TOO_LARGE',
      message: `\`${name}\` asks for limit ${limit}; the largest page is ${walk.limits.maxListSize}. Page through with \`after: pageInfo.endCursor\`.`,
    }
    return { cost: 0, depth: 0 }
  }
  // The page's query and its `limit` rows, read whatever is selected from them.
  let cost = 1 + limit
  let depth = 1
  for (const [child, times] of children) {
    depth = Math.max(depth, 2)
    if (child.name.value === 'items' && child.selectionSet) {
      // What each row reads, for every `items` selected (GraphQL merges repeats: the safe side).
      const rows = measureSet(walk, child.selectionSet)
      if (rows.cost !== 0) cost += times * limit * rows.cost
      depth = Math.max(depth, 2 + rows.depth)
    } else if (child.name.value === 'totalCount') {
      // A count scans every matching row; it costs at least one more query per parent.
      cost += times
    } else if (child.selectionSet && !child.name.value.startsWith('__')) {
      const inner = measureSet(walk, child.selectionSet)
      if (inner.cost !== 0) cost += times * inner.cost
      depth = Math.max(depth, 2 + inner.depth)
    }
    if (walk.violation) break
  }
  return { cost, depth }
}

/** The integer an argument holds (inline or through a variable); undefined when it is not one. */
function numberValue(value: ValueNode, variables: Record<string, unknown>): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value)
  if (value.kind === Kind.VARIABLE) {
    const raw = variables[value.name.value]
    return typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined
  }
  return undefined
}
