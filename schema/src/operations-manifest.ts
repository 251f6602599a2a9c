import { readFileSync, readdirSync } from 'node:fs';
import { buildManifest, operationsOf, type Manifest, type OperationSource } from '@district/operations';

const root = new URL('../../', import.meta.url);

/**
 * Where registered operations are written: schema/operations/ (shared by our front ends) and each
 * front end's src/operations/ (the example's, the workbench page's). A new front end's folder is added here.
 */
export const OPERATION_FOLDERS = ['schema/operations/', 'examples/frontend/src/operations/', 'apps/workbench/src/operations/'];

/** The committed manifest the gateway loads by default (GATEWAY_OPERATION_MANIFESTS). */
export const MANIFEST_URL = new URL('persisted-query-manifest.json', new URL('../', import.meta.url));

export function operationSources(folders = OPERATION_FOLDERS): OperationSource[] {
  return folders.flatMap((folder) => readdirSync(new URL(folder, root))
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => ({ source: readFileSync(new URL(folder + f, root), 'utf8'), where: folder + f })));
}

/** The manifest of every registered operation, as `npm run operations:manifest` writes it. */
export function operationsManifest(folders = OPERATION_FOLDERS): Manifest {
  return buildManifest(operationsOf(operationSources(folders)));
}

export const manifestText = (manifest: Manifest) => `${JSON.stringify(manifest, null, 2)}\n`;
