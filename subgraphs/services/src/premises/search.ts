import { z } from 'zod';
import { AMENITIES } from '@district/dataset';
import { badUserInput } from '@district/domain';
import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import type { Db } from '../store/db.ts';
import { searchVacantUnits, type VacantUnitOrder, type VacantUnitQuery } from '../store/premises.ts';

/**
 * 掌上选址: `vacantUnits(filter, orderBy, first, after)`. Listings are public (招商 is advertised),
 * so any caller the gateway let in may search; what they link to (the building's 楼小二) keeps its
 * own @sensitivity. The filter is checked here, at the edge, so a reversed or negative range is
 * BAD_USER_INPUT naming every problem instead of an empty page that looks like "nothing free".
 */

const area = z.number().finite().min(0, 'must not be negative').max(1_000_000, 'must be at most 1000000 m²');
const rent = z.number().finite().min(0, 'must not be negative').max(1_000, 'must be at most 1000 元/m²·天');
const floor = z.number().int().min(1, 'floors count from 1').max(200, 'must be at most 200');

const FilterSchema = z.object({
  street: z.string().trim().min(1).max(40).optional(),
  buildingId: z.string().trim().min(1).max(40).optional(),
  buildingKind: z.enum(['OFFICE', 'COMMERCIAL_COMPLEX', 'INDUSTRIAL_PARK']).optional(),
  offer: z.enum(['RENT', 'SALE']).optional(),
  minFloorArea: area.optional(),
  maxFloorArea: area.optional(),
  minRentPerSqmPerDay: rent.optional(),
  maxRentPerSqmPerDay: rent.optional(),
  minFloor: floor.optional(),
  maxFloor: floor.optional(),
  amenities: z.array(z.enum(AMENITIES)).max(AMENITIES.length).optional(),
}).strict();

/**
 * Bounds that only make sense together, checked on the values as given (beside the shape's own
 * problems, not after them): every problem is named at once.
 */
function rangeProblems(f: Record<string, unknown>): string[] {
  const num = (k: string) => (typeof f[k] === 'number' && Number.isFinite(f[k]) ? (f[k] as number) : undefined);
  const problems: string[] = [];
  for (const [min, max] of [['minFloorArea', 'maxFloorArea'], ['minRentPerSqmPerDay', 'maxRentPerSqmPerDay'], ['minFloor', 'maxFloor']]) {
    const lo = num(min), hi = num(max);
    if (lo !== undefined && hi !== undefined && lo > hi) problems.push(`filter.${max}: must not be below ${min}`);
  }
  // A rent bound on a search for sale would silently drop every for-sale-only unit: say so instead.
  if (f.offer === 'SALE' && (f.minRentPerSqmPerDay !== undefined || f.maxRentPerSqmPerDay !== undefined)) {
    problems.push('filter.offer: a rent range does not apply to units offered for sale only');
  }
  return problems;
}

/** GraphQL gives absent fields as missing and explicit nulls as null: both mean "no bound". */
const withoutNulls = (filter: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== null && v !== undefined));

export function parseFilter(filter: Record<string, unknown> | null | undefined): VacantUnitQuery {
  const given = withoutNulls(filter ?? {});
  const parsed = FilterSchema.safeParse(given);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${['filter', ...i.path].join('.')}: ${i.message}`)),
    ...rangeProblems(given),
  ];
  if (!parsed.success || problems.length) {
    throw badUserInput(`选址条件有误 — the vacant-unit filter is not valid: ${problems.join('; ')}`, { argument: 'filter', problems });
  }
  const f = parsed.data;
  // Areas and rents compare as integers (hundredths of m², fen) so that a bound equal to a listed value matches it.
  const hundredths = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 100));
  return {
    street: f.street, buildingId: f.buildingId, buildingKind: f.buildingKind, offer: f.offer,
    minFloorAreaHundredths: hundredths(f.minFloorArea), maxFloorAreaHundredths: hundredths(f.maxFloorArea),
    minRentFen: hundredths(f.minRentPerSqmPerDay), maxRentFen: hundredths(f.maxRentPerSqmPerDay),
    minFloor: f.minFloor, maxFloor: f.maxFloor, amenities: f.amenities,
  };
}

export async function vacantUnits(db: Db, args: { filter?: Record<string, unknown> | null; orderBy?: VacantUnitOrder | null; first?: number | null; after?: string | null }) {
  const query = parseFilter(args.filter);
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const { rows, total } = await searchVacantUnits(db, query, args.orderBy ?? 'LOCATION', offset, limit);
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return { edges, totalCount: total, pageInfo: { hasNextPage: offset + rows.length < total, endCursor: edges.at(-1)?.cursor ?? null } };
}
