/** Types of mint-token.mjs, for the TypeScript that imports it (the browser tests). */
export function mintToken(options: {
  accountId: string;
  signingKey: string;
  issuer: string;
  audience?: string;
  lifetimeSeconds?: number;
  nowSeconds?: number;
}): string;
