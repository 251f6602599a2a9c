import { describe, expect, it } from 'vitest';
import { OperationNames, countAccessRecordQueue, metricsRegistry, reportBundles } from './metrics.ts';

describe('OperationNames: operation names as bounded labels', () => {
  it('labels a validated name as itself, an unnamed one anonymous, one that never validated invalid', () => {
    const names = new OperationNames();
    expect(names.label('Lifecycle', true)).toBe('Lifecycle');
    expect(names.label(undefined, true)).toBe('anonymous');
    expect(names.label('Lifecycle', false)).toBe('invalid');
  });

  it('counts a name not shaped like a GraphQL name, and every new name past the cap, as other', () => {
    const names = new OperationNames(2);
    expect(names.label('张三 13800000000', true)).toBe('other');
    expect(names.label('A', true)).toBe('A');
    expect(names.label('B', true)).toBe('B');
    expect(names.label('C', true)).toBe('other');
    expect(names.label('A', true)).toBe('A');
  });
});

describe('series read at scrape time', () => {
  it('sums the access records every writer holds, and drops a writer once removed', async () => {
    const remove = [countAccessRecordQueue(async () => 3), countAccessRecordQueue(async () => 4)];
    expect(await metricsRegistry.getSingleMetricAsString('district_access_record_queue_depth')).toMatch(/district_access_record_queue_depth 7$/m);
    remove[0]();
    expect(await metricsRegistry.getSingleMetricAsString('district_access_record_queue_depth')).toMatch(/district_access_record_queue_depth 4$/m);
    remove[1]();
  });

  it('shows bundles by status as the store holds them now, a status gone reading nothing, and the worker lag', async () => {
    let byStatus: Record<string, number> = { RUNNING: 2, COMPLETED: 5 };
    const remove = reportBundles(async () => ({ byStatus, lagSeconds: 1.5 }));
    expect(await metricsRegistry.getSingleMetricAsString('district_bundles')).toMatch(/district_bundles\{status="RUNNING"\} 2\n.*status="COMPLETED"\} 5/);
    byStatus = { COMPLETED: 7 };
    const text = await metricsRegistry.getSingleMetricAsString('district_bundles');
    expect(text).not.toContain('RUNNING');
    expect(text).toContain('district_bundles{status="COMPLETED"} 7');
    expect(await metricsRegistry.getSingleMetricAsString('district_bundle_worker_lag_seconds')).toMatch(/ 1\.5$/m);
    remove();
  });
});
