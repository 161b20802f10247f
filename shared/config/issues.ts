/**
 * Renders schema problems as `path: what was wrong; e.g. <accepted example>`, one per problem,
 * never echoing a credential.
 */
import type { z } from 'zod';
import { ACCEPTED_KEYS, EXAMPLES } from './schema.js';

const SECRET = new Set(['accessId', 'accessKey']);

export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || '(root)';
}

/** The field a path is about: the last name, skipping array indexes. */
function fieldOf(path: readonly PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

/** Which kind of object sits at a path, to list its accepted keys. */
function kindAt(path: readonly PropertyKey[], form: 'native' | 'datax'): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const last = names.at(-1);
  if (last === undefined) return form;
  if (typeof path.at(-1) === 'number') return 'column';
  if (last === 'parameter') return names.at(-2) ?? 'reader';
  if ((last === 'reader' || last === 'writer') && names.at(-2) === 'configuration') return 'plugin';
  return last;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Examples for a field name that means something else inside a `column` list. */
const COLUMN_EXAMPLES: Readonly<Record<string, string>> = {
  type: '"column": [{"name": "amount", "type": "double"}] (bigint, double, boolean, string, binary, timestamp)',
  name: '"column": [{"name": "uid"}]',
};

export function withExample(path: readonly PropertyKey[], problem: string): string {
  const field = fieldOf(path);
  const inColumn = path.includes('column');
  const example = field ? ((inColumn ? COLUMN_EXAMPLES[field] : undefined) ?? EXAMPLES[field]) : undefined;
  return `${pathText(path)}: ${problem}${example ? `; e.g. ${example}` : ''}`;
}

function problemOf(issue: z.core.$ZodIssue): string {
  const secret = SECRET.has(fieldOf(issue.path) ?? '');
  const got = secret || !('input' in issue) ? '' : `, got ${show(issue.input)}`;
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined)
    return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}${got}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}${got}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `must not be empty${got}`
        : `must be at least ${String(issue.minimum)}${got}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${got}`;
    case 'invalid_format':
      return `has the wrong format${got}`;
    case 'invalid_union':
      return `has the wrong shape${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

export function formatIssues(issues: readonly z.core.$ZodIssue[], form: 'native' | 'datax'): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const accepted = ACCEPTED_KEYS[kindAt(issue.path, form)] ?? [];
      for (const key of issue.keys) {
        out.push(
          `${pathText([...issue.path, key])}: unknown field` +
            (accepted.length ? `; accepted fields here: ${accepted.join(', ')}` : ''),
        );
      }
      continue;
    }
    out.push(withExample(issue.path, problemOf(issue)));
  }
  return out;
}
