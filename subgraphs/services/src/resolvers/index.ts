import { Query } from './Query.ts';
import { Building, BuildingStaff } from './Building.ts';
import { Enterprise } from './Enterprise.ts';
import { AuditEnterprise, AuditMutation } from '../audit/resolvers.ts';
import { Bundle, BundleMutation, BundleQuery, BundleStepType } from '../bundles/resolvers.ts';

export const resolvers = {
  Query: { ...Query, ...BundleQuery },
  Mutation: { ...AuditMutation, ...BundleMutation },
  Bundle,
  BundleStep: BundleStepType,
  Building, BuildingStaff, Enterprise: { ...Enterprise, ...AuditEnterprise } };
