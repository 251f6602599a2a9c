import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TABS } from '@district/gateway/graphiql-samples';
import { startStack, type Stack } from '../../src/stack.ts';
import { launchChromium, type TestBrowser } from '../../src/browser.ts';
import { REPO } from '../../src/processes.ts';

/**
 * GraphiQL on first open, in headless Chromium: sign in as building staff, run the dashboard tab,
 * see the building's enterprises. With RECORD_SCREENSHOT=1 its screenshot becomes the README's
 * (docs/graphiql.png).
 */
let stack: Stack;
let browser: TestBrowser;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('GraphiQL', () => {
  it('signs in as building staff, runs the dashboard tab and shows the data, asking nothing from another host', async () => {
    const page = await browser.context.newPage();
    const gateway = new URL(stack.gateway.url);
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol !== 'data:' && url.host !== gateway.host) elsewhere.push(r.url());
    });
    await page.goto(stack.gateway.url);
    await page.getByText('请先登录').waitFor();

    await page.selectOption('select[name=role]', 'building-staff');
    await page.fill('input[name=buildings]', 'LS-B001');
    expect(await page.inputValue('select[name=purpose]')).toBe('BUILDING_SERVICE');
    await page.getByRole('button', { name: '登录 Sign in' }).click();
    await page.getByText('building-staff · LS-B001 · BUILDING_SERVICE').waitFor();

    // Every sample is a tab; the schema came with the token (the docs explorer has Query's fields).
    for (const name of ['Dashboard', 'Lifecycle', 'FollowUps', 'RateBundle']) await page.locator('.graphiql-tab', { hasText: name }).first().waitFor();
    await page.locator('.graphiql-tab', { hasText: 'Dashboard' }).first().click();
    const answered = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('query Dashboard'));
    await page.locator('.graphiql-execute-button').click();
    // What went over the wire: the building's enterprises, every department answering, no error.
    const body = await (await answered).json();
    expect(body.errors).toBeUndefined();
    expect(body.data.building.enterprises.edges.length).toBeGreaterThan(0);
    // What the user sees: the answer in the result pane, Chinese names drawn as such.
    const response = page.locator('.graphiql-response');
    await response.getByText('"totalCount"').waitFor({ timeout: 30_000 });
    expect(await response.innerText()).toContain(`"name": "${body.data.building.name}"`);

    // The token is the tab's: a reload keeps it, and GraphiQL opens at once.
    await page.reload();
    await page.getByText('building-staff · LS-B001 · BUILDING_SERVICE').waitFor();
    await page.locator('.graphiql-execute-button').click();
    await response.getByText('"totalCount"').waitFor({ timeout: 30_000 });
    // The README's picture is refreshed on request only, so a test run leaves the tree as it was.
    await page.screenshot({ path: process.env.RECORD_SCREENSHOT === '1' ? `${REPO}docs/graphiql.png` : path.join(tmpdir(), `graphiql-${process.pid}.png`) });
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it('refuses a sign-in whose claims do not fit the role, saying why', async () => {
    const page = await browser.context.newPage();
    await page.goto(stack.gateway.url);
    await page.selectOption('select[name=role]', 'enterprise');
    await page.fill('input[name=uscc]', '91370212MA3C12346Y');
    await page.getByRole('button', { name: '登录 Sign in' }).click();
    await page.getByRole('alert').getByText(/valid USCC/).waitFor();
    await page.close();
  });

  it('preloads exactly the README\'s sample operations', () => {
    const readme = readFileSync(`${REPO}README.md`, 'utf8');
    for (const tab of SAMPLE_TABS) expect(readme, tab.query.split('\n')[0]).toContain(tab.query);
  });
});

describe('the development token endpoint', () => {
  const mint = (body: string, method = 'POST') => fetch(`${stack.gateway.url}/dev/token`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body } : {}) });

  it('mints a token the gateway accepts, for the claims asked', async () => {
    const res = await mint(JSON.stringify({ role: 'enterprise', uscc: '91370212MA3C12346X', purpose: 'SELF_SERVICE' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token, expiresIn } = await res.json();
    expect(expiresIn).toBe(8 * 3600);
    const answer = await stack.query('{ enterprise(uscc: "91370212MA3C12346X") { registration { name } } }', undefined, { authorization: `Bearer ${token}` });
    expect(answer.data.enterprise.registration.name).toBe('青岛海岸线科技有限公司');
  });

  it('refuses what is not a sign-in: 400 BAD_USER_INPUT saying why, 405 for another method', async () => {
    for (const [body, why] of [['{"role":"root"}', /role/], ['{"role":"auditor","admin":true}', /admin|Unrecognized/], ['{"role', /not valid JSON/]] as const) {
      const res = await mint(body);
      expect(res.status, body).toBe(400);
      const error = (await res.json()).errors[0];
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(why);
    }
    expect((await mint('', 'GET')).status).toBe(405);
  });

  it('is not there in production', async () => {
    const { devTokenRoute } = await import('@district/gateway/dev-token-route');
    expect(devTokenRoute({ disabled: false, secret: 'x'.repeat(32), devKey: false }, { production: true })).toBeUndefined();
  });
});
