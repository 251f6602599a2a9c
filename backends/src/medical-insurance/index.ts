import { DEV_CREDENTIALS } from '@district/domain';
import type { Dataset } from '@district/dataset';
import { dates } from '@district/dataset';
import { createSimServer, type SimReply, type SimRequest, type SimServer } from '../sim/server.ts';
import type { FaultSettings } from '../sim/settings.ts';
import { CALL_SERVICE_PATH, FSI_ERROR, WRITE_INFNOS, type Infno } from './codes.ts';
import { Clock, FsiFailure, json, nativeReplies, parseRequest, type FsiRequest, type FsiResponse } from './envelope.ts';
import { arrears, contributions, employerInfo, headcounts } from './queries.ts';
import { EmployerStore } from './state.ts';
import { change, deregister, register } from './writes.ts';

/**
 * Stand-in for the 医保 (medical insurance) department system, in the style of the national
 * 医疗保障信息平台: one POST endpoint, transactions chosen by infno (交易编号), one employer per call.
 * Wire format and code tables: backends/docs/medical-insurance.md.
 */

export const MEDICAL_INSURANCE_DEFAULTS: FaultSettings = { latencyMs: 35, jitter: 0.3, errorRate: 0, outage: false, rateLimitPerSecond: 200 };

export interface MedicalInsuranceBackendOptions {
  settings?: FaultSettings;
  /** The one caller allowed in: recer_sys_code + sign_no. Defaults to DEV_CREDENTIALS.medicalInsurance. */
  credentials?: { senderCode: string; signNo: string };
  /** Clock for reply timestamps and the business date of writes. */
  now?: () => Date;
}

export { deriveEmployer } from './records.ts';
export type { EmployerRecord } from './records.ts';

type Handler = (store: EmployerStore, input: Record<string, unknown>, today: string) => unknown;
const HANDLERS: Record<Infno, Handler> = {
  '1301': employerInfo, '1302': headcounts, '1303': contributions, '1304': arrears,
  '3301': register, '3302': change, '3303': deregister,
};

export function createMedicalInsuranceBackend(dataset: Dataset, options: MedicalInsuranceBackendOptions = {}): SimServer {
  const credentials = options.credentials ?? DEV_CREDENTIALS.medicalInsurance;
  const clock = new Clock(options.now ?? (() => new Date()));
  const store = new EmployerStore(dataset);
  // The platform's business date: the dataset's today, or the wall clock once it has passed it.
  const today = () => dates.maxDate(dataset.asOf, clock.today());

  const answer = (message: FsiRequest, receivedAt: string): FsiResponse => {
    const run = () => clock.reply(HANDLERS[message.infno](store, message.input, today()), receivedAt);
    if (!WRITE_INFNOS.has(message.infno)) return run();
    // Only successful writes are remembered: a refusal (arrears, say) may succeed on a retry with
    // the same msgid once the cause is gone, which is what an orchestrator retrying a step expects.
    const outcome = store.messages.run(message.msgid, { infno: message.infno, input: message.input }, run);
    if ('conflict' in outcome) {
      throw new FsiFailure(FSI_ERROR.duplicateMsgid, `报文ID msgid ${message.msgid} 已用于另一笔不同内容的交易，请使用新的 msgid`);
    }
    return outcome.reply;
  };

  const callService = (req: SimRequest): SimReply => {
    const receivedAt = clock.stamp();
    try {
      const message = parseRequest(req.body, (code, sign) => code === credentials.senderCode && sign === credentials.signNo);
      // Per-transaction counters (infno.<code>), since the shell only sees the one route.
      req.count(`infno.${message.infno}`);
      return json(answer(message, receivedAt));
    } catch (error) {
      if (error instanceof FsiFailure) return json(clock.failure(error.code, error.text, receivedAt));
      throw error; // the shell renders it as the native internal error, without details
    }
  };

  return createSimServer({
    name: 'medical-insurance',
    settings: options.settings ?? MEDICAL_INSURANCE_DEFAULTS,
    replies: nativeReplies(clock),
    routes: [{ method: 'POST', path: CALL_SERVICE_PATH, name: 'callService', handle: callService }],
    resetState: () => store.reset(),
  });
}
