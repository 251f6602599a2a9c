import type { Dataset } from '@district/dataset';
import { getDataset, type DatasetOptions } from '@district/dataset';
import type { FaultSettings } from './sim/settings.ts';
import type { SimServer } from './sim/server.ts';
import { faultSettingsFromEnv, simSettingsSchema } from './sim/settings.ts';
import { createMarketBackend, MARKET_DEFAULTS } from './market/index.ts';
import { createTaxBackend, TAX_DEFAULTS } from './tax/index.ts';
import { createMedicalInsuranceBackend, MEDICAL_INSURANCE_DEFAULTS } from './medical-insurance/index.ts';
import { createRealEstateBackend, REAL_ESTATE_DEFAULTS } from './real-estate/index.ts';
import { z } from 'zod';
import { env as envField, listenHostSchema, loadConfig, readListenHost } from '@district/runtime';
import { BACKENDS, BACKEND_NAMES, type BackendName, type PartId } from '@district/parts';
import { backendCredentialsSchema, credentialsFromEnv } from './credentials.ts';

export type { SimServer, SimStats } from './sim/server.ts';
export type { FaultSettings } from './sim/settings.ts';
export { signMarketRequest } from './market/index.ts';

/** The stand-ins, as the parts list names them (@district/parts). */
export const DEPARTMENT_BACKENDS: readonly DepartmentBackend[] = BACKEND_NAMES;
export type DepartmentBackend = BackendName;
const SIM_ENV_PREFIX: Record<DepartmentBackend, string> = {
  market: 'MARKET_SIM', tax: 'TAX_SIM', 'medical-insurance': 'MEDICAL_INSURANCE_SIM', 'real-estate': 'REAL_ESTATE_SIM',
};
const DEFAULT_SETTINGS: Record<DepartmentBackend, FaultSettings> = {
  market: MARKET_DEFAULTS, tax: TAX_DEFAULTS, 'medical-insurance': MEDICAL_INSURANCE_DEFAULTS, 'real-estate': REAL_ESTATE_DEFAULTS,
};

/** Where each stand-in listens: its port variable, else PORT_BASE, else 5001–5004 (the parts list). */
const BackendPortsSchema = z.object(Object.fromEntries(BACKENDS.map((b) => [b.portVariable, envField.partPort(b.id as PartId).describe(`Port of the ${b.name} stand-in`)])));

/** Every setting `npm run backends` reads (the README's settings table): ports, and each stand-in's simulated behaviour. */
export const BACKEND_SETTINGS_SCHEMAS: z.ZodObject[] = [
  BackendPortsSchema,
  listenHostSchema,
  backendCredentialsSchema,
  ...BACKEND_NAMES.map((name) => simSettingsSchema(SIM_ENV_PREFIX[name], DEFAULT_SETTINGS[name])),
];

export interface StartBackendsOptions {
  dataset?: DatasetOptions;
  /** Port per backend; 0 picks a free one. Default: where the parts list puts it (its port variable, PORT_BASE, 5001–5004). */
  ports?: Partial<Record<DepartmentBackend, number>>;
  /** Settings per backend over the defaults and env, e.g. { market: { latencyMs: 0 } }. */
  settings?: Partial<Record<DepartmentBackend, Partial<FaultSettings>>>;
  host?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunningBackends {
  dataset: Dataset;
  urls: Record<DepartmentBackend, string>;
  sims: Record<DepartmentBackend, SimServer>;
  close(): Promise<void>;
}

/** Starts the four department stand-ins in this process, sharing one generated dataset. */
export async function startBackends(options: StartBackendsOptions = {}): Promise<RunningBackends> {
  const env = options.env ?? process.env;
  const dataset = getDataset(options.dataset);
  const credentials = credentialsFromEnv(env);
  const settingsFor = (name: DepartmentBackend): FaultSettings => ({
    ...faultSettingsFromEnv(SIM_ENV_PREFIX[name], DEFAULT_SETTINGS[name], env),
    ...options.settings?.[name],
  });
  const sims: Record<DepartmentBackend, SimServer> = {
    market: createMarketBackend(dataset, { settings: settingsFor('market'), credentials: credentials.market }),
    tax: createTaxBackend(dataset, { settings: settingsFor('tax'), credentials: credentials.tax }),
    'medical-insurance': createMedicalInsuranceBackend(dataset, { settings: settingsFor('medical-insurance'), credentials: credentials.medicalInsurance }),
    'real-estate': createRealEstateBackend(dataset, { settings: settingsFor('real-estate'), credentials: credentials.realEstate }),
  };
  const host = options.host ?? readListenHost(env);
  const urls = {} as Record<DepartmentBackend, string>;
  try {
    for (const name of DEPARTMENT_BACKENDS) {
      // <NAME>_BACKEND_PORT, else from PORT_BASE, else the default (5001–5004): the parts list's rule.
      const port = options.ports?.[name] ?? (loadConfig(BackendPortsSchema, env)[BACKENDS.find((b) => b.name === name)!.portVariable] as number);
      urls[name] = `http://${host}:${await sims[name].listen(port, host)}`;
    }
  } catch (error) {
    await Promise.all(Object.values(sims).map((s) => s.close().catch(() => undefined)));
    throw error;
  }
  return { dataset, urls, sims, close: async () => void (await Promise.all(Object.values(sims).map((s) => s.close()))) };
}
