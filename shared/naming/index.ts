export * from './template.js';
export * from './names.js';
