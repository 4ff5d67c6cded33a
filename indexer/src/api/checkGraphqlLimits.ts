// Bounds what one GraphQL request may make the database do, before Ponder runs it. Ponder's own
// guards (1,000 tokens, depth 100, 30 aliases) still let `buyer -> purchases -> buyer` nest until
// one request reads millions of rows, so this estimates the rows a query can touch from its shape
// alone: every list (a Ponder connection: a field selecting `items`) reads up to `limit` rows
// (Ponder's default 50) for each row of its parent list. Pure: no schema, no database.
import { type DocumentNode, type FragmentDefinitionNode, Kind, parse, type SelectionSetNode, type ValueNode } from 'graphql'

export type GraphqlLimits = {
  /** Deepest field nesting allowed (introspection fields are exempt: their size is the schema's). */
  maxDepth: number
  /** Most rows one request may read, as estimated below. */
  maxComplexity: number
  /** Largest `limit` a list may ask for. */
  maxListSize: number
}

export type GraphqlLimitViolation = {
  code: 'GRAPHQL_TOO_DEEP' | 'GRAPHQL_TOO_COMPLEX' | 'GRAPHQL_LIST_TOO_LARGE' | 'GRAPHQL_TOO_MANY_TOKENS'
  message: string
}

/** Ponder's default page size when a list gives no `limit`. */
const PONDER_DEFAULT_LIMIT = 50
/** Parsing stops here; Ponder itself refuses documents over 1,000 tokens. */
const MAX_TOKENS = 2_000

type Walk = {
  limits: GraphqlLimits
  variables: Record<string, unknown>
  fragments: Map<string, FragmentDefinitionNode>
  cost: number
  maxDepthSeen: number
  violation?: GraphqlLimitViolation
}

/**
 * Returns why `query` is refused, or undefined when it is within `limits`. A document that does not
 * parse is not judged here: Ponder answers it with the syntax error.
 */
export function checkGraphqlLimits(
  query: string,
  variables: Record<string, unknown> | undefined,
  limits: GraphqlLimits,
): GraphqlLimitViolation | undefined {
  let document: DocumentNode
  try {
    document = parse(query, { noLocation: true, maxTokens: MAX_TOKENS })
  } catch (error) {
    if (/contains more th[a-z]+ \d+ tokens/i.test((error as Error).message)) {
      return {
        code: 'GRAPHQL_TOO_MANY_TOKENS',
        message: `The query has more than ${MAX_TOKENS} tokens; split it into smaller queries.`,
      }
    }
    return undefined
  }
  const walk: Walk = {
    limits,
    variables: variables ?? {},
    fragments: new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d])),
    cost: 0,
    maxDepthSeen: 0,
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue
    visit(walk, definition.selectionSet, 1, 1, new Set())
    if (walk.violation) return walk.violation
  }
  if (walk.maxDepthSeen > limits.maxDepth) {
    return {
      code: 'GRAPHQL_TOO_DEEP',
      message: `The query nests fields ${walk.maxDepthSeen} levels deep; the limit is ${limits.maxDepth}. Fetch nested lists with a second query keyed by the ids of the first.`,
    }
  }
  if (walk.cost > limits.maxComplexity) {
    return {
      code: 'GRAPHQL_TOO_COMPLEX',
      message: `The query may read up to ${walk.cost} rows; the limit is ${limits.maxComplexity}. Lower the \`limit\` of nested lists (a nested list reads \`limit\` rows per parent row; the default limit is ${PONDER_DEFAULT_LIMIT}) or page with \`after\`.`,
    }
  }
  return undefined
}

/**
 * Adds the rows read under `selectionSet` to `walk.cost`; `rowsPerParent` is how many times the
 * enclosing field is resolved (the product of the limits of the lists around it).
 */
function visit(walk: Walk, selectionSet: SelectionSetNode, depth: number, rowsPerParent: number, fragmentPath: Set<string>) {
  for (const selection of selectionSet.selections) {
    if (walk.violation) return
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value
      const fragment = walk.fragments.get(name)
      // Unknown or cyclic fragments are invalid GraphQL: Ponder's validation reports them.
      if (!fragment || fragmentPath.has(name)) continue
      visit(walk, fragment.selectionSet, depth, rowsPerParent, new Set([...fragmentPath, name]))
      continue
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      visit(walk, selection.selectionSet, depth, rowsPerParent, fragmentPath)
      continue
    }
    // Introspection (__schema, __type, __typename) reads the schema, not the tables.
    if (selection.name.value.startsWith('__')) continue
    walk.maxDepthSeen = Math.max(walk.maxDepthSeen, depth)
    if (!selection.selectionSet) continue

    const isList = selection.selectionSet.selections.some(
      (s) => s.kind === Kind.FIELD && (s.name.value === 'items' || s.name.value === 'totalCount' || s.name.value === 'pageInfo'),
    )
    // One query per resolved parent row (Ponder batches them, but each still scans its rows).
    walk.cost += rowsPerParent
    if (!isList) {
      visit(walk, selection.selectionSet, depth + 1, rowsPerParent, fragmentPath)
      continue
    }
    const limitArg = selection.arguments?.find((a) => a.name.value === 'limit')
    const requested = limitArg ? numberValue(limitArg.value, walk.variables) : undefined
    const limit = requested ?? PONDER_DEFAULT_LIMIT
    if (limit > walk.limits.maxListSize) {
      walk.violation = {
        code: 'GRAPHQL_LIST_TOO_LARGE',
        message: `\`${selection.alias?.value ?? selection.name.value}\` asks for limit ${limit}; the largest page is ${walk.limits.maxListSize}. Page through with \`after: pageInfo.endCursor\`.`,
      }
      return
    }
    const rows = rowsPerParent * Math.max(limit, 0)
    for (const child of selection.selectionSet.selections) {
      if (child.kind === Kind.FIELD && child.name.value === 'items' && child.selectionSet) {
        walk.cost += rows
        walk.maxDepthSeen = Math.max(walk.maxDepthSeen, depth + 1)
        visit(walk, child.selectionSet, depth + 2, rows, fragmentPath)
      } else if (child.kind === Kind.FIELD && child.name.value === 'totalCount') {
        // A count scans every matching row; it costs at least one more query per parent.
        walk.cost += rowsPerParent
        walk.maxDepthSeen = Math.max(walk.maxDepthSeen, depth + 1)
      } else if (child.kind === Kind.FIELD) {
        walk.maxDepthSeen = Math.max(walk.maxDepthSeen, depth + 1)
        if (child.selectionSet) visit(walk, child.selectionSet, depth + 2, rowsPerParent, fragmentPath)
      } else {
        visit(walk, { kind: Kind.SELECTION_SET, selections: [child] }, depth + 1, rows, fragmentPath)
      }
    }
  }
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
