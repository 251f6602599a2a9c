import { DEV_CREDENTIALS } from '@district/domain';
import { getDataset } from '@district/dataset';
import { QUIET, type FaultSettings } from '../sim/settings.ts';
import { createMedicalInsuranceBackend, type MedicalInsuranceBackendOptions } from './index.ts';
import { CALL_SERVICE_PATH } from './codes.ts';
import type { FsiResponse } from './envelope.ts';

/** Test helpers: a backend on a free port and a caller that speaks the platform's envelope. */

/** A fixed business day just after the dataset's asOf (2026-11-01), Beijing time. */
export const FIXED_NOW = () => new Date('2026-11-02T02:00:00Z');

let sequence = 0;
/** 30 characters, as the platform expects: sender code + yyyyMMddHHmmss + sequence. */
export const newMsgid = () => `LSZWFW20261102100000${String(++sequence).padStart(10, '0')}`;

export function envelope(infno: string, input: unknown, overrides: Record<string, unknown> = {}) {
  return {
    infno, msgid: newMsgid(), mdtrtarea_admvs: '370212', insuplc_admdvs: '370212',
    recer_sys_code: DEV_CREDENTIALS.medicalInsurance.senderCode, infver: 'V1.0', opter_type: '1', opter: 'LS0001', opter_name: '测试经办',
    inf_time: '2026-11-02 10:00:00', fixmedins_code: 'LSZWFW', fixmedins_name: '崂山区政务服务平台',
    sign_no: DEV_CREDENTIALS.medicalInsurance.signNo, input, ...overrides,
  };
}

export async function startBackend(settings: Partial<FaultSettings> = {}, options: Omit<MedicalInsuranceBackendOptions, 'settings'> = {}) {
  const dataset = getDataset();
  const sim = createMedicalInsuranceBackend(dataset, { now: FIXED_NOW, ...options, settings: { ...QUIET, ...settings } });
  const base = `http://127.0.0.1:${await sim.listen(0)}`;
  const post = (body: string) => fetch(base + CALL_SERVICE_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  /** Sends a message and returns the parsed reply. */
  const send = async (message: unknown): Promise<FsiResponse> => (await post(JSON.stringify(message))).json() as Promise<FsiResponse>;
  const call = (infno: string, data: unknown, overrides: Record<string, unknown> = {}) => send(envelope(infno, { data }, overrides));
  const stats = async () => (await fetch(`${base}/__sim/stats`)).json();
  return { dataset, sim, base, post, send, call, stats };
}
