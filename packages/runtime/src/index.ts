/** @district/runtime: What every process needs to run: configuration read from the environment, logging, start and graceful stop, the HTTP body rules, the signed request context and signed GraphQL calls between parts. */
export { ConfigError, ConfigProblems, env, isProduction, loadConfig, production, shownDefault } from './config.ts';
export { listenHostSchema, readListenHost } from './listen-host.ts';
export { createRedis, redisConnectionOf, redisUrlField } from './redis.ts';
export { ProcessSettingsSchema, readProcessSettings } from './process-settings.ts';
export { settingRows, settingsTable } from './settings-table.ts';
export type { ProcessSettings, SettingRow } from './settings-table.ts';
export { DEFAULT_SHUTDOWN_GRACE_MS, EXIT_CONFIG, UNDER_STACK, gracefulServer, readShutdownGrace, reportStartFailure, runPart } from './graceful.ts';
export type { GracefulServer, RunPartOptions, RunningPart } from './graceful.ts';
export { SUBGRAPH_MAX_BATCH_OPERATIONS, headerMapOf, writeApolloResponse } from './graphql-http.ts';
export { DRAIN_MAX_BYTES, DRAIN_MAX_MS, continueUnlessTooLarge, readBody, refuseTooLarge, writeJsonError } from './http-body.ts';
export { REDACTED_PATHS, createLogger } from './logger.ts';
export type { Logger } from './logger.ts';
export { CONTEXT_CLOCK_SKEW_SECONDS, CONTEXT_HEADER, CONTEXT_TTL_SECONDS, DEFAULT_CONTEXT_MAX_AGE_MS, DEV_CONTEXT_KEY, MAX_CONTEXT_MAX_AGE_MS, MIN_CONTEXT_MAX_AGE_MS, ContextSettingsSchema, createContextSigner, readContextVerification, signContext, verifyContext } from './request-context.ts';
export type { ContextSigner, ContextVerification } from './request-context.ts';
export { SIGNED_GRAPHQL_TIMEOUT_MS, createSignedGraphqlClient } from './signed-graphql.ts';
export type { GraphqlAnswer, GraphqlOperation, SignedCallOptions, SignedGraphqlClient, SignedGraphqlClientOptions, SignedGraphqlReply } from './signed-graphql.ts';
