// autocannon ships no types and @types/autocannon is not installed; the harness uses it through
// load-worker.ts only, with its result fields read as documented in autocannon's README.
declare module 'autocannon';
