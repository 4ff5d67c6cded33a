import type { JsonValue, ParamsSchema } from '@neuromation/generator-sdk'
import { optionText, paramFields } from './paramFields'

/**
 * A job's generator params as people read them: one "label value" line each, labelled as the
 * generator's form labels them (its params schema, once the bundle is loaded; the key until then),
 * in schema order, then any key the schema does not name.
 */
export function ParamsList({ params, schema }: { params: Record<string, JsonValue>; schema?: ParamsSchema }) {
  const labels = new Map((schema ? paramFields(schema) : []).map((field) => [field.key, field.label]))
  const keys = [...labels.keys()].filter((key) => key in params)
  for (const key of Object.keys(params)) if (!labels.has(key)) keys.push(key)
  if (keys.length === 0) return <span className="muted">defaults</span>
  return (
    <ul className="jobs-params" data-testid="job-params">
      {keys.map((key) => (
        <li key={key}>
          <span className="muted">{labels.get(key) ?? key}</span> <span className="jobs-mono-wrap">{describe(params[key])}</span>
        </li>
      ))}
    </ul>
  )
}

/** Lists as "3, 5, 8"; anything else as the form shows it. */
const describe = (value: JsonValue) =>
  Array.isArray(value) && value.every((item) => typeof item !== 'object') ? value.join(', ') : optionText(value)
