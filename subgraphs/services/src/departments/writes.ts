import { randomUUID } from 'node:crypto';
import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import type { CalledDepartment, StepKey, StepResult } from '../bundles/definitions.ts';
import type { DepartmentPost } from './subgraphs.ts';

/**
 * The department writes a bundle step makes, behind one small interface so tests use a fake and
 * the worker never sees HTTP. Every call carries an idempotency key derived from the bundle id and
 * the step key: a retry (after an outage or a crash) repeats the same key, and the department
 * answers the first registration again instead of registering twice.
 *
 * Errors: DepartmentUnavailableError (retry later) or DepartmentRejectedError (a business refusal,
 * with reasons: do not retry). Anything else is treated as unavailable.
 */
export interface DepartmentWrite {
  step: StepKey;
  department: CalledDepartment;
  idempotencyKey: string;
  /** The call's request id (the department's logs, and the step's access record); default a new one. */
  requestId?: string;
  /** The department mutation's input, without idempotencyKey. */
  input: Record<string, unknown>;
}

export interface DepartmentWrites {
  write(call: DepartmentWrite): Promise<StepResult>;
}

/**
 * Each step's department mutation (`@inaccessible` on the department subgraphs, called directly
 * with a context signed as role system), the selection asked for, and how the answer maps onto the
 * results package. One table, so aligning with the departments' schemas is a change here only.
 */
export const STEP_MUTATIONS: Record<StepKey, { department: CalledDepartment; field: string; inputType: string; selection: string; toResult: (data: any) => StepResult }> = {
  // Aligned with subgraphs/market/src/schema.graphql.
  MARKET_ESTABLISH: { department: 'MARKET', field: 'marketEstablish', inputType: 'MarketEstablishInput', selection: 'uscc licenceNo establishedOn', toResult: (d) => ({ uscc: d.uscc, licenceNo: d.licenceNo, establishedOn: d.establishedOn }) },
  MARKET_CHANGE: { department: 'MARKET', field: 'marketChange', inputType: 'MarketChangeInput', selection: 'uscc changedOn', toResult: (d) => ({ changedOn: d.changedOn }) },
  MARKET_DEREGISTER: { department: 'MARKET', field: 'marketDeregister', inputType: 'MarketDeregisterInput', selection: 'uscc deregisteredOn', toResult: (d) => ({ deregisteredOn: d.deregisteredOn }) },
  // Selections aligned with the tax, medical-insurance and real-estate schemas; their inputs are not yet checked end to end.
  TAX_CONFIRM: { department: 'TAX', field: 'taxConfirmNewTaxpayer', inputType: 'TaxConfirmNewTaxpayerInput', selection: 'uscc registeredOn', toResult: (d) => ({ taxRegisteredOn: d.registeredOn ?? null }) },
  TAX_CLEARANCE: { department: 'TAX', field: 'taxApplyClearance', inputType: 'TaxApplyClearanceInput', selection: 'uscc certificateNo', toResult: (d) => ({ taxClearanceNo: d.certificateNo ?? null }) },
  INSURANCE_REGISTER: { department: 'MEDICAL_INSURANCE', field: 'insuranceRegisterEmployer', inputType: 'InsuranceRegisterEmployerInput', selection: 'employerNo', toResult: (d) => ({ insuranceEmployerNo: d.employerNo ?? null }) },
  INSURANCE_CHANGE: { department: 'MEDICAL_INSURANCE', field: 'insuranceChangeEmployer', inputType: 'InsuranceChangeEmployerInput', selection: 'employerNo', toResult: (d) => ({ insuranceEmployerNo: d.employerNo ?? null }) },
  INSURANCE_CLOSE: { department: 'MEDICAL_INSURANCE', field: 'insuranceCloseEmployer', inputType: 'InsuranceCloseEmployerInput', selection: 'employerNo', toResult: (d) => ({ insuranceClosedEmployerNo: d.employerNo ?? null }) },
  REAL_ESTATE_RENAME: { department: 'REAL_ESTATE', field: 'realEstateRenameHolder', inputType: 'RealEstateRenameHolderInput', selection: 'uscc renamedRights', toResult: (d) => ({ renamedRights: String(d.renamedRights ?? 0) }) },
};

/**
 * The real writes: the departments' own subgraph mutations. The department subgraphs do not record
 * these calls; the worker records each on the access record itself (audit/records.ts).
 */
export function writesOver(post: DepartmentPost): DepartmentWrites {
  return {
    async write(call) {
      const m = STEP_MUTATIONS[call.step];
      const { department } = m;
      const query = `mutation($input: ${m.inputType}!) { ${m.field}(input: $input) { ${m.selection} } }`;
      const caller = { sub: 'bundle-worker', role: 'system', requestId: call.requestId ?? randomUUID(), caseId: call.idempotencyKey.split(':')[0] } as const;
      const reply = await post(department, caller, query, { input: { ...call.input, idempotencyKey: call.idempotencyKey } });
      if (!reply.ok) {
        throw reply.reason === 'BAD_RESPONSE'
          ? new DepartmentUnavailableError(department, 'BAD_RESPONSE', { httpStatus: reply.status, retryable: true })
          : new DepartmentUnavailableError(department, reply.reason);
      }
      const error = reply.body.errors?.[0];
      if (error) {
        const code = error.extensions?.code;
        if (code === 'DEPARTMENT_REJECTED') {
          throw new DepartmentRejectedError(department, error.message, { reasons: (error.extensions?.reasons as string[] | undefined) ?? [error.message] });
        }
        if (code === 'DEPARTMENT_UNAVAILABLE') throw new DepartmentUnavailableError(department, 'OUTAGE');
        // Any other error (validation, FORBIDDEN, …) will not fix itself by retrying.
        throw new DepartmentRejectedError(department, error.message, { reasons: [`${String(code ?? 'ERROR')}: ${error.message}`] });
      }
      const data = reply.body.data?.[m.field];
      if (!data) throw new DepartmentUnavailableError(department, 'BAD_RESPONSE', { httpStatus: reply.status, retryable: true });
      return m.toResult(data);
    },
  };
}
