import { Query } from './Query.ts';
import { Building, BuildingStaff } from './Building.ts';
import { Enterprise } from './Enterprise.ts';

export const resolvers = { Query, Building, BuildingStaff, Enterprise };
