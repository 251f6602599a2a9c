import { Building } from './Building.ts';
import { Enterprise } from './Enterprise.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Registration } from './Registration.ts';
import { RegistrationChange } from './RegistrationChange.ts';
import { RegistrationRepresentative } from './RegistrationRepresentative.ts';

export const resolvers = { Query, Mutation, Enterprise, Building, Registration, RegistrationRepresentative, RegistrationChange };
