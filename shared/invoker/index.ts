/** Function-to-function invocation: the interface, its FC implementation and their errors. */
export * from './invoker.js';
export * from './errors.js';
export * from './endpoint.js';
export * from './credentials.js';
export * from './request.js';
export * from './fc2-invoker.js';
export * from './retrying-invoker.js';
