/**
 * 医保 (medical insurance): employers' insurance registration, insured headcounts, contributions
 * and arrears, and the bundles' employer writes (单位参保登记, 变更, 注销). Speaks to the 医疗保障信息平台:
 * one JSON endpoint, transactions chosen by infno, one employer per call (backends/docs/medical-insurance.md).
 */
import { defineDepartmentSubgraph } from '@district/subgraph-kit';
import { MedicalInsuranceAdapter } from './adapter.ts';
import { config } from './config.ts';
import { createLoaders, WARM } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const departmentSubgraph = defineDepartmentSubgraph({
  name: 'medical-insurance',
  config,
  system: 'the 医保 platform',
  createAdapter: (c, transport, logger) =>
    new MedicalInsuranceAdapter({ transport, logger, senderCode: c.MEDICAL_INSURANCE_SENDER_CODE, signNo: c.MEDICAL_INSURANCE_SIGN_NO }),
  createLoaders,
  warm: WARM,
  typeDefs: new URL('./schema.graphql', import.meta.url),
  resolvers,
});

export const { start, checkConfig } = departmentSubgraph;
