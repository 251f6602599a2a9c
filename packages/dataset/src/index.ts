import type { Dataset, Enterprise, EntityClass } from './types.ts';
import { createRng, rngFor } from './rng.ts';
import { generateBuildings } from './buildings.ts';
import { buildUscc } from '@district/domain';
import { generateEnterprise, makeBranch, orgBody, type GenerateContext } from './enterprises.ts';
import { SAMPLE_BUILDINGS, SAMPLE_ENTERPRISES } from './samples.ts';

export type { AbnormalReason, Building, ChangeRecord, Dataset, Enterprise, EntityClass, Person, PropertyFacts, RegistrationStatus, Trouble } from './types.ts';
export { SAMPLE_USCC, SAMPLE_BUILDINGS, SAMPLE_ENTERPRISES } from './samples.ts';
export { rngFor, createRng, hash32, type Rng } from './rng.ts';
export * as dates from './dates.ts';
export { AMENITIES, buildingKind, vacantUnits, vacantUnitsOf, type Amenity, type BuildingKind, type UnitOffer, type VacantUnit } from './premises.ts';

export interface DatasetOptions {
  /** Default 20261101: same seed, same district. */
  seed?: number;
  /** Default 23,400 enterprises. */
  enterprises?: number;
  /** Default 130 buildings. */
  buildings?: number;
  /** Share of enterprises registered in one of the buildings, default 0.8. */
  housedShare?: number;
  /** The dataset's today, default 2026-11-01. */
  asOf?: string;
}

export const DEFAULT_SEED = 20261101;

/** Generates the district. Pure: the same options always give the same dataset. */
export function generateDataset(options: DatasetOptions = {}): Dataset {
  const seed = options.seed ?? DEFAULT_SEED;
  const total = options.enterprises ?? 23_400;
  const buildingCount = options.buildings ?? 130;
  const asOf = options.asOf ?? '2026-11-01';
  const housed = Math.round(total * (options.housedShare ?? 0.8));

  const { buildings, sizes } = generateBuildings(seed, buildingCount, housed);
  const samplesPerBuilding = new Map<string, number>();
  for (const s of SAMPLE_ENTERPRISES) if (s.buildingId) samplesPerBuilding.set(s.buildingId, (samplesPerBuilding.get(s.buildingId) ?? 0) + 1);

  // One slot per enterprise to generate: a building id or null (registered elsewhere in the district).
  const slots: (string | null)[] = [];
  buildings.forEach((b, i) => {
    for (let k = samplesPerBuilding.get(b.id) ?? 0; k < sizes[i]; k++) slots.push(b.id);
  });
  while (slots.length < total - SAMPLE_ENTERPRISES.length) slots.push(null);
  const shuffle = createRng(seed ^ 0x5107);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle.next() * (i + 1));
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }

  const ctx: GenerateContext = { seed, asOf, buildingById: new Map(buildings.map((b) => [b.id, b])), usedNames: new Set(SAMPLE_ENTERPRISES.map((e) => e.name)) };
  const usccs = new Set(SAMPLE_ENTERPRISES.map((e) => e.uscc));
  const enterprises: Enterprise[] = [...SAMPLE_ENTERPRISES];
  const parents: Enterprise[] = [];
  let index = 0;
  for (const buildingId of slots) {
    const crng = rngFor(seed, 'class', String(index));
    const entityClass: EntityClass = buildingId
      ? (crng.chance(0.03) ? 'INDIVIDUAL_BUSINESS' : 'ENTERPRISE')
      : crng.weighted<EntityClass>([['INDIVIDUAL_BUSINESS', 60], ['COOPERATIVE', 2.5], ['ENTERPRISE', 37.5]]);
    let e = generateEnterprise(ctx, index++, buildingId, entityClass);
    while (usccs.has(e.uscc)) e = generateEnterprise(ctx, index++, buildingId, entityClass);
    if (e.entityClass === 'ENTERPRISE' && parents.length > 50 && crng.chance(0.05)) {
      const branchIndex = index - 1;
      e = makeBranch(e, parents[Math.floor(crng.next() * parents.length)], crng, asOf,
        (since2015) => buildUscc('9', '1', '370212', orgBody(branchIndex, since2015)));
      if (usccs.has(e.uscc)) continue;
    } else if (e.entityClass === 'ENTERPRISE' && /^1[12]/.test(e.typeCode ?? '')) {
      parents.push(e);
    }
    usccs.add(e.uscc);
    enterprises.push(e);
  }

  return {
    seed, asOf, buildings, enterprises,
    byUscc: new Map(enterprises.map((e) => [e.uscc, e])),
    buildingById: new Map(buildings.map((b) => [b.id, b])),
  };
}

let cached: { key: string; dataset: Dataset } | undefined;

/** The dataset for these options, generated once per process (the four stand-ins share it when co-hosted). */
export function getDataset(options: DatasetOptions = {}): Dataset {
  const key = JSON.stringify(options);
  if (cached?.key !== key) cached = { key, dataset: generateDataset(options) };
  return cached.dataset;
}

export { SAMPLE_BUILDINGS as sampleBuildings };
