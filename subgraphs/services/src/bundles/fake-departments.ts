import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/common';
import type { StepKey } from './definitions.ts';
import type { DepartmentWrite, DepartmentWrites, StepResult } from './departments.ts';

/**
 * A fake of the four departments for tests: idempotent by key like the real ones (the same key
 * replays the first answer and registers nothing twice), with scripted outages, refusals and
 * "crashes" (the department writes, the worker never hears back until released).
 */
export type Scripted = 'UNAVAILABLE' | 'REJECTED' | 'HANG';

export class FakeDepartments implements DepartmentWrites {
  readonly calls: DepartmentWrite[] = [];
  /** Registrations actually made, by idempotency key, in order. */
  readonly registered = new Map<string, { call: DepartmentWrite; result: StepResult }>();
  private readonly script = new Map<StepKey, Scripted[]>();
  private readonly hung: (() => void)[] = [];
  private seq = 0;

  /** The next calls of `step` meet these outcomes, in order, before succeeding. */
  on(step: StepKey, ...outcomes: Scripted[]): this {
    this.script.set(step, [...(this.script.get(step) ?? []), ...outcomes]);
    return this;
  }

  /** Lets hung calls answer (the worker that made them may have lost its lease meanwhile). */
  release(): void {
    for (const r of this.hung.splice(0)) r();
  }

  registrationsBy(department: string): number {
    return [...this.registered.values()].filter((r) => r.call.department === department).length;
  }

  async write(call: DepartmentWrite): Promise<StepResult> {
    this.calls.push(call);
    const outcome = this.script.get(call.step)?.shift();
    if (outcome === 'UNAVAILABLE') throw new DepartmentUnavailableError(call.department, 'OUTAGE');
    if (outcome === 'REJECTED') throw new DepartmentRejectedError(call.department, 'refused', { reasons: [`${call.step} 被拒绝: 存在欠费 — arrears outstanding`] });
    let done = this.registered.get(call.idempotencyKey);
    if (!done) {
      done = { call, result: this.produce(call) };
      this.registered.set(call.idempotencyKey, done);
    }
    if (outcome === 'HANG') await new Promise<void>((resolve) => this.hung.push(resolve));
    return done.result;
  }

  private produce(call: DepartmentWrite): StepResult {
    const n = String(++this.seq).padStart(4, '0');
    switch (call.step) {
      case 'MARKET_ESTABLISH': return { uscc: '91370212MA3C12346X', licenceNo: `LIC-${n}`, establishedOn: '2026-11-01' };
      case 'MARKET_CHANGE': return { changedOn: '2026-11-01' };
      case 'MARKET_DEREGISTER': return { deregisteredOn: '2026-11-01' };
      case 'TAX_CONFIRM': return { taxConfirmationNo: `TC-${n}` };
      case 'TAX_CLEARANCE': return { taxClearanceNo: `QS-${n}` };
      case 'INSURANCE_REGISTER': case 'INSURANCE_CHANGE': return { insuranceEmployerNo: `YB-${n}` };
      case 'INSURANCE_CLOSE': return { insuranceClosedEmployerNo: `YB-${n}` };
      case 'REAL_ESTATE_RENAME': return { renamedCertificateNos: [`鲁(2026)青岛市崂山区不动产权第${n}号`] };
    }
  }
}
