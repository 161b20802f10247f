export * from './plan.js';
export { WindowError } from './errors.js';
