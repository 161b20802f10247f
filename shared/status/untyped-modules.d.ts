// Type declarations for the CommonJS/ESM packages the status table code imports that ship none.

/** The Tablestore SDK (CommonJS, no types): used through `any` in tablestore-sdk.ts. */
declare module 'tablestore';

/** pako 2 (ESM build for `import`): only the deflate this code calls. */
declare module 'pako' {
  export function deflate(data: Uint8Array): Uint8Array;
}
