import type { Building } from './types.ts';
import { createRng, rngFor } from './rng.ts';
import { personName, mobile } from './people.ts';
import { BUILDING_PREFIXES, BUILDING_SUFFIXES, ROADS, STREETS } from './vocabulary.ts';
import { SAMPLE_BUILDINGS } from './samples.ts';

/**
 * Office buildings of the 楼小二 programme, and how many enterprises each houses.
 *
 * Sizes follow a log-normal spread (σ = 0.85) over a floor of 8, scaled so the buildings together
 * house `housed` enterprises: most buildings hold a few dozen to a couple of hundred, a handful
 * several hundred, the smallest about a dozen, as the district reports describe.
 */
/** The largest building houses at most this many enterprises. */
export const MAX_BUILDING_SIZE = 640;

export function generateBuildings(seed: number, count: number, housed: number): { buildings: Building[]; sizes: number[] } {
  const rng = createRng(seed ^ 0xb111d);
  const buildings: Building[] = [];
  const usedNames = new Set<string>();
  const usedAddresses = new Set<string>();
  for (const sample of SAMPLE_BUILDINGS) {
    buildings.push(sample.building);
    usedNames.add(sample.building.name);
    usedAddresses.add(sample.building.address);
  }
  while (buildings.length < count) {
    const i = buildings.length + 1;
    let name: string;
    do name = rng.pick(BUILDING_PREFIXES) + rng.pick(BUILDING_SUFFIXES) + (rng.chance(0.2) ? `${rng.int(1, 6)}号楼` : '');
    while (usedNames.has(name));
    let address: string;
    do address = `山东省青岛市崂山区${rng.pick(ROADS)}${rng.int(1, 399)}号`;
    while (usedAddresses.has(address));
    usedNames.add(name);
    usedAddresses.add(address);
    const srng = rngFor(seed, 'building-staff', String(i));
    const staff = Array.from({ length: srng.int(1, 3) }, (_, k) => ({
      id: `LXE-${String(i).padStart(3, '0')}${k + 1}`,
      name: personName(srng),
      phone: mobile(srng),
    }));
    buildings.push({
      id: `LS-B${String(i).padStart(3, '0')}`,
      name,
      address,
      street: rng.weighted(STREETS.map((s, k) => [s, k < 2 ? 5 : 1] as const)),
      floors: rng.int(8, 42),
      completedYear: rng.int(1998, 2021),
      staff,
    });
  }

  // Log-normal weights via Box-Muller; sample buildings keep their documented sizes.
  const fixed = SAMPLE_BUILDINGS.map((s) => s.enterprises);
  const floor = 8;
  const weights = buildings.slice(fixed.length).map(() => {
    const u = Math.max(rng.next(), 1e-9), v = rng.next();
    return Math.exp(0.85 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
  const remaining = housed - fixed.reduce((a, b) => a + b, 0) - floor * weights.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const generated = weights.map((w) => floor + Math.round((w / total) * remaining));
  // Cap the largest at MAX_BUILDING_SIZE and spread what they lose evenly over the rest.
  let excess = 0;
  for (let i = 0; i < generated.length; i++) {
    if (generated[i] > MAX_BUILDING_SIZE) {
      excess += generated[i] - MAX_BUILDING_SIZE;
      generated[i] = MAX_BUILDING_SIZE;
    }
  }
  for (let i = 0; excess > 0; i = (i + 1) % generated.length) {
    if (generated[i] < MAX_BUILDING_SIZE - 1) {
      generated[i]++;
      excess--;
    }
  }
  return { buildings, sizes: [...fixed, ...generated] };
}
