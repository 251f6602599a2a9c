export * from "./stack.ts";
