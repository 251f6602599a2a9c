import type { Caller } from '@district/domain';
import type { Logger } from '@district/runtime';
import type { Db } from './store/db.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { DepartmentFacts } from './departments/facts.ts';
import type { CertificateSettings } from './certificates/issue.ts';
import type { BuildingCounts } from './stats/building-stats.ts';

export interface ServicesContext {
  db: Db;
  loaders: Loaders;
  /** The day lifecycle stages are judged at. */
  today: string;
  logger: Logger;
  /** The verified caller from the gateway's signed request context. */
  caller: Caller;
  /** The departments' facts a bundle's preconditions are checked against before it is accepted. */
  departmentFacts: DepartmentFacts;
  /** How certificates (证明) are signed and how long they stay valid. */
  certificates: CertificateSettings;
  /** The departments' counts of a building's enterprises (Building.stats), cached. */
  buildingCounts: BuildingCounts;
}

export function createContextFactory(deps: { db: Db; logger: Logger; today?: string; departmentFacts: DepartmentFacts; certificates: CertificateSettings; buildingCounts: BuildingCounts }) {
  return async ({ caller }: { caller: Caller }): Promise<ServicesContext> => ({
    db: deps.db,
    loaders: createLoaders(deps.db),
    today: deps.today ?? new Date().toISOString().slice(0, 10),
    logger: deps.logger,
    caller,
    departmentFacts: deps.departmentFacts,
    certificates: deps.certificates,
    buildingCounts: deps.buildingCounts,
  });
}
