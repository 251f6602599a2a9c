export * from './errors.ts';
export * from './dev-key.ts';
export * from './claims.ts';
export * from './settings.ts';
export * from './authenticate.ts';
export * from './dev-token.ts';
