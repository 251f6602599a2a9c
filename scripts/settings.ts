/**
 * Every setting of every process, from the config schemas the processes read (each field's
 * `.describe()` and default): the README's "Settings" table is made here (`npm run config:table`)
 * and test/tools/readme-settings.test.ts keeps the README's copy equal to it. A setting declared in
 * a part's schema with `.describe('meaning')` appears without touching this file; a new schema
 * (a new file of settings) is added to its process below.
 */
import { z } from 'zod';
import { ContextSettingsSchema, ProcessSettingsSchema, TRACING_SETTINGS, listenHostSchema, settingsTable, type ProcessSettings } from '@district/runtime';
import { SUBGRAPHS, type SubgraphName } from '@district/parts';
import { GatewayConfigSchema, GatewayRoutingSettingsSchema } from '@district/gateway/config';
import { BACKEND_SETTINGS_SCHEMAS } from '@district/backends';
import { config as market } from '@district/subgraph-market/config';
import { config as tax } from '@district/subgraph-tax/config';
import { config as medicalInsurance } from '@district/subgraph-medical-insurance/config';
import { config as realEstate } from '@district/subgraph-real-estate/config';
import { CertificateSettingsSchema, SERVICES_SETTINGS_SCHEMAS, ServicesConfigSchema } from '@district/subgraph-services/config';
import { WorkerProcessSchema } from '@district/subgraph-services/worker/process';
import { PartSettingsSchema } from './processes.ts';

const context = ContextSettingsSchema.omit({ NODE_ENV: true });

/** Each subgraph's schemas, by the parts list's names (a subgraph added there and not here fails to compile). */
const SUBGRAPH_SCHEMAS: Record<SubgraphName, z.ZodObject[]> = {
  market: market.settingsSchemas(),
  tax: tax.settingsSchemas(),
  'medical-insurance': medicalInsurance.settingsSchemas(),
  'real-estate': realEstate.settingsSchemas(),
  services: SERVICES_SETTINGS_SCHEMAS,
};

const subgraphNames = SUBGRAPHS.map((s) => s.name);
const departmentNames = SUBGRAPHS.filter((s) => s.name !== 'services').map((s) => s.name);

export const SETTINGS_PROCESSES: ProcessSettings[] = [
  { process: 'gateway', schemas: [ProcessSettingsSchema, TRACING_SETTINGS, GatewayConfigSchema, GatewayRoutingSettingsSchema, context] },
  ...SUBGRAPHS.map((s) => ({ process: s.name, schemas: [ProcessSettingsSchema, TRACING_SETTINGS, listenHostSchema, ...SUBGRAPH_SCHEMAS[s.name]] })),
  // The bundle worker's own process reads services' settings besides its port (worker/process.ts).
  { process: 'bundle-worker', schemas: [ProcessSettingsSchema, TRACING_SETTINGS, listenHostSchema, WorkerProcessSchema, ...SERVICES_SETTINGS_SCHEMAS.filter((s) => s !== CertificateSettingsSchema)] },
  { process: 'backends', schemas: [ProcessSettingsSchema, TRACING_SETTINGS, ...BACKEND_SETTINGS_SCHEMAS] },
  // npm start checks every part's settings with its own environment before starting any; its own are these.
  { process: 'npm start', schemas: [ProcessSettingsSchema] },
  { process: 'dist/scripts/part.js (the container image)', schemas: [PartSettingsSchema] },
  { process: 'npm run token', schemas: [ProcessSettingsSchema, GatewayConfigSchema.pick({ GATEWAY_JWT_SECRET: true, GATEWAY_JWT_ISSUER: true, GATEWAY_JWT_AUDIENCE: true })] },
  { process: 'npm run audit:verify', schemas: [ProcessSettingsSchema, ServicesConfigSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true, PGLITE_DIR: true })] },
];

export const SETTINGS_ALIASES: Record<string, string[]> = {
  'every process of the stack': ['gateway', ...subgraphNames, 'bundle-worker', 'backends'],
  'every subgraph': subgraphNames,
  'services, bundle-worker': ['services', 'bundle-worker'],
  'every subgraph, bundle-worker': [...subgraphNames, 'bundle-worker'],
  'department subgraphs': departmentNames,
  'gateway, every subgraph': ['gateway', ...subgraphNames],
  'gateway, department subgraphs': ['gateway', ...departmentNames],
};

/** The README's settings table. */
export const readmeSettingsTable = () => settingsTable(SETTINGS_PROCESSES, SETTINGS_ALIASES);
