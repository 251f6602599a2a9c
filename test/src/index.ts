export { DEFAULT_CALLER, LOADED_MACHINE_BUDGETS, startStack } from './stack.ts';
export type { GraphQLResponse, Stack, StackOptions } from './stack.ts';
