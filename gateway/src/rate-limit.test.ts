import { afterEach, describe, expect, it } from 'vitest';
import { metricsRegistry } from '@district/runtime';
import type { Logger } from '@district/runtime';
import type { Caller } from '@district/domain';
import { readGatewayConfig } from './config.ts';
import { DEFAULT_ROLE_POINTS, RateLimitSettingsSchema, createRateLimiter, rateLimitedBody, subjectKey, type RateLimiter } from './rate-limit.ts';

const REDIS_URL = process.env.REDIS_URL || undefined;

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (a: unknown, b?: unknown) => void lines.push({ level, msg: String(typeof a === 'string' ? a : b) });
  return { lines, logger: { warn: at('warn'), info: at('info'), error: at('error'), debug: at('debug') } as unknown as Logger };
}

const settings = (points: string, extra: Record<string, string> = {}) => RateLimitSettingsSchema.parse({ RATE_LIMIT_POINTS: points, RATE_LIMIT_WINDOW_SECONDS: '60', ...extra });
const caller = (sub: string, role: Caller['role'] = 'window-staff'): Caller => ({ sub, role, requestId: 'r' });
const prefix = () => `t:ratelimit:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const open: RateLimiter[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});
const limiter = (o: Parameters<typeof createRateLimiter>[0]) => {
  const l = createRateLimiter(o);
  open.push(l);
  return l;
};

describe('rate-limit settings', () => {
  it('sizes every token role by default and takes role=points pairs over the defaults', () => {
    expect(RateLimitSettingsSchema.parse({}).RATE_LIMIT_POINTS).toEqual(DEFAULT_ROLE_POINTS);
    expect(settings('enterprise=5, window-staff = 7').RATE_LIMIT_POINTS).toEqual({ ...DEFAULT_ROLE_POINTS, enterprise: 5, 'window-staff': 7 });
    expect(Object.keys(DEFAULT_ROLE_POINTS).sort()).toEqual(['agent', 'auditor', 'building-staff', 'department-officer', 'enterprise', 'frontend-app', 'window-staff']);
  });

  it('refuses an unknown role or a bad number at start-up, naming the setting', () => {
    expect(() => readGatewayConfig({ RATE_LIMIT_POINTS: 'janitor=5' })).toThrow(/RATE_LIMIT_POINTS: must be role=points pairs.*roles: frontend-app, .*\(bad: "janitor=5"\)/);
    expect(() => readGatewayConfig({ RATE_LIMIT_POINTS: 'enterprise=0' })).toThrow(/RATE_LIMIT_POINTS: must be role=points/);
    expect(() => readGatewayConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS: must be a whole number, at least 1/);
  });
});

describe('per-caller rate limits in memory (no REDIS_URL)', () => {
  it("refuses a subject's request beyond its role's points, with whole seconds to wait; others keep their own budgets", async () => {
    const l = limiter({ settings: settings('window-staff=2,enterprise=1'), prefix: prefix(), logger: recordingLogger().logger });
    expect(await l.consume(caller('clerk-1'))).toBeNull();
    expect(await l.consume(caller('clerk-1'))).toBeNull();
    const refused = await l.consume(caller('clerk-1'));
    expect(refused?.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused?.retryAfter).toBeLessThanOrEqual(60);
    // Another clerk, and the same subject in another role, count apart.
    expect(await l.consume(caller('clerk-2'))).toBeNull();
    expect(await l.consume(caller('clerk-1', 'enterprise'))).toBeNull();
    expect(await l.consume(caller('clerk-1', 'enterprise'))).not.toBeNull();
  });

  it('counts refusals by role in /metrics, and never limits with RATE_LIMIT_ENABLED=false', async () => {
    const refusals = async () => (await metricsRegistry.getSingleMetric('district_rate_limited_total')!.get()).values.find((v) => v.labels.role === 'enterprise')?.value ?? 0;
    const before = await refusals();
    const l = limiter({ settings: settings('enterprise=1'), prefix: prefix(), logger: recordingLogger().logger });
    await l.consume(caller('e', 'enterprise'));
    await l.consume(caller('e', 'enterprise'));
    expect(await refusals()).toBe(before + 1);
    const off = limiter({ settings: settings('enterprise=1', { RATE_LIMIT_ENABLED: 'false' }), prefix: prefix(), logger: recordingLogger().logger });
    for (let i = 0; i < 5; i++) expect(await off.consume(caller('e', 'enterprise'))).toBeNull();
  });

  it('keys a subject by a digest, never by the subject itself (a sub may be a person\'s id)', () => {
    const key = subjectKey({ role: 'window-staff', sub: '37021219900101123X' });
    expect(key).toMatch(/^window-staff:[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain('37021219900101123X');
  });

  it('says RATE_LIMITED with retryAfter in the GraphQL error', () => {
    expect(rateLimitedBody({ retryAfter: 7 })).toEqual({ errors: [{ message: expect.stringMatching(/try again in 7 s/), extensions: { code: 'RATE_LIMITED', retryAfter: 7 } }] });
  });
});

describe('per-caller rate limits when Redis is down', () => {
  it('serves (fails open) counting in memory, and says so once', async () => {
    const { lines, logger } = recordingLogger();
    // Nothing listens on port 1: every Redis call fails at once.
    const l = limiter({ settings: settings('window-staff=3'), redisUrl: 'redis://127.0.0.1:1', prefix: prefix(), logger });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await l.consume(caller('clerk')));
    expect(answers.slice(0, 3)).toEqual([null, null, null]);
    // The insurance limiter still counts for this instance.
    expect(answers[3]).not.toBeNull();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(lines[0].msg).toMatch(/Redis does not answer; counting in memory/);
  });
});

describe.runIf(REDIS_URL)('per-caller rate limits shared through Redis (needs REDIS_URL)', () => {
  it('holds one budget for a subject across two instances on the same Redis', async () => {
    const shared = prefix();
    const a = limiter({ settings: settings('building-staff=4'), redisUrl: REDIS_URL, prefix: shared, logger: recordingLogger().logger });
    const b = limiter({ settings: settings('building-staff=4'), redisUrl: REDIS_URL, prefix: shared, logger: recordingLogger().logger });
    // Until connected, an instance counts in memory: start counting once both are.
    expect(await a.connected(10_000)).toBe(true);
    expect(await b.connected(10_000)).toBe(true);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await (i % 2 ? b : a).consume(caller('staff', 'building-staff')));
    expect(answers.slice(0, 4)).toEqual([null, null, null, null]);
    expect(answers[4]?.retryAfter).toBeGreaterThanOrEqual(1);
    expect(answers[5]?.retryAfter).toBeGreaterThanOrEqual(1);
  });
});
