/**
 * `parseJobConfig(text, options)`: the one entry point. Accepts our native form
 * (`{job, reader, writer, setting}`) or a DataWorks/DataX script as pasted (version 1.0
 * `configuration.reader/writer`, or version 2.0 `steps`), and returns one frozen JobConfig.
 */
import { ConfigError } from './errors.js';
import { formatIssues } from './issues.js';
import { normalize, type Sections } from './normalize.js';
import { dataxSchema, nativeSchema } from './schema.js';
import { parseScriptText } from './text.js';
import type { JobConfig, ParseOptions, ParsedJobConfig } from './types.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** DataWorks 2.0 scripts list plugins as `steps`; rewrite them into the 1.0 shape. */
function fromSteps(doc: Record<string, unknown>): Record<string, unknown> {
  const steps = doc.steps;
  if (!Array.isArray(steps)) return doc;
  const pick = (category: string): unknown => {
    const step = steps.find((s) => (s as Record<string, unknown> | null)?.category === category) as
      Record<string, unknown> | undefined;
    return step ? { plugin: step.stepType, parameter: step.parameter } : undefined;
  };
  const { steps: _steps, order: _order, setting, ...rest } = doc;
  return { ...rest, configuration: { setting, reader: pick('reader'), writer: pick('writer') } };
}

/** Checks an already-parsed value (e.g. a trigger payload's object) the same way. */
export function jobConfigFromValue(
  doc: Record<string, unknown>,
  options: ParseOptions = {},
): ParsedJobConfig {
  const isDatax = 'configuration' in doc || 'steps' in doc || doc.type === 'job';
  const form: JobConfig['form'] = isDatax ? 'datax' : 'native';
  let sections: Sections;
  if (isDatax) {
    const r = dataxSchema.safeParse(fromSteps(doc), { reportInput: true });
    if (!r.success) throw invalid(formatIssues(r.error.issues, form));
    const c = r.data.configuration;
    sections = {
      job: c.job,
      reader: c.reader.parameter,
      writer: c.writer.parameter,
      setting: c.setting,
      at: {
        job: ['configuration', 'job'],
        reader: ['configuration', 'reader', 'parameter'],
        writer: ['configuration', 'writer', 'parameter'],
        setting: ['configuration', 'setting'],
      },
    };
  } else {
    const r = nativeSchema.safeParse(doc, { reportInput: true });
    if (!r.success) throw invalid(formatIssues(r.error.issues, form));
    sections = {
      ...r.data,
      job: r.data.job,
      setting: r.data.setting,
      at: { job: ['job'], reader: ['reader'], writer: ['writer'], setting: ['setting'] },
    };
  }
  const { config, problems, warnings } = normalize(form, sections, options);
  if (problems.length > 0) throw invalid(problems);
  return { config: deepFreeze(config), warnings: Object.freeze([...warnings]) };
}

/**
 * Parses and validates a job config text: `#`, `//` and block comments, trailing commas and
 * quoted numbers are accepted; `${name}` placeholders are filled from `options.variables`.
 * Throws {@link ConfigError} listing every problem, each naming its field and an example.
 */
export function parseJobConfig(text: string, options: ParseOptions = {}): ParsedJobConfig {
  return jobConfigFromValue(parseScriptText(text, options.variables) as Record<string, unknown>, options);
}

function invalid(problems: string[]): ConfigError {
  return new ConfigError(`invalid job config:\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems);
}
