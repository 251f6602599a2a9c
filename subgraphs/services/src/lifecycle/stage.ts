/**
 * 生命周期阶段: the enterprise's current stage, derived from the departments' events, never
 * stored (鲁市监发〔2021〕37号 names six stages; see ../shared/domain.md §3).
 *
 * Rules, first match wins, judged at `today`:
 * 1. EXIT       — any exit event: deregistered, revoked, liquidation, moved out, tax clearance or
 *                 tax / insurance deregistration (an exit in progress counts).
 * 2. OPENING    — established within OPENING_DAYS, or not yet registered as a taxpayer.
 * 3. CHANGE     — a registered change (name, address, representative, capital, scope, holder
 *                 rename) within CHANGE_DAYS: the departments are catching up.
 * 4. INVESTMENT — property acquired or a branch established within INVESTMENT_DAYS.
 * 5. OPERATING  — otherwise.
 * LICENSING (准营) is part of the vocabulary, but no department feed carries permits yet, so it
 * is never derived; it will be when the permit system is federated.
 */

export type LifecycleStage = 'OPENING' | 'LICENSING' | 'OPERATING' | 'INVESTMENT' | 'CHANGE' | 'EXIT';

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  OPENING: '开办', LICENSING: '准营', OPERATING: '运营', INVESTMENT: '投资建设', CHANGE: '变更', EXIT: '退出',
};

export const OPENING_DAYS = 90;
export const CHANGE_DAYS = 90;
export const INVESTMENT_DAYS = 365;

export interface StageEvent {
  at: string;
  kind: string;
}

const EXIT_KINDS = new Set(['DEREGISTERED', 'REVOKED', 'LIQUIDATION_STARTED', 'MOVED_OUT', 'TAX_CLEARED', 'TAX_DEREGISTERED', 'INSURANCE_DEREGISTERED']);
const CHANGE_KINDS = new Set(['NAME_CHANGED', 'CHANGED', 'HOLDER_RENAMED']);
const INVESTMENT_KINDS = new Set(['PROPERTY_ACQUIRED', 'BRANCH_ESTABLISHED']);

const daysBetween = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** `taxKnown` is false when the tax department's events could not be read: absence then proves nothing. */
export function deriveStage(events: readonly StageEvent[], today: string, taxKnown = true): LifecycleStage {
  const within = (e: StageEvent, days: number) => e.at <= today && daysBetween(e.at, today) <= days;
  if (events.some((e) => EXIT_KINDS.has(e.kind) && e.at <= today)) return 'EXIT';
  const established = events.find((e) => e.kind === 'ESTABLISHED');
  const untaxed = taxKnown && !events.some((e) => e.kind === 'TAX_REGISTERED');
  if (established && (within(established, OPENING_DAYS) || untaxed)) return 'OPENING';
  if (events.some((e) => CHANGE_KINDS.has(e.kind) && within(e, CHANGE_DAYS))) return 'CHANGE';
  if (events.some((e) => INVESTMENT_KINDS.has(e.kind) && within(e, INVESTMENT_DAYS))) return 'INVESTMENT';
  return 'OPERATING';
}

/** Events oldest first; same-day events keep department order (market, tax, insurance, real estate). */
export function sortEvents<E extends StageEvent & { department: string }>(events: E[]): E[] {
  const order = ['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE', 'SERVICES'];
  return [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : order.indexOf(a.department) - order.indexOf(b.department)));
}
