import type { ParamField } from './paramFields'

/**
 * The inputs of a generator's params, one per schema property (paramFields): numbers with their
 * bounds, selects for enums, checkboxes, comma-separated lists, JSON for the rest. Each shows the
 * schema's description and, when the value is refused, why (readParams).
 */
export function ParamsForm({
  fields,
  texts,
  errors,
  onChange,
  disabled,
}: {
  fields: ParamField[]
  texts: Record<string, string>
  errors: Record<string, string>
  onChange: (key: string, text: string) => void
  disabled?: boolean
}) {
  if (fields.length === 0) return <p className="muted">This generator takes no parameters.</p>
  return (
    <div className="jobs-fields">
      {fields.map((field) => {
        const id = `param-${field.key}`
        const text = texts[field.key] ?? field.initialText
        const error = errors[field.key]
        const help = error ?? field.description ?? (field.kind === 'list' ? 'Comma-separated values.' : undefined)
        const common = {
          id,
          disabled,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': help ? `${id}-help` : undefined,
        }
        return (
          <div key={field.key} className={`jobs-field${field.kind === 'json' ? ' jobs-field-wide' : ''}`}>
            {field.kind === 'boolean' ? (
              <label className="checkbox" htmlFor={id}>
                <input
                  {...common}
                  type="checkbox"
                  checked={text === 'true'}
                  onChange={(e) => onChange(field.key, String(e.target.checked))}
                />
                {field.label}
              </label>
            ) : (
              <label htmlFor={id}>
                {field.label}
                {field.required && <span aria-hidden="true"> *</span>}
              </label>
            )}
            {field.kind === 'enum' && (
              <select {...common} value={text} onChange={(e) => onChange(field.key, e.target.value)}>
                {field.options?.map((option, i) => (
                  <option key={option.text} value={String(i)}>
                    {option.text}
                  </option>
                ))}
              </select>
            )}
            {(field.kind === 'integer' || field.kind === 'number') && (
              <input
                {...common}
                type="number"
                inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
                min={field.min}
                max={field.max}
                step={field.step}
                value={text}
                onChange={(e) => onChange(field.key, e.target.value)}
              />
            )}
            {(field.kind === 'string' || field.kind === 'list') && (
              <input
                {...common}
                type="text"
                autoComplete="off"
                value={text}
                onChange={(e) => onChange(field.key, e.target.value)}
              />
            )}
            {field.kind === 'json' && (
              <textarea
                {...common}
                rows={3}
                spellCheck={false}
                value={text}
                onChange={(e) => onChange(field.key, e.target.value)}
              />
            )}
            {help && (
              <p
                id={`${id}-help`}
                className={error ? 'field-error' : 'muted small'}
                data-testid={error ? `param-error-${field.key}` : undefined}
              >
                {help}
              </p>
            )}
          </div>
        )
      })}
    </div>
  )
}
