import { Query } from './Query.ts';
import { Building, BuildingStaff } from './Building.ts';
import { Enterprise } from './Enterprise.ts';
import { AuditEnterprise, AuditMutation } from '../audit/resolvers.ts';

export const resolvers = { Query, Mutation: AuditMutation, Building, BuildingStaff, Enterprise: { ...Enterprise, ...AuditEnterprise } };
