/** `npm run operations:manifest`: writes schema/persisted-query-manifest.json from the registered operations. */
import { writeFileSync } from 'node:fs';
import { MANIFEST_URL, manifestText, operationsManifest } from './operations-manifest.ts';

const manifest = operationsManifest();
writeFileSync(MANIFEST_URL, manifestText(manifest));
console.log(`wrote ${MANIFEST_URL.pathname}: ${manifest.operations.map((o) => `${o.name} ${o.id.slice(0, 12)}`).join(', ')}`);
