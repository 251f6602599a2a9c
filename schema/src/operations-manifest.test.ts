import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { MANIFEST_URL, manifestText, operationsManifest } from './operations-manifest.ts';
import { API_SCHEMA_URL } from './api-schema.ts';

describe('the persisted-query manifest', () => {
  const manifest = operationsManifest();

  it('matches the checked-in schema/persisted-query-manifest.json (run `npm run operations:manifest`)', () => {
    expect(readFileSync(MANIFEST_URL, 'utf8')).toBe(manifestText(manifest));
  });

  it('registers the operations of schema/operations, of the example front end and of the workbench page, valid against the API schema', () => {
    expect(manifest.operations.map((o) => o.name)).toEqual([
      'BuildingDashboard', 'BundlePoll', 'Lifecycle', 'OpenEnterprise',
      'WorkbenchAdvanceRequest', 'WorkbenchBuilding', 'WorkbenchBuildingStats', 'WorkbenchOpenRequests', 'WorkbenchRecordVisit', 'WorkbenchVisits',
    ]);
    const schema = buildSchema(readFileSync(API_SCHEMA_URL, 'utf8'));
    for (const op of manifest.operations) expect(validate(schema, parse(op.body)).map((e) => e.message), op.name).toEqual([]);
  });

  it('gives each operation the id the front ends\' generated documents send (the example\'s and the workbench page\'s)', () => {
    const generated = (folder: string) => JSON.parse(readFileSync(new URL(`../../${folder}/src/gql/persisted-documents.json`, import.meta.url), 'utf8')) as Record<string, string>;
    expect(Object.fromEntries(manifest.operations.map((o) => [o.id, o.body]))).toEqual({ ...generated('examples/frontend'), ...generated('apps/workbench') });
  });
});
