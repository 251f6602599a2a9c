import type { Dataset } from '@district/dataset';
import type { SimReply } from '../sim/server.ts';
import { IdempotencyStore } from '../sim/idempotency.ts';
import type { Holdings, PropertyRight } from './model.ts';
import { deriveHoldings } from './records.ts';
import { certificateNumber } from './unit-number.ts';

/**
 * Writes since start, as an overlay over the derived records: the derivation stays pure and
 * shared, and resetState() simply forgets the overlay.
 */

/** Certificates issued by writes are numbered from here, above every derived certificate's code (records.ts). */
const WRITE_CODE_BASE = 5_000_000;

/** One 权利人名称变更登记 as registered: each current right it closed, and the right that replaced it. */
interface NameChange {
  newName: string;
  replacements: { closed: string; opened: PropertyRight }[];
}

export interface NameChangeResult {
  businessNo: string;
  oldName: string;
  replaced: { unitNo: string; oldCertificateNo: string; newCertificateNo: string }[];
}

export class RegistryState {
  private readonly changes = new Map<string, NameChange[]>();
  private writes = 0;
  /** Replies to writes by sender and SerialNo (Head/SerialNo is the idempotency key). */
  readonly idempotency = new IdempotencyStore<SimReply>();

  constructor(private readonly dataset: Dataset) {}

  /** The holder's records with writes applied; undefined for a certificate number the district does not know. */
  holdings(uscc: string): Holdings | undefined {
    const e = this.dataset.byUscc.get(uscc);
    if (!e) return undefined;
    const base = deriveHoldings(e, this.dataset);
    const changes = this.changes.get(uscc);
    if (!changes) return base;
    let rights = base.rights;
    let holderName = base.holderName;
    for (const change of changes) {
      const closed = new Map(change.replacements.map((r) => [r.closed, r.opened]));
      rights = rights.flatMap((r) => {
        const opened = closed.get(r.certificateNo);
        return opened ? [{ ...r, state: '历史' as const, endedOn: opened.registeredOn, endReason: '变更登记' as const }, opened] : [r];
      });
      holderName = change.newName;
    }
    return { ...base, rights, holderName };
  }

  /**
   * Registers the change of name on every current right: each is closed (历史, 变更登记) and a new
   * record with a new certificate (换证) carries the new name. Mortgages keep the 抵押人 they were
   * registered with: renaming the mortgagor is the bank's own 抵押权变更登记.
   */
  changeHolderName(uscc: string, newName: string, at: { date: string; time: string }): NameChangeResult {
    const before = this.holdings(uscc);
    if (!before) throw new Error(`no holdings for ${uscc}`);
    const current = before.rights.filter((r) => r.state === '现势');
    this.writes++;
    const replacements = current.map((r, i) => ({
      closed: r.certificateNo,
      opened: {
        certificateNo: certificateNumber('title', Number(at.date.slice(0, 4)), WRITE_CODE_BASE + this.writes * 64 + i),
        unitNo: r.unitNo, holderName: newName, holderId: uscc, nature: r.nature,
        registrationType: '变更登记', registeredOn: at.date, registeredTime: at.time, state: '现势',
      } satisfies PropertyRight,
    }));
    const list = this.changes.get(uscc) ?? [];
    list.push({ newName, replacements });
    this.changes.set(uscc, list);
    return {
      businessNo: `${at.date.replaceAll('-', '')}${String(this.writes).padStart(6, '0')}`,
      oldName: before.holderName ?? '',
      replaced: replacements.map((r) => ({ unitNo: r.opened.unitNo, oldCertificateNo: r.closed, newCertificateNo: r.opened.certificateNo })),
    };
  }

  reset(): void {
    this.changes.clear();
    this.idempotency.clear();
    this.writes = 0;
  }
}
