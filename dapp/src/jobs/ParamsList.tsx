import type { JsonValue, ParamsSchema } from '@neuromation/generator-sdk'
import { optionText } from './paramFields'
import { paramLabel } from './paramLabel'

/**
 * A job's generator params as people read them: one "label value" line each, labelled as the
 * generator's form labels them (paramLabel: the schema's title, else the key in words), in schema
 * order once the bundle is loaded, then any key the schema does not name.
 */
export function ParamsList({ params, schema }: { params: Record<string, JsonValue>; schema?: ParamsSchema }) {
  const properties = schema?.properties ?? {}
  const keys = Object.keys(properties).filter((key) => Object.hasOwn(params, key))
  for (const key of Object.keys(params)) if (!Object.hasOwn(properties, key)) keys.push(key)
  if (keys.length === 0) return <span className="muted">defaults</span>
  return (
    <ul className="jobs-params" data-testid="job-params">
      {keys.map((key) => (
        <li key={key}>
          <span className="muted">{paramLabel(key, Object.hasOwn(properties, key) ? properties[key] : undefined)}</span>{' '}
          <span className="jobs-mono-wrap">{describe(params[key])}</span>
        </li>
      ))}
    </ul>
  )
}

/** Lists as "3, 5, 8"; anything else as the form shows it. */
const describe = (value: JsonValue) =>
  Array.isArray(value) && value.every((item) => typeof item !== 'object') ? value.join(', ') : optionText(value)
