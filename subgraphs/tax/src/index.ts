/**
 * 税务 (tax): taxpayers' registration, credit grades, declarations, payments, arrears, invoice
 * quota and 清税 as the tax bureau holds them, and the bundles' writes (新办纳税人信息确认, 清税申报).
 * Speaks to the 税务 service bus: 金税-style POST /gt3/esb/<tranId> with {head, body} (backends/docs/tax.md).
 */
import { defineDepartmentSubgraph } from '@district/subgraph-kit';
import { TaxAdapter } from './adapter.ts';
import { config } from './config.ts';
import { createLoaders, WARM } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const departmentSubgraph = defineDepartmentSubgraph({
  name: 'tax',
  config,
  system: 'the 税务 bus',
  createAdapter: (c, transport, logger) => new TaxAdapter({ transport, logger, credentials: { channelId: c.TAX_CHANNEL_ID, token: c.TAX_TOKEN } }),
  createLoaders,
  warm: WARM,
  typeDefs: new URL('./schema.graphql', import.meta.url),
  resolvers,
});

export const { start, checkConfig } = departmentSubgraph;
