/**
 * Turns a job script as users paste it into a plain value: `#` comments (DataWorks scripts carry
 * them), `//` and block comments, trailing commas, and `${name}` placeholders filled from the
 * scheduler's variables. `#` comments are blanked by hand (no JSON library knows them), keeping
 * offsets so parse errors still point at the user's line; jsonc-parser does the rest.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError } from './errors.js';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Replaces `#` comments outside strings with spaces (same length, so offsets are kept). */
export function blankHashComments(text: string): string {
  const out = text.split('');
  let inString = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '#') {
      while (i < out.length && out[i] !== '\n') {
        if (out[i] !== '\r') out[i] = ' ';
        i++;
      }
    }
  }
  return out.join('');
}

/**
 * Fills `${name}` placeholders in string values. A placeholder that is the whole string keeps the
 * variable's text (numbers stay numeric-looking, so `"${start_time}"` becomes `"1700000000000"`).
 * An unfilled placeholder is an error naming it; placeholders in comments were removed already.
 */
function fillPlaceholders(value: unknown, vars: Readonly<Record<string, string>>, path: string): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const v = vars[name];
      if (v === undefined) {
        const known = Object.keys(vars);
        throw new ConfigError(
          `${path || '(root)'}: placeholder \${${name}} has no value; the scheduler must pass it ` +
            `(variables given: ${known.length ? known.join(', ') : 'none'}), e.g. variables {"${name}": "1700000000000"}`,
        );
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => fillPlaceholders(v, vars, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fillPlaceholders(v, vars, path ? `${path}.${k}` : k);
    return out;
  }
  return value;
}

/** Parses the text of a job script into a plain value with placeholders filled. */
export function parseScriptText(text: string, variables: Readonly<Record<string, string>> = {}): unknown {
  const cleaned = blankHashComments(text.replace(/^\uFEFF/, ''));
  const errors: ParseError[] = [];
  const value: unknown = parse(cleaned, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const msgs = errors
      .slice(0, 5)
      .map((e) => `${printParseErrorCode(e.error)} at ${lineCol(cleaned, e.offset)}`)
      .join('; ');
    throw new ConfigError(`config is not valid JSON (comments and trailing commas are fine): ${msgs}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('config must be a JSON object, e.g. {"reader": {...}, "writer": {...}}');
  }
  return fillPlaceholders(value, variables, '');
}
