/**
 * `node dist/scripts/healthcheck.js [name]`: the container's HEALTHCHECK. Asks the process named
 * like `part.ts` (argument, else PART) on each of its ports, on the loopback interface, whether it
 * is alive: `/health/live` for the gateway, the subgraphs and any other process; the department
 * stand-ins' control surface (`/__sim/stats`, CONTRACT.md) for them. Exit 0 when every answer is
 * 200 within 3 s, 1 otherwise, with one line saying what failed.
 */
import { portOf, type Part } from '@district/parts';
import { processOf } from './processes.ts';

const ANSWER_WITHIN_MS = 3_000;
const livenessPath = (part: Part) => (part.kind === 'backend' ? '/__sim/stats' : '/health/live');

const name = process.argv[2] ?? process.env.PART;
const target = name ? processOf(name) : undefined;
if (!target) {
  console.error(`healthcheck: ${name ? `no part "${name}"` : 'name a part (argument or PART)'}`);
  process.exit(1);
}
const failures = (await Promise.all(target.parts.map(async (part) => {
  const url = `http://127.0.0.1:${portOf(part, process.env)}${livenessPath(part)}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    await res.arrayBuffer();
    return res.status === 200 ? null : `${url}: ${res.status}`;
  } catch (error) {
    return `${url}: ${(error as Error).name === 'TimeoutError' ? `no answer within ${ANSWER_WITHIN_MS} ms` : (error as Error).message}`;
  }
}))).filter((f) => f !== null);
if (failures.length) {
  console.error(`healthcheck: ${failures.join('; ')}`);
  process.exit(1);
}
