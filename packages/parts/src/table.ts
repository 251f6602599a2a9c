import { PARTS, type Part } from './parts.ts';

/** What the gateway serves, for the table's first row. */
const GATEWAY_PATHS = '`/graphql`, `/`, `/certificates/<code>/pdf`, `/health/live`, `/health/ready`, `/metrics`';

const code = (v: string | undefined) => (v ? `\`${v}\`` : '—');
const underBase = (p: Part) => (p.defaultPort === 4000 ? 'B' : `B+${p.defaultPort - 4000}`);
/** What every other part serves besides its own: the operations surface. */
const OPS_PATHS = '`/health/live`, `/health/ready`, `/metrics`';
const label = (p: Part) => (p.kind === 'gateway' ? `gateway (${GATEWAY_PATHS})` : p.kind === 'backend' ? `${p.kind} ${p.name}` : `${p.kind} ${p.name} (${p.kind === 'worker' ? OPS_PATHS : `GraphQL at \`/\`, ${OPS_PATHS}`})`);

/**
 * The README's "Ports" table, made from the list (readme.test.ts keeps the README's copy equal to
 * it: when the list changes, paste what the test prints).
 */
export function portsTable(): string {
  return [
    '| part | default port | with `PORT_BASE=B` | port variable | the gateway routes to it by | other parts reach it by |',
    '|---|---|---|---|---|---|',
    ...PARTS.map((p) => `| ${label(p)} | ${p.defaultPort} | ${underBase(p)} | ${code(p.portVariable)} | ${code(p.urlVariables.gateway)} | ${code(p.urlVariables.direct)} |`),
  ].join('\n');
}
