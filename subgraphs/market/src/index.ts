/**
 * 市场监管 (market regulation): enterprises' registration (登记信息, 变更, 年报, 经营异常名录,
 * 分支机构), the building an enterprise is registered in, searches, and the registration acts of the
 * bundles (设立, 变更, 注销). Speaks to the 市场监管 registry: signed REST/JSON (backends/docs/market.md).
 */
import { defineDepartmentSubgraph } from '@district/subgraph-kit';
import { MarketAdapter } from './adapter.ts';
import { config } from './config.ts';
import { createLoaders, WARM } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { unconfirmedPlugin } from './unconfirmed.ts';

export const departmentSubgraph = defineDepartmentSubgraph({
  name: 'market',
  config,
  system: 'the 市场监管 registry',
  createAdapter: (c, transport, logger) => new MarketAdapter({ transport, credentials: { appKey: c.MARKET_APP_KEY, appSecret: c.MARKET_APP_SECRET }, logger }),
  createLoaders,
  warm: WARM,
  typeDefs: new URL('./schema.graphql', import.meta.url),
  resolvers,
  // Enterprises answered while the registry is down say so.
  plugins: () => [unconfirmedPlugin()],
});

export const { start, checkConfig } = departmentSubgraph;
