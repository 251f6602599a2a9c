import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import type { CalledDepartment, StepKey, StepResult } from '../bundles/definitions.ts';
import type { ExitRepresentation } from '../bundles/readiness.ts';
import type { DepartmentClient } from './client.ts';
import { DepartmentsUnavailableError, type RegistryFacts } from './facts.ts';
import type { DepartmentWrite } from './writes.ts';

/**
 * A fake of the department client (client.ts) for tests, the four departments behind it:
 * idempotent by key like the real ones (the same key replays the first answer and registers
 * nothing twice), with scripted outages, refusals and "crashes" (the department writes, the worker
 * never hears back until released).
 */
export type Scripted = 'UNAVAILABLE' | 'REJECTED' | 'HANG';

/** What the fake departments know of an enterprise not scripted otherwise: nothing in the way. */
export const CLEAN_FACTS: Omit<ExitRepresentation, 'uscc'> = {
  registration: { status: 'EXISTING', onAbnormalList: false, type: { code: '1130' }, branches: [] },
  tax: { status: 'NORMAL', hasArrears: false },
  medicalInsurance: { hasArrears: false },
  realEstate: { currentUnitCount: 0, hasSeizure: false },
};

export class FakeDepartments implements DepartmentClient {
  readonly calls: DepartmentWrite[] = [];
  /** Precondition reads made, in order. */
  readonly reads: { kind: 'exit' | 'registry' | 'enterprise'; uscc?: string; name?: string }[] = [];
  /** Per USCC, what the departments know (merged over CLEAN_FACTS; a part set to null: no record). */
  readonly facts = new Map<string, Partial<Omit<ExitRepresentation, 'uscc'>>>();
  /** Registered names and their holders. */
  readonly names = new Map<string, string>();
  /** Per USCC, the building the registry places it in (buildingOf). */
  readonly buildings = new Map<string, string>();
  /** Departments that cannot be read just now. */
  readonly down = new Set<CalledDepartment>();
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

  async exitFacts(uscc: string): Promise<ExitRepresentation> {
    this.reads.push({ kind: 'exit', uscc });
    if (this.down.size) throw new DepartmentsUnavailableError([...this.down].map((department) => ({ department, reason: 'OUTAGE' })));
    return { uscc, ...CLEAN_FACTS, ...this.facts.get(uscc) };
  }

  async registry({ uscc, name }: { uscc?: string; name?: string }): Promise<RegistryFacts> {
    this.reads.push({ kind: 'registry', uscc, name });
    if (this.down.has('MARKET')) throw new DepartmentsUnavailableError([{ department: 'MARKET', reason: 'OUTAGE' }]);
    const registration = uscc ? { ...CLEAN_FACTS, ...this.facts.get(uscc) }.registration : null;
    return { registrationStatus: registration?.status ?? null, typeCode: registration?.type?.code ?? null, nameHolder: (name && this.names.get(name)) || null };
  }

  async buildingOf(uscc: string): Promise<string | null> {
    if (this.down.has('MARKET')) throw new DepartmentsUnavailableError([{ department: 'MARKET', reason: 'OUTAGE' }]);
    return this.buildings.get(uscc) ?? null;
  }

  /** Per USCC, each department's answer to a certificate's read (certificates/kinds.ts), as `_entities` gives it. */
  readonly entities = new Map<string, Record<string, any>>();

  async enterprise(department: CalledDepartment, uscc: string): Promise<Record<string, any>> {
    this.reads.push({ kind: 'enterprise', uscc });
    if (this.down.has(department)) throw new DepartmentsUnavailableError([{ department, reason: 'OUTAGE' }]);
    return { __typename: 'Enterprise', ...this.entities.get(uscc) };
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
