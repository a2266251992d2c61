/**
 * An example value for a JSON schema of the OpenAPI document: a component's own `examples` where it has
 * them, else built from the schema (const, default, enum, formats, bounds), so that every operation shows a
 * request and a response a client can read. Built examples follow the schema; the tests check them against
 * it.
 */
export type JsonSchema = { [key: string]: unknown };

const DAY = '2026-11-29';
const formats: Record<string, string> = {
  date: DAY,
  'date-time': `${DAY}T08:00:00.000Z`,
  email: 'name@example.com',
  uri: 'https://example.com/',
  uuid: '0b6f2c1e-4a5d-4f7e-9c3b-2d1a0e9f8c7b',
  binary: '(binary)',
};

/** values for the patterns the schemas use */
const patterns: Record<string, string> = {
  '^\\d{4}-\\d{2}-\\d{2}$': DAY,
  '^CN-[A-Z]{2}$': 'CN-GD',
  '^[A-Z]{2}$': 'CN',
};

/** an example of `schema`; `$ref`s are read from `components` (each at most once on a path: no cycles) */
export function exampleOf(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  seen: ReadonlySet<string> = new Set(),
): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (!target || seen.has(name)) return null;
    return exampleOf(target, components, new Set([...seen, name]));
  }
  const sub = (s: unknown) => exampleOf(s as JsonSchema, components, seen);
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map(sub);
    return parts.every(isObject) ? Object.assign({}, ...parts) : parts.at(-1);
  }
  for (const k of ['anyOf', 'oneOf'] as const) {
    const branches = schema[k];
    if (Array.isArray(branches)) {
      const first = branches.find((b) => (b as JsonSchema).type !== 'null') ?? branches[0];
      return sub(first);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      // the required properties only: an optional one is left out rather than shown with a made-up value
      const props = (schema.properties ?? {}) as Record<string, unknown>;
      const required = new Set((schema.required ?? []) as string[]);
      return Object.fromEntries(
        Object.entries(props)
          .filter(([k]) => required.has(k))
          .map(([k, s]) => [k, sub(s)]),
      );
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      return schema.items ? Array.from({ length: Math.max(1, min) }, () => sub(schema.items)) : [];
    }
    case 'string':
      if (typeof schema.pattern === 'string' && patterns[schema.pattern]) return patterns[schema.pattern];
      return typeof schema.format === 'string' && formats[schema.format] ? formats[schema.format] : 'string';
    case 'integer':
    case 'number':
      if (typeof schema.minimum === 'number') return schema.minimum;
      // above an exclusive minimum: the maximum where there is one (a share of 100 percent), else one more
      if (typeof schema.exclusiveMinimum === 'number')
        return typeof schema.maximum === 'number' ? schema.maximum : schema.exclusiveMinimum + 1;
      return 0;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
