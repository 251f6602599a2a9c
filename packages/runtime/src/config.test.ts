import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, ConfigProblems, env, loadConfig } from './config.ts';

const schema = z.object({ NODE_ENV: env.mode(), APP_PORT: env.port(4000), APP_SECRET: env.string('dev'), APP_BACKEND_URL: env.url('http://127.0.0.1:1') });

const problemsOf = (read: () => unknown): string[] => {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration read from the environment', () => {
  it('names every malformed variable at once, with what it must be, and still runs the checks', () => {
    const problems = problemsOf(() => loadConfig(schema, { NODE_ENV: 'prod', APP_PORT: 'forty', APP_SECRET: 'dev' }, (c, problem) => {
      if (c.APP_SECRET === 'dev') problem('APP_SECRET: the development secret is refused');
    }));
    expect(problems).toEqual([
      'NODE_ENV: must be development, production or test (got "prod")',
      'APP_PORT: must be a port number, 0–65535 (got "forty")',
      'APP_SECRET: the development secret is refused',
    ]);
  });

  it('never quotes a secret or a URL password back', () => {
    const problems = problemsOf(() => loadConfig(z.object({ APP_SECRET: z.string().min(40), APP_BACKEND_URL: z.url().refine(() => false, 'is not reachable') }), {
      APP_SECRET: 'hunter2', APP_BACKEND_URL: 'https://user:pa55@example.org/x',
    }));
    expect(problems.join('\n')).not.toMatch(/hunter2|pa55/);
    expect(problems[0]).toMatch(/^APP_SECRET: .*\(value not shown\)$/);
    expect(problems[1]).toBe('APP_BACKEND_URL: is not reachable (got "https://***@example.org/x")');
  });

  it('gathers the problems of several reads, so a process reports them together', () => {
    const problems = new ConfigProblems();
    problems.read(() => loadConfig(schema, { APP_PORT: '-1' }));
    problems.read(() => { throw new Error('SUBGRAPH_CONTEXT_KEY: is required in production'); });
    expect(problems.read(() => 42)).toBe(42);
    expect(problemsOf(() => problems.throwIfAny())).toEqual(['APP_PORT: must be a port number, 0–65535 (got "-1")', 'SUBGRAPH_CONTEXT_KEY: is required in production']);
  });
});

describe("a part's port and peer URLs, from the parts list", () => {
  const partSchema = z.object({ MARKET_PORT: env.partPort('market'), MARKET_BACKEND_URL: env.partUrl('market-backend'), SERVICES_SUBGRAPH_URL: env.partUrl('services') });

  it('default to the contract ports, as before', () => {
    expect(loadConfig(partSchema, {})).toEqual({ MARKET_PORT: 4001, MARKET_BACKEND_URL: 'http://127.0.0.1:5001', SERVICES_SUBGRAPH_URL: 'http://127.0.0.1:4005/' });
  });

  it('move with PORT_BASE, a set variable still winning', () => {
    expect(loadConfig(partSchema, { PORT_BASE: '14000', SERVICES_SUBGRAPH_URL: 'http://services.internal/' })).toEqual({
      MARKET_PORT: 14001, MARKET_BACKEND_URL: 'http://127.0.0.1:15001', SERVICES_SUBGRAPH_URL: 'http://services.internal/',
    });
  });

  it("follow the port another part was moved to: the backend's URL follows MARKET_BACKEND_PORT", () => {
    expect(loadConfig(partSchema, { MARKET_BACKEND_PORT: '6001' }).MARKET_BACKEND_URL).toBe('http://127.0.0.1:6001');
  });

  it('tell a malformed PORT_BASE once, beside the other problems', () => {
    expect(problemsOf(() => loadConfig(partSchema, { PORT_BASE: 'high', MARKET_BACKEND_URL: 'nope' }))).toEqual([
      'PORT_BASE: must be a whole number from 1 to 64531, so every part\'s port (PORT_BASE + its default − 4000) is a port number (got "high")',
      'MARKET_BACKEND_URL: must be a URL (got "nope")',
    ]);
  });
});
