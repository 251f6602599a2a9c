import type { Dataset } from '@district/dataset';
import { getDataset, type DatasetOptions } from '@district/dataset';
import type { FaultSettings } from './sim/settings.ts';
import type { SimServer } from './sim/server.ts';
import { faultSettingsFromEnv } from './sim/settings.ts';
import { createMarketBackend, MARKET_DEFAULTS } from './market/index.ts';
import { createTaxBackend, TAX_DEFAULTS } from './tax/index.ts';
import { createMedicalInsuranceBackend, MEDICAL_INSURANCE_DEFAULTS } from './medical-insurance/index.ts';
import { createRealEstateBackend, REAL_ESTATE_DEFAULTS } from './real-estate/index.ts';

export type { SimServer, SimStats } from './sim/server.ts';
export type { FaultSettings } from './sim/settings.ts';
export { signMarketRequest } from './market/index.ts';

export const DEPARTMENT_BACKENDS = ['market', 'tax', 'medical-insurance', 'real-estate'] as const;
export type DepartmentBackend = (typeof DEPARTMENT_BACKENDS)[number];

/** Default ports (../shared/CONTRACT.md), each overridable by env. */
export const DEFAULT_PORTS: Record<DepartmentBackend, number> = { market: 5001, tax: 5002, 'medical-insurance': 5003, 'real-estate': 5004 };
const PORT_ENV: Record<DepartmentBackend, string> = {
  market: 'MARKET_BACKEND_PORT', tax: 'TAX_BACKEND_PORT', 'medical-insurance': 'MEDICAL_INSURANCE_BACKEND_PORT', 'real-estate': 'REAL_ESTATE_BACKEND_PORT',
};
const SIM_ENV_PREFIX: Record<DepartmentBackend, string> = {
  market: 'MARKET_SIM', tax: 'TAX_SIM', 'medical-insurance': 'MEDICAL_INSURANCE_SIM', 'real-estate': 'REAL_ESTATE_SIM',
};
const DEFAULT_SETTINGS: Record<DepartmentBackend, FaultSettings> = {
  market: MARKET_DEFAULTS, tax: TAX_DEFAULTS, 'medical-insurance': MEDICAL_INSURANCE_DEFAULTS, 'real-estate': REAL_ESTATE_DEFAULTS,
};

export interface StartBackendsOptions {
  dataset?: DatasetOptions;
  /** Port per backend; 0 picks a free one. Defaults to the env or DEFAULT_PORTS. */
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

function portFromEnv(name: DepartmentBackend, env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[PORT_ENV[name]];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${PORT_ENV[name]} must be a port number, got "${raw}"`);
  return port;
}

/** Starts the four department stand-ins in this process, sharing one generated dataset. */
export async function startBackends(options: StartBackendsOptions = {}): Promise<RunningBackends> {
  const env = options.env ?? process.env;
  const dataset = getDataset(options.dataset);
  const settingsFor = (name: DepartmentBackend): FaultSettings => ({
    ...faultSettingsFromEnv(SIM_ENV_PREFIX[name], DEFAULT_SETTINGS[name], env),
    ...options.settings?.[name],
  });
  const sims: Record<DepartmentBackend, SimServer> = {
    market: createMarketBackend(dataset, { settings: settingsFor('market') }),
    tax: createTaxBackend(dataset, { settings: settingsFor('tax') }),
    'medical-insurance': createMedicalInsuranceBackend(dataset, { settings: settingsFor('medical-insurance') }),
    'real-estate': createRealEstateBackend(dataset, { settings: settingsFor('real-estate') }),
  };
  const host = options.host ?? '127.0.0.1';
  const urls = {} as Record<DepartmentBackend, string>;
  try {
    for (const name of DEPARTMENT_BACKENDS) {
      const port = options.ports?.[name] ?? portFromEnv(name, env) ?? DEFAULT_PORTS[name];
      urls[name] = `http://${host}:${await sims[name].listen(port, host)}`;
    }
  } catch (error) {
    await Promise.all(Object.values(sims).map((s) => s.close().catch(() => undefined)));
    throw error;
  }
  return { dataset, urls, sims, close: async () => void (await Promise.all(Object.values(sims).map((s) => s.close()))) };
}
