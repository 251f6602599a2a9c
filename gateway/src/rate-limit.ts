import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Caller, Role } from '@district/domain';
import { createRedis, env, metrics, shownDefault, type Logger } from '@district/runtime';
import { TOKEN_ROLES } from './auth/claims.ts';

/**
 * Per-caller rate limits (限流), checked at the HTTP front after the bearer token is verified and
 * before any GraphQL work: every subject (the token's `sub`: a building-staff member, a window
 * clerk, an enterprise's user, a front-end application) has its own budget of requests per window,
 * sized by its role (RATE_LIMIT_POINTS). With REDIS_URL the budgets live in Redis, shared by every
 * gateway instance (rate-limiter-flexible's atomic Lua increment), so a caller spreading requests
 * over instances gets no more; without it each instance counts for itself (development).
 *
 * One point per request, not weighted by operation cost: the cost is known only after parsing and
 * validation, so weighting would mean counting after that work (a flood of malformed documents
 * would go uncounted) or a second Redis round trip per request, while GATEWAY_MAX_COST already
 * bounds what any one request can cost.
 *
 * Fail open: when Redis does not answer within RATE_LIMIT_REDIS_TIMEOUT_MS or is down, an
 * in-memory limiter of the same size decides for this instance (insuranceLimiter), logged once
 * per outage; requests are served, readiness is not touched. Subjects are hashed in Redis keys:
 * a `sub` may be a person's id.
 */
export const DEFAULT_ROLE_POINTS: Record<Exclude<Role, 'system'>, number> = {
  // One front-end application (a portal, a kiosk) speaks for many citizens under one subject.
  'frontend-app': 6_000,
  // People at work: a dashboard refreshing and a few lookups a minute each, with room for bursts.
  'building-staff': 600,
  'window-staff': 600,
  'department-officer': 600,
  // 23,000 enterprises, each serving itself: modest per enterprise user.
  enterprise: 120,
  // 帮办代办: one agent serves several enterprises through the day, at a person's pace.
  agent: 600,
  auditor: 300,
};

const ROLE_POINTS = /^\s*([a-z-]+)\s*=\s*(\d+)\s*$/;

/** "role=points,role=points" over the defaults; an unknown role or a bad number is a config problem. */
export const rolePoints = () =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      const table = { ...DEFAULT_ROLE_POINTS };
      for (const entry of (text ?? '').split(',').filter((s) => s.trim())) {
        const m = ROLE_POINTS.exec(entry);
        if (!m || !(TOKEN_ROLES as string[]).includes(m[1]) || Number(m[2]) < 1) {
          ctx.addIssue({ code: 'custom', message: `must be role=points pairs separated by commas, points at least 1, roles: ${TOKEN_ROLES.join(', ')} (bad: "${entry.trim().slice(0, 40)}")` });
          return z.NEVER;
        }
        table[m[1] as keyof typeof table] = Number(m[2]);
      }
      return table;
    });

const defaultsText = Object.entries(DEFAULT_ROLE_POINTS).map(([r, p]) => `${r}=${p}`).join(',');

/** The gateway's rate-limit settings (spread into GatewayConfigSchema). */
export const RateLimitSettingsSchema = z.object({
  RATE_LIMIT_ENABLED: env.bool(true).describe('false: no per-caller rate limits (the gateway still bounds each request by the operation limits)'),
  RATE_LIMIT_WINDOW_SECONDS: env.int(60, 1).describe('Length of the rate-limit window, seconds: each subject may send its role\'s points per window'),
  RATE_LIMIT_POINTS: rolePoints().describe('Requests per window for each subject, by role, as role=points pairs over the defaults').meta(shownDefault(`\`${defaultsText}\``)),
  RATE_LIMIT_REDIS_TIMEOUT_MS: env.ms(250).describe('How long a request waits for Redis to count it before this instance counts it in memory (fail open)'),
});
export type RateLimitSettings = z.infer<typeof RateLimitSettingsSchema>;

export interface RateLimitRefusal {
  /** Whole seconds until the caller may try again (Retry-After), at least 1. */
  retryAfter: number;
}

export interface RateLimiter {
  /** Counts one request of the caller; a refusal when its budget for the window is spent. */
  consume(caller: Caller): Promise<RateLimitRefusal | null>;
  /**
   * Resolves once Redis is connected, or after `timeoutMs` whichever is sooner (a gateway starts
   * anyway: until Redis answers it counts in memory). Requests before it would be counted apart.
   */
  connected(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  settings: RateLimitSettings;
  redisUrl?: string;
  /** Deployment key prefix (CACHE_PREFIX): test runs and deployments never share budgets. */
  prefix: string;
  logger: Logger;
}

/** The key a caller is counted under: its role and a digest of its subject. */
export const subjectKey = (caller: Pick<Caller, 'role' | 'sub'>) =>
  `${caller.role}:${createHash('sha256').update(caller.sub).digest('base64url').slice(0, 22)}`;

const unlimited: RateLimiter = { consume: async () => null, connected: async () => true, close: async () => undefined };

export function createRateLimiter(o: RateLimiterOptions): RateLimiter {
  if (!o.settings.RATE_LIMIT_ENABLED) return unlimited;
  const duration = o.settings.RATE_LIMIT_WINDOW_SECONDS;
  const points = o.settings.RATE_LIMIT_POINTS;
  // district_rate_limited_total{role} and district_rate_limit_fallback_total (@district/runtime's metrics).
  const refused = metrics.rateLimited;
  const fallbacks = metrics.rateLimitFallbacks;
  let degraded = false;
  // Requests counted by the insurance so far: a request that added none was counted by Redis.
  let insured = 0;
  const redis = o.redisUrl
    ? createRedis(o.redisUrl, { commandTimeout: o.settings.RATE_LIMIT_REDIS_TIMEOUT_MS, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : undefined;
  // ioredis reports every failed reconnect: the limiter's own fallback line says it once.
  redis?.on('error', () => undefined);

  /** The in-memory limiter standing in for Redis, telling the first time it stands in. */
  class Insurance extends RateLimiterMemory {
    override consume(key: string | number, pointsToConsume?: number, options?: object) {
      insured++;
      fallbacks.inc();
      if (!degraded) {
        degraded = true;
        o.logger.warn('rate limits: Redis does not answer; counting in memory on this instance until it does (requests are served)');
      }
      return super.consume(key, pointsToConsume, options);
    }
  }

  const limiters = new Map<string, RateLimiterMemory | RateLimiterRedis>();
  for (const [role, rolePoints] of Object.entries(points)) {
    const keyPrefix = `${o.prefix}:ratelimit:${duration}:${rolePoints}`;
    const memory = () => new (redis ? Insurance : RateLimiterMemory)({ points: rolePoints, duration, keyPrefix });
    limiters.set(role, redis
      ? new RateLimiterRedis({ storeClient: redis, points: rolePoints, duration, keyPrefix, rejectIfRedisNotReady: true, insuranceLimiter: memory() })
      : memory());
  }

  return {
    async consume(caller) {
      const limiter = limiters.get(caller.role);
      if (!limiter) return null; // `system` is the gateway itself, never a token's role
      const before = insured;
      try {
        await limiter.consume(subjectKey(caller));
        if (degraded && redis && insured === before) {
          degraded = false;
          o.logger.info('rate limits: Redis answers again; limits are shared by every instance');
        }
        return null;
      } catch (result) {
        if (result instanceof RateLimiterRes) {
          refused.inc({ role: caller.role });
          return { retryAfter: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
        }
        // Neither Redis nor the insurance could count it: serve (fail open), say so once.
        if (!degraded) {
          degraded = true;
          o.logger.warn({ err: (result as Error)?.message }, 'rate limits: could not count a request; serving it');
        }
        return null;
      }
    },
    async connected(timeoutMs) {
      if (!redis || redis.status === 'ready') return true;
      let done: () => void = () => undefined;
      const ready = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        const onReady = () => resolve(true);
        redis.once('ready', onReady);
        done = () => {
          clearTimeout(timer);
          redis.off('ready', onReady);
        };
      });
      return ready.finally(done);
    },
    async close() {
      redis?.disconnect();
    },
  };
}

/** The refusal as the client sees it: 429, Retry-After, a GraphQL error RATE_LIMITED. */
export function rateLimitedBody(refusal: RateLimitRefusal) {
  return {
    errors: [{
      message: `Too many requests: this caller's rate limit is spent; try again in ${refusal.retryAfter} s`,
      extensions: { code: 'RATE_LIMITED', retryAfter: refusal.retryAfter },
    }],
  };
}
