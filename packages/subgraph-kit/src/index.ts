/** @district/subgraph-kit: Building and running a subgraph: the schema with its shared scalars and authorization, the Apollo server, its HTTP front, argument checks, and the department subgraph template. */
export { assertHopAllowed, assertSelfIfEnterprise, assertSystemCaller, callerOf, enforceSensitivity, enterpriseOutOfScope, guardEnterpriseReferences, sensitivityDeclarations } from './authorization.ts';
export { connectionOf, departmentConfig } from './department-config.ts';
export type { DepartmentConfig, DepartmentConfigDefinition, DepartmentCredential, DepartmentDefaults, DepartmentPrefix, DepartmentSettings } from './department-config.ts';
export { CACHE_READY_BUDGET_MS, defineDepartmentSubgraph, serveDepartmentSubgraph } from './department-template.ts';
export type { DepartmentContext, DepartmentSubgraph, DepartmentSubgraphDefinition, DepartmentSubgraphParts, LoaderDeps, RunningDepartmentSubgraph, ServeOptions, WarmReadDefinition } from './department-template.ts';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, assertUscc, decodeCursor, encodeCursor, pageSize } from './input.ts';
export { GRANTS, SENSITIVITY_LEVELS, grantFor, mayRead, mayUnmask, refusal, rowScope } from './policy.ts';
export type { Grant, RowScope, SensitivityLevel } from './policy.ts';
export { DateScalar, DateTimeScalar, MoneyScalar, scalarResolvers } from './scalars.ts';
export { SUBGRAPH_MAX_BODY_BYTES, listenSubgraph } from './subgraph-http.ts';
export { SubgraphSettingsSchema, readSubgraphSettings } from './subgraph-settings.ts';
export type { OperationBody, SubgraphHttp, SubgraphHttpOptions, SubgraphRequest, SubgraphRoutes } from './subgraph-http.ts';
export { buildFederatedSchema, createSubgraphServer, formatErrorFor, loadSchemaFile, sharedTypeDefs, startSubgraph } from './subgraph.ts';
export type { RunningSubgraph, SubgraphContextArgument, SubgraphServerOptions } from './subgraph.ts';
