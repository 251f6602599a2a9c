import { Enterprise } from './Enterprise.ts';
import { Mutation } from './Mutation.ts';
import { TaxProfile } from './TaxProfile.ts';

/** Enums resolve to their names (the mapping already produced them); scalars come from common. */
export const resolvers = { Enterprise, TaxProfile, Mutation };
