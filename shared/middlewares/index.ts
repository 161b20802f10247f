/** The middlewares every function is wired with; see `chains.ts` for the order they go in. */
export * from './fc-types.js';
export * from './errors.js';
export * from './redact.js';
export * from './logger.js';
export * from './fc-event-parser.js';
export * from './remaining-time.js';
export * from './request-logger.js';
export * from './event-error-handler.js';
export * from './http-error-handler.js';
export * from './http-response.js';
export * from './input-validator.js';
export * from './chains.js';
