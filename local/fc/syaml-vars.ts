/**
 * Serverless Devs `${...}` references, as far as a local run needs them: `${vars.x}`, `${env.X}`,
 * `${env('X', 'default')}`, `${config('AccountID')}`, `${this.name}`, `${this.props.x}` and
 * `${resources.r.props.x}`. A value that is one whole reference keeps its type (numbers stay numbers).
 */
export interface VarScope {
  vars: unknown;
  env: Record<string, string | undefined>;
  config: Record<string, string>;
  /** Raw (unresolved) props of every resource, for `this.props` and `resources.r.props`. */
  resources: Record<string, { props: unknown }>;
  /** The resource whose props are being resolved (`this`), if any. */
  self?: string;
}

/** Thrown with a message naming the bad reference; the caller adds the YAML path. */
export class VarError extends Error {}

const WHOLE = /^\$\{([^{}]+)\}$/;
const ANY = /\$\{([^{}]+)\}/g;
const CALL = /^(env|config)\(\s*(['"])(.*?)\2\s*(?:,\s*(['"])(.*?)\4\s*)?\)$/;

export function resolveTree(value: unknown, scope: VarScope, depth = 0): unknown {
  if (depth > 20) throw new VarError('references nest more than 20 deep (a cycle?)');
  if (typeof value === 'string') return resolveString(value, scope, depth);
  if (Array.isArray(value)) return value.map((v) => resolveTree(v, scope, depth));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTree(v, scope, depth)]));
  }
  return value;
}

function resolveString(text: string, scope: VarScope, depth: number): unknown {
  const whole = WHOLE.exec(text);
  if (whole?.[1]) return lookup(whole[1].trim(), scope, depth);
  return text.replace(ANY, (_m, expr: string) => {
    const v = lookup(expr.trim(), scope, depth);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

function lookup(expr: string, scope: VarScope, depth: number): unknown {
  const call = CALL.exec(expr);
  if (call) {
    const [, fn, , name = '', , fallback] = call;
    if (fn === 'env') return envValue(name, fallback, scope, expr);
    if (name in scope.config) return scope.config[name];
    throw new VarError(
      `\${${expr}}: config key "${name}" is unknown locally (known: ${Object.keys(scope.config).join(', ')})`,
    );
  }
  const [head, ...rest] = expr.split('.');
  if (head === 'env' && rest.length === 1) return envValue(rest[0] ?? '', undefined, scope, expr);
  // Dig in the raw tree first, then resolve only what was found: props may refer to their siblings.
  if (head === 'vars')
    return resolveTree(dig(scope.vars, rest, expr), { ...scope, self: undefined }, depth + 1);
  if (head === 'this') {
    if (!scope.self) throw new VarError(`\${${expr}}: "this" is only defined inside a resource`);
    if (rest[0] === 'name') return scope.self;
    if (rest[0] === 'props')
      return resolveTree(dig(scope.resources[scope.self]?.props, rest.slice(1), expr), scope, depth + 1);
  }
  if (head === 'resources' && rest[0] && rest[1] === 'props') {
    const target = scope.resources[rest[0]];
    if (!target) throw new VarError(`\${${expr}}: no resource "${rest[0]}"`);
    return resolveTree(dig(target.props, rest.slice(2), expr), { ...scope, self: rest[0] }, depth + 1);
  }
  throw new VarError(
    `\${${expr}} cannot be resolved locally; use vars.*, env.X, env('X', 'default'), config('AccountID'), this.props.* or resources.<name>.props.*`,
  );
}

function envValue(name: string, fallback: string | undefined, scope: VarScope, expr: string): string {
  const value = scope.env[name] ?? fallback;
  if (value === undefined)
    throw new VarError(`\${${expr}}: environment variable ${name} is not set and has no default`);
  return value;
}

function dig(value: unknown, keys: string[], expr: string): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !(key in current)) {
      throw new VarError(`\${${expr}}: "${key}" is not defined`);
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
