import type { Client } from './client.ts';
import { BuildingDashboardDocument, BundlePollDocument, LifecycleDocument, OpenEnterpriseDocument, type BundleProgressFragment, type OpenEnterpriseInput } from './gql/graphql.ts';

/**
 * What the two example screens do with the typed operations: a building-service (楼小二) dashboard
 * and a one-window (一窗受理) screen. They use the generated types for every field they read, so
 * a schema change that removes or retypes one fails `npm run typecheck`.
 */

/** One row of the building dashboard: an enterprise with every department's status. */
export interface DashboardRow {
  uscc: string;
  name: string | null;
  registration: string | null;
  taxCredit: string | null;
  warnings: string[];
}

export async function buildingDashboard(request: Client, buildingId: string, first = 20): Promise<{ building: string; total: number; rows: DashboardRow[] } | null> {
  const { data } = await request(BuildingDashboardDocument, { id: buildingId, first });
  const building = data?.building;
  if (!building) return null;
  const rows = (building.enterprises?.edges ?? []).map(({ node }): DashboardRow => {
    const warnings: string[] = [];
    if (node.registration?.onAbnormalList) warnings.push('经营异常名录');
    if (node.tax?.hasArrears) warnings.push('欠税');
    if (node.medicalInsurance?.hasArrears) warnings.push('欠缴医保');
    if (node.realEstate?.hasSeizure) warnings.push('查封');
    return { uscc: node.uscc, name: node.registration?.name ?? null, registration: node.registration?.status ?? null, taxCredit: node.tax?.creditGrade?.grade ?? null, warnings };
  });
  return { building: building.name, total: building.enterprises?.totalCount ?? 0, rows };
}

/** An enterprise's lifecycle stage and its events, oldest first, as the one-window screen lists them. */
export async function enterpriseLifecycle(request: Client, uscc: string) {
  const { data, errors } = await request(LifecycleDocument, { uscc });
  const enterprise = data?.enterprise;
  if (!enterprise) return { enterprise: null, errors };
  const events = (enterprise.lifecycle?.events ?? []).map((e) => `${e.at} ${e.department} ${e.title}`);
  return { enterprise: { uscc: enterprise.uscc, name: enterprise.registration?.name ?? null, stage: enterprise.lifecycle?.stageLabel ?? null, events }, errors };
}

const DONE = new Set<BundleProgressFragment['status']>(['COMPLETED', 'FAILED', 'NEEDS_ATTENTION']);

/**
 * Submits the 企业开办一件事 form, then polls the bundle until it is done or `attempts` run out
 * (`wait` between polls is the caller's: a timer in a browser, a fake in a test).
 */
export async function openEnterprise(request: Client, input: OpenEnterpriseInput, o: { attempts?: number; wait?: () => Promise<void> } = {}) {
  const opened = await request(OpenEnterpriseDocument, { input });
  if (!opened.data?.openEnterprise) return { bundle: null, errors: opened.errors };
  let bundle: BundleProgressFragment = opened.data.openEnterprise;
  for (let i = 0; i < (o.attempts ?? 30) && !DONE.has(bundle.status); i++) {
    await o.wait?.();
    const polled = await request(BundlePollDocument, { id: bundle.id });
    if (!polled.data?.bundle) return { bundle, errors: polled.errors };
    bundle = polled.data.bundle;
  }
  return { bundle, errors: undefined };
}
