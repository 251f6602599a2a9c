export { createClient, persistedIdOf, type Client, type ClientOptions, type GraphQLError, type Result } from './client.ts';
export { buildingDashboard, enterpriseLifecycle, openEnterprise, type DashboardRow } from './screens.ts';
