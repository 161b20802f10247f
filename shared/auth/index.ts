/** Authentication of the backfill endpoint: signer (client), verifier and middleware (server). */
export * from './errors.js';
export * from './canonical.js';
export * from './signer.js';
export * from './client.js';
export * from './verify.js';
export * from './replay-guard.js';
export * from './config.js';
export * from './middleware.js';
