import { MORTGAGE_METHOD_LABEL, SEIZURE_KIND_LABEL } from './codes.ts';
import type { Holdings, PropertyRight } from './domain.ts';
import { holderNameFor } from './privacy.ts';

/**
 * The registry's dated events in an enterprise's life (LifecycleEvent in packages/subgraph-kit/src/schema),
 * derived from its records: the registry keeps registrations, not an event log. The services
 * subgraph merges them into one timeline (@requires), so titles are short Chinese summaries and
 * details never carry personal data.
 */

export type RealEstateEventKind =
  | 'PROPERTY_ACQUIRED' | 'HOLDER_RENAMED' | 'MORTGAGED' | 'MORTGAGE_RELEASED' | 'SEIZED' | 'SEIZURE_LIFTED' | 'PROPERTY_DISPOSED';

export interface RealEstateEvent {
  at: string;
  department: 'REAL_ESTATE';
  kind: RealEstateEventKind;
  title: string;
  detail: string | null;
}

const event = (at: string, kind: RealEstateEventKind, title: string, detail: string | null = null): RealEstateEvent =>
  ({ at, department: 'REAL_ESTATE', kind, title, detail });

/** Right records per unit, oldest first: a 变更登记 is a rename only against the record it replaced. */
function chainsByUnit(rights: PropertyRight[]): PropertyRight[][] {
  const chains = new Map<string, PropertyRight[]>();
  for (const r of rights) chains.set(r.unitNo, [...(chains.get(r.unitNo) ?? []), r]);
  return [...chains.values()].map((chain) => chain.sort((a, b) => a.registeredOn.localeCompare(b.registeredOn)));
}

function rightEvents(h: Holdings): RealEstateEvent[] {
  const out: RealEstateEvent[] = [];
  // One 权利人名称变更登记 covers every unit at once: one event per date and new name, not one per unit.
  const renames = new Map<string, { at: string; from: string; to: string; units: number }>();
  for (const chain of chainsByUnit(h.rights)) {
    chain.forEach((r, i) => {
      const previous = chain[i - 1];
      if (r.registrationType === 'FIRST' || r.registrationType === 'TRANSFER') {
        out.push(event(r.registeredOn, 'PROPERTY_ACQUIRED', r.registrationType === 'FIRST' ? '不动产首次登记' : '不动产转移登记（取得）', r.location || null));
      } else if (r.registrationType === 'CHANGE' && previous && previous.holderName !== r.holderName) {
        const [from, to] = [holderNameFor(previous), holderNameFor(r)];
        const key = `${r.registeredOn}|${to}`;
        const seen = renames.get(key);
        if (seen) seen.units++;
        else renames.set(key, { at: r.registeredOn, from, to, units: 1 });
      }
      const disposed = r.status === 'HISTORICAL' && r.endedOn && (r.endedBy === 'TRANSFER' || r.endedBy === 'CANCELLATION');
      if (disposed) {
        out.push(event(r.endedOn!, 'PROPERTY_DISPOSED', r.endedBy === 'TRANSFER' ? '不动产转移登记（转出）' : '不动产注销登记', r.location || null));
      }
    });
  }
  for (const r of renames.values()) {
    out.push(event(r.at, 'HOLDER_RENAMED', '权利人名称变更登记', `${r.from} → ${r.to}${r.units > 1 ? `（${r.units}个不动产单元）` : ''}`));
  }
  return out;
}

export function realEstateEvents(h: Holdings): RealEstateEvent[] {
  const events = rightEvents(h);
  for (const m of h.mortgages) {
    // The amount stays out of the timeline: a reader allowed the timeline may not be allowed amounts.
    events.push(event(m.registeredOn, 'MORTGAGED', `抵押登记（${MORTGAGE_METHOD_LABEL[m.method]}）`, `抵押权人：${m.mortgagee}`));
    if (m.releasedOn) events.push(event(m.releasedOn, 'MORTGAGE_RELEASED', '抵押权注销登记', `抵押权人：${m.mortgagee}`));
  }
  for (const s of h.seizures) {
    events.push(event(s.registeredOn, 'SEIZED', `查封登记（${SEIZURE_KIND_LABEL[s.kind]}）`, `${s.authority} ${s.documentNo}`));
    if (s.liftedOn) events.push(event(s.liftedOn, 'SEIZURE_LIFTED', '解除查封', `${s.authority} ${s.documentNo}`));
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
