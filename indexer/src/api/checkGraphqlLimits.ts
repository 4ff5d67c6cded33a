// Bounds what one GraphQL request may make the database do, before Ponder runs it. Ponder's own
// guards (1,000 tokens, 30 aliases; applied here too, so their refusals are this check's 400 and not
// Ponder's HTTP 200 error) still let `buyer -> purchases -> buyer` nest until
// one request reads millions of rows, so this estimates the rows a query can touch from its shape
// alone: every list (a Ponder connection: a field selecting `items`) reads up to `limit` rows
// (Ponder's default 50) for each row of its parent list. It is also the only depth guard: Ponder's
// counts introspection and fragment spreads as levels (it refused GraphiQL's own schema query) and
// answers with HTTP 200, so index.ts sets it out of reach. Pure: no schema, no database.
import {
  type DocumentNode,
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
 * What one selection set costs when its enclosing field is resolved once: `cost` rows, fields
 * nested `depth` levels below it. Costs scale linearly with how often the set is resolved, so a
 * fragment is measured once and multiplied by each place that spreads it.
 */
type Measure = { cost: number; depth: number }

type Walk = {
  limits: GraphqlLimits
  /** The request's variables, then the operation's defaults for those it does not give. */
  variables: Record<string, unknown>
  fragments: Map<string, FragmentDefinitionNode>
  /**
   * Per operation: each fragment's measure, or 'measuring' while its own body is walked (a cycle);
   * keyed by name and whether it was spread inside introspection, which is measured differently.
   */
  measured: Map<string, Measure | 'measuring'>
  violation?: GraphqlLimitViolation
  /** Whether the operation asks for `__schema` or `__type` (the depth message then says how it counts). */
  introspects?: boolean
}

/**
 * Returns why `query` is refused, or undefined when it is within `limits`. A document that does not
 * parse is not judged here: Ponder answers it with the syntax error. The walk visits each node of
 * the document once (fragments are measured once per operation, however often they are spread), so
 * judging costs time linear in the document, whatever it asks the database for.
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
      measured: new Map(),
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

/** A fragment's measure, computed on its first spread; a spread inside its own body adds nothing. */
function measureFragment(walk: Walk, name: string, introspection: boolean): Measure | undefined {
  // No GraphQL name contains a space.
  const key = introspection ? `${name} introspection` : name
  const known = walk.measured.get(key)
  if (known === 'measuring') return undefined // cyclic: invalid GraphQL, Ponder's validation reports it
  if (known) return known
  const fragment = walk.fragments.get(name)
  if (!fragment) return undefined // unknown: Ponder's validation reports it
  walk.measured.set(key, 'measuring')
  const measure = introspection ? measureIntrospection(walk, fragment.selectionSet) : measureSet(walk, fragment.selectionSet)
  walk.measured.set(key, measure)
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
        ? measureFragment(walk, selection.name.value, true)
        : selection.selectionSet && measureIntrospection(walk, selection.selectionSet)
    const level = selection.kind === Kind.FIELD && selection.name.value !== 'ofType' ? 1 : 0
    depth = Math.max(depth, level + (inner?.depth ?? 0))
  }
  return { cost: 0, depth }
}

/**
 * The rows read under `selectionSet` when its enclosing field is resolved once, and how deep it
 * nests (its own fields are at depth 1). A list (a Ponder connection) reads `limit` rows per
 * resolution of its parent; one query runs per resolved parent row (Ponder batches them, but each
 * still scans its rows).
 */
function measureSet(walk: Walk, selectionSet: SelectionSetNode): Measure {
  let cost = 0
  let depth = 0
  /** Adds `inner`, resolved `times` per resolution of this set, its fields `offset` levels below this set's. */
  const add = (inner: Measure, times: number, offset: number) => {
    if (times !== 0 && inner.cost !== 0) cost += times * inner.cost
    if (inner.depth > 0) depth = Math.max(depth, inner.depth + offset)
  }
  for (const selection of selectionSet.selections) {
    if (walk.violation) break
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = measureFragment(walk, selection.name.value, false)
      if (fragment) add(fragment, 1, 0)
      continue
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      add(measureSet(walk, selection.selectionSet), 1, 0)
      continue
    }
    // Introspection (__schema, __type, __typename) reads the schema, not the tables: no rows, but
    // its depth counts (a deep one multiplies every type by its fields, level after level).
    if (selection.name.value.startsWith('__')) {
      if (selection.selectionSet) {
        walk.introspects = true
        add(measureIntrospection(walk, selection.selectionSet), 0, 1)
      }
      depth = Math.max(depth, 1)
      continue
    }
    depth = Math.max(depth, 1)
    if (!selection.selectionSet) continue

    const isList = selection.selectionSet.selections.some(
      (s) => s.kind === Kind.FIELD && (s.name.value === 'items' || s.name.value === 'totalCount' || s.name.value === 'pageInfo'),
    )
    cost += 1
    if (!isList) {
      add(measureSet(walk, selection.selectionSet), 1, 1)
      continue
    }
    const limitArg = selection.arguments?.find((a) => a.name.value === 'limit')
    // An argument that names no integer (a variable not given, null, a typo) counts as the largest
    // page: graphql-js may still resolve it to more than Ponder's default.
    const limit = limitArg ? (numberValue(limitArg.value, walk.variables) ?? walk.limits.maxListSize) : PONDER_DEFAULT_LIMIT
    if (limit < 0) {
      walk.violation = {
        code: 'GRAPHQL_NEGATIVE_LIMIT',
        message: `\`${selection.alias?.value ?? selection.name.value}\` asks for limit ${limit}; a limit is a page size from 0 to ${walk.limits.maxListSize}.`,
      }
      break
    }
    if (limit > walk.limits.maxListSize) {
      walk.violation = {
        code: 'GRAPHQL_LIST_TOO_LARGE',
        message: `\`${selection.alias?.value ?? selection.name.value}\` asks for limit ${limit}; the largest page is ${walk.limits.maxListSize}. Page through with \`after: pageInfo.endCursor\`.`,
      }
      break
    }
    for (const child of selection.selectionSet.selections) {
      if (child.kind === Kind.FIELD && child.name.value === 'items' && child.selectionSet) {
        cost += limit
        depth = Math.max(depth, 2)
        add(measureSet(walk, child.selectionSet), limit, 2)
      } else if (child.kind === Kind.FIELD && child.name.value === 'totalCount') {
        // A count scans every matching row; it costs at least one more query per parent.
        cost += 1
        depth = Math.max(depth, 2)
      } else if (child.kind === Kind.FIELD) {
        depth = Math.max(depth, 2)
        if (child.selectionSet) add(measureSet(walk, child.selectionSet), 1, 2)
      } else {
        add(measureSet(walk, { kind: Kind.SELECTION_SET, selections: [child] }), limit, 1)
      }
    }
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
