/**
 * 不动产登记 (real-estate registration): the rights, mortgages and seizures an enterprise holds
 * on the register, property units by 不动产单元号, and the bundles' one write (权利人名称变更登记).
 * Speaks to the 不动产登记 registry's exchange interface: XML over HTTP (backends/docs/real-estate.md).
 */
import { defineDepartmentSubgraph } from '@district/subgraph-kit';
import { RealEstateAdapter } from './adapter.ts';
import { config } from './config.ts';
import { createLoaders, WARM } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const departmentSubgraph = defineDepartmentSubgraph({
  name: 'real-estate',
  config,
  system: 'the 不动产登记 registry',
  createAdapter: (c, transport, logger) =>
    new RealEstateAdapter({ transport, credentials: { senderId: c.REAL_ESTATE_SENDER_ID, apiKey: c.REAL_ESTATE_API_KEY }, logger }),
  createLoaders,
  warm: WARM,
  typeDefs: new URL('./schema.graphql', import.meta.url),
  resolvers,
});

export const { start, checkConfig } = departmentSubgraph;
