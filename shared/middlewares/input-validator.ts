/**
 * Validates the parsed event (event functions) or the parsed HTTP body against a zod schema and
 * replaces it with the parsed value (defaults applied, unknown keys rejected if the schema says
 * so). A failure is an `InvalidInputError` whose message names each bad field by its path.
 */
import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';
import { InvalidInputError, type InputIssue } from './errors.js';

export interface InputValidatorOptions {
  schema: z.ZodType;
  /** `event`: the whole event; `body`: `event.body` of an HTTP event (after the JSON body parser). */
  target: 'event' | 'body';
}

export const inputValidatorDefaults: Omit<InputValidatorOptions, 'schema'> = Object.freeze({
  target: 'event',
});

const optionsSchema = z.strictObject({
  schema: z.custom<z.ZodType>((v) => v instanceof z.ZodType, { message: 'schema must be a zod schema' }),
  target: z.enum(['event', 'body']).optional(),
});

export const inputValidatorValidateOptions = (options: unknown) => optionsSchema.parse(options);

/** Pure: zod issues → `path: message` pairs, the path prefixed with where the value came from. */
export function issuesOf(error: z.ZodError, prefix: string): InputIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** Validates one value; returns the parsed value or throws `InvalidInputError`. */
export function validateInput<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInputError(issuesOf(result.error, prefix), { cause: result.error });
  return result.data;
}

export function inputValidator(
  opts: Pick<InputValidatorOptions, 'schema'> & Partial<InputValidatorOptions>,
): MiddlewareObj {
  inputValidatorValidateOptions(opts);
  const { schema, target } = { ...inputValidatorDefaults, ...opts };
  return {
    before: (request) => {
      if (target === 'event') {
        request.event = validateInput(schema, request.event);
        return;
      }
      const event = request.event as { body?: unknown };
      event.body = validateInput(schema, event.body, 'body');
    },
  };
}
