import { Mutation } from './Mutation.ts';
import { Enterprise } from './Enterprise.ts';
import { PropertyRight } from './PropertyRight.ts';
import { PropertyUnit } from './PropertyUnit.ts';
import { Query } from './Query.ts';
import { RealEstateHoldings } from './RealEstateHoldings.ts';

export const resolvers = { Query, Mutation, Enterprise, RealEstateHoldings, PropertyRight, PropertyUnit };
