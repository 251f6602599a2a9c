import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureWorkbenchBuilt } from '@district/workbench/build';
import type { RunningServices } from '@district/subgraph-services/server';
import { SAMPLE_USCC } from '../../src/samples.ts';
import { startStack, type Stack } from '../../src/stack.ts';
import { launchChromium, type TestBrowser } from '../../src/browser.ts';
import { REPO } from '../../src/processes.ts';

/**
 * The workbench page (楼小二工作台) in headless Chromium over the whole stack, as building staff use
 * it: sign in (development token), see the building's charts and enterprise table, record a visit,
 * take a request to 办结 (the staff's moves in the page, the officer's and the enterprise's through
 * the API with their own tokens), see a department outage as a freshness note, and be told plainly
 * that another building is not theirs. With RECORD_SCREENSHOT=1 its pictures become the README's
 * (docs/workbench*.png). The page is built first when its build is missing or stale.
 */
const STAFF_BUILDINGS = ['LS-B001', 'LS-B002'];
const USCC = SAMPLE_USCC.healthy;
const RAISE = 'mutation Raise($input: RaiseRequestInput!) { raiseRequest(input: $input) { id state } }';
const ADVANCE = 'mutation Advance($input: AdvanceRequestInput!) { advanceRequest(input: $input) { id state } }';
const RATE = 'mutation Rate($input: RateRequestInput!) { rateRequest(input: $input) { id state } }';
/** Building and filling a page on a busy machine: generous. */
const PAGE_MS = 60_000;

let stack: Stack;
let browser: TestBrowser;
let page: Page;
const elsewhere: string[] = [];
const run = `${process.pid}-${Date.now().toString(36)}`;
let n = 0;
const enterprise = { role: 'enterprise', uscc: USCC, purpose: 'SELF_SERVICE', sub: 'ent-healthy' } as const;
const taxOfficer = { role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE', sub: 'tax-007' } as const;
const staffApi = { role: 'building-staff', buildings: STAFF_BUILDINGS, purpose: 'BUILDING_SERVICE', sub: 'LXE-0011' } as const;
const as = async (claims: Parameters<Stack['token']>[0]) => stack.authHeaders(claims);
const screenshot = (name: string) => page.screenshot({ fullPage: true, path: process.env.RECORD_SCREENSHOT === '1' ? path.join(REPO, 'docs', `${name}.png`) : path.join(tmpdir(), `${name}-${process.pid}.png`) });

async function raise(title: string): Promise<string> {
  const res = await stack.query(RAISE, { input: { idempotencyKey: `wbp-raise-${run}-${n++}`, uscc: USCC, category: 'TAX', title } }, await as(enterprise));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.raiseRequest.id;
}
async function move(claims: Parameters<Stack['token']>[0], id: string, action: string, note?: string) {
  const res = await stack.query(ADVANCE, { input: { idempotencyKey: `wbp-move-${run}-${n++}`, id, action, note } }, await as(claims));
  expect(res.errors, `${action}: ${JSON.stringify(res.errors)}`).toBeUndefined();
}
/** A building's name and every one of its enterprises (the API pages by 200), as the staff may read them. */
async function buildingThroughApi(id: string) {
  const edges: { node: { uscc: string; registration: { name: string }; realEstate: { hasSeizure: boolean } | null } }[] = [];
  let after: string | null = null;
  let name = '';
  let totalCount = 0;
  do {
    const res: { errors?: unknown; data?: any } = await stack.query('query($id: ID!, $after: String) { building(id: $id) { name enterprises(first: 200, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { uscc registration { name } realEstate { hasSeizure } } } } } }', { id, after }, await as(staffApi));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    ({ name } = res.data.building);
    const connection = res.data.building.enterprises;
    totalCount = connection.totalCount;
    edges.push(...connection.edges);
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  expect(edges).toHaveLength(totalCount);
  return { name, enterprises: { totalCount, edges } };
}
const requestRow = (id: string) => page.locator(`tr[data-request="${id}"]`);

beforeAll(async () => {
  await ensureWorkbenchBuilt();
  // Tax records expire at once, so tax is asked on every read and, when down, answers from its cache
  // (stale if error); the statistics are not cached either, so they report it too.
  const TAX_KINDS = ['DJXX', 'XYDJ', 'SBXX', 'JKXX', 'QSXX', 'FPED'];
  stack = await startStack({ env: {
    TAX_CACHE_POLICIES: JSON.stringify(Object.fromEntries(TAX_KINDS.map((k) => [k, { ttlMs: 1, staleIfErrorMs: 3_600_000 }]))),
    STATS_CACHE_TTL_MS: '0',
  } });
  browser = await launchChromium();
  // Every wait and click of the page may take a busy machine's time, not Playwright's 30 s.
  browser.context.setDefaultTimeout(PAGE_MS);
  page = await browser.context.newPage();
  const gateway = new URL(stack.gateway.url);
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.host !== gateway.host) elsewhere.push(r.url());
  });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the workbench page', { timeout: 180_000 }, () => {
  let overdueId: string;
  let loopId: string;

  it('signs building staff in and shows their building: charts, the enterprise table with every department, open requests with the overdue one highlighted', async () => {
    overdueId = await raise('租赁合同备案咨询');
    loopId = await raise('发票额度不够');
    const services = stack.subgraphs.services as RunningServices;
    await services.db.query(`UPDATE request SET due_at = now() - interval '1 day' WHERE id = $1`, [overdueId]);
    const { name, enterprises } = await buildingThroughApi('LS-B001');

    await page.goto(`${stack.gateway.url}/workbench`);
    await page.getByText('请先登录').waitFor();
    await page.fill('input[name=buildings]', STAFF_BUILDINGS.join(', '));
    await page.getByRole('button', { name: '登录 Sign in' }).click();

    // The staff's buildings, each by name; the first one open.
    await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor({ timeout: PAGE_MS });
    const nav = page.getByRole('navigation', { name: '我的楼宇 My buildings' });
    await nav.getByText(name).waitFor();
    await nav.getByText('LS-B002').waitFor();

    // The building's numbers (Building.stats): tiles, and three charts drawn (ECharts on canvas).
    const tile = (label: string) => page.locator('.tile', { hasText: label }).locator('.tile-value');
    await expect.poll(() => tile('入驻企业 Enterprises').innerText(), { timeout: PAGE_MS }).toBe(enterprises.totalCount.toLocaleString('zh-CN'));
    await expect.poll(() => tile('超期诉求 Overdue').innerText()).toBe('1');
    expect(await tile('参保人数 Insured staff').innerText()).toMatch(/^[\d,]+$/);
    await expect.poll(() => page.locator('.charts figure canvas').count(), { timeout: PAGE_MS }).toBe(3);

    // The table: every department's columns, a page of 20, the names the API gives.
    const table = page.locator('#enterprises table');
    await table.locator('tbody tr').first().waitFor({ timeout: PAGE_MS });
    expect(await table.locator('tbody tr').count()).toBe(Math.min(20, enterprises.totalCount));
    for (const header of ['登记状态', '经营异常', '税务', '欠税', '医保', '抵押', '查封']) expect(await table.locator('thead').innerText()).toContain(header);
    expect(await table.locator('tbody').innerText()).toContain(enterprises.edges[0].node.registration.name);
    await page.locator('#enterprises').getByText(`第 1 / ${Math.ceil(enterprises.totalCount / 20)} 页`).waitFor();

    // Filtered by a flag: exactly the enterprises with a seizure.
    const seized = enterprises.edges.filter((e) => e.node.realEstate?.hasSeizure).length;
    await page.getByRole('button', { name: '查封 Seizure' }).click();
    await page.locator('#enterprises').getByText(`${seized} 家 enterprises`).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(Math.max(1, Math.min(20, seized)));
    await page.getByRole('button', { name: '全部 All' }).click();

    // Open requests: the overdue one highlighted, with the staff's next move offered.
    await requestRow(overdueId).waitFor({ timeout: PAGE_MS });
    expect(await requestRow(overdueId).getAttribute('class')).toContain('overdue');
    expect(await requestRow(overdueId).innerText()).toContain('超期 Overdue');
    expect(await requestRow(loopId).getAttribute('class')).toBeNull();
    await requestRow(loopId).getByRole('button', { name: '派单 Dispatch' }).waitFor();
    await page.getByText(/企业 Enterprises|入驻企业/).first().waitFor();
    await screenshot('workbench');
  });

  it('records a visit from the form, which the building\'s visits then list', async () => {
    const form = page.getByRole('form', { name: '记录走访 Record a visit' });
    await form.locator('input[name=uscc]').fill(USCC);
    await form.locator('input[name=met]').fill('财务负责人 王经理');
    await form.getByLabel('政策 Policy').check();
    await form.getByLabel('融资 Financing').check();
    await form.locator('textarea[name=notes]').fill('了解研发费用加计扣除政策');
    await form.getByRole('button', { name: '保存走访 Save visit' }).click();
    await form.getByText(/已保存走访 Visit saved/).waitFor({ timeout: PAGE_MS });
    await page.locator('.visit-list').getByText('财务负责人 王经理', { exact: false }).waitFor();

    const listed = await stack.query('{ building(id: "LS-B001") { visits(first: 1) { edges { node { uscc met topics notes staff } } } } }', {}, await as(staffApi));
    // Recorded by whoever signed in on the page (a development token names the page and the role).
    expect(listed.data.building.visits.edges[0].node).toEqual({ uscc: USCC, met: '财务负责人 王经理', topics: ['POLICY', 'FINANCING'], notes: '了解研发费用加计扣除政策', staff: 'workbench-building-staff' });
  });

  it('takes a request to 办结: 派单, 回访 and 办结 in the page, the tax officer\'s steps and the rating through the API', async () => {
    const refresh = () => page.getByRole('button', { name: '刷新 Refresh' }).click();
    await requestRow(loopId).getByRole('button', { name: '派单 Dispatch' }).click();
    await page.getByText(`${loopId} → 派单 Dispatched`).waitFor({ timeout: PAGE_MS });
    await requestRow(loopId).getByText('等待税务办理').waitFor();

    await move(taxOfficer, loopId, 'SIGN');
    await move(taxOfficer, loopId, 'START');
    await move(taxOfficer, loopId, 'ANSWER', '已核增月度发票额度');
    await refresh();
    await requestRow(loopId).getByLabel(`备注 Note ${loopId}`).fill('企业确认已解决');
    await requestRow(loopId).getByRole('button', { name: '回访 Call back' }).click();
    await page.getByText(`${loopId} → 回访 Called back`).waitFor({ timeout: PAGE_MS });
    await requestRow(loopId).getByText('等待企业评价').waitFor();

    const rated = await stack.query(RATE, { input: { idempotencyKey: `wbp-rate-${run}`, id: loopId, level: 5, channel: 'APP' } }, await as(enterprise));
    expect(rated.errors).toBeUndefined();
    await refresh();
    await requestRow(loopId).getByRole('button', { name: '办结 Close' }).click();
    await page.getByText(`${loopId} → 办结 Closed`).waitFor({ timeout: PAGE_MS });
    await requestRow(loopId).waitFor({ state: 'detached' });

    const read = await stack.query('query($id: ID!) { request(id: $id) { state transitions { action actorRole note } } }', { id: loopId }, await as(enterprise));
    expect(read.data.request.state).toBe('CLOSED');
    expect(read.data.request.transitions.map((t: any) => [t.action, t.actorRole])).toEqual([
      ['RAISE', 'enterprise'], ['DISPATCH', 'building-staff'], ['SIGN', 'department-officer'], ['START', 'department-officer'],
      ['ANSWER', 'department-officer'], ['CALL_BACK', 'building-staff'], ['RATE', 'enterprise'], ['CLOSE', 'building-staff'],
    ]);
    expect(read.data.request.transitions.find((t: any) => t.action === 'CALL_BACK').note).toBe('企业确认已解决');
  });

  it('shows a department outage as a freshness note, and the rest of the building as usual', async () => {
    // Medical insurance down before the staff's second building was ever read: nothing cached to fall back on.
    stack.backends.sims['medical-insurance'].setFaults({ outage: true });
    try {
      await page.getByRole('navigation', { name: '我的楼宇 My buildings' }).getByText('LS-B002').click();
      const note = page.getByRole('status', { name: '数据时效 Data freshness' });
      await note.getByText(/医保 Medical insurance：暂时无法读取/).waitFor({ timeout: PAGE_MS });
      const table = page.locator('#enterprises table');
      await table.locator('tbody tr').first().waitFor({ timeout: PAGE_MS });
      const first = table.locator('tbody tr').first();
      // Insurance cells say "—" (unknown), the other departments' cells are there.
      const cells = await first.locator('td').allInnerTexts();
      expect(cells[5]).toBe('—');
      expect(cells[6]).toBe('—');
      expect(cells[1]).not.toBe('—');
      expect(cells[3]).not.toBe('—');
      // The statistics keep every count but medical insurance's, which say so.
      const tile = (label: string) => page.locator('.tile', { hasText: label }).locator('.tile-value');
      await expect.poll(() => tile('参保人数 Insured staff').innerText(), { timeout: PAGE_MS }).toBe('—');
      expect(await tile('入驻企业 Enterprises').innerText()).toMatch(/^[\d,]+$/);
      await expect.poll(() => page.locator('.charts figure canvas').count(), { timeout: PAGE_MS }).toBe(3);
      // The arrears filter says how many it could not check.
      await page.getByRole('button', { name: '欠税欠费 Arrears' }).click();
      await page.locator('#enterprises').getByText(/无法核对/).waitFor();
      await page.getByRole('button', { name: '全部 All' }).click();
      await screenshot('workbench-outage');
    } finally {
      stack.backends.sims['medical-insurance'].clearFaults();
      stack.backends.sims['medical-insurance'].setFaults({ latencyMs: 0, rateLimitPerSecond: 0 });
    }
  });

  it('shows a department answering from its cache as "data as of", with its figures still there', async () => {
    stack.backends.sims.tax.setFaults({ outage: true });
    try {
      await page.getByRole('navigation', { name: '我的楼宇 My buildings' }).getByText('LS-B001').click();
      const note = page.getByRole('status', { name: '数据时效 Data freshness' });
      await note.getByText(/税务 Tax：暂不可用，显示 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 的缓存数据/).waitFor({ timeout: PAGE_MS });
      const first = page.locator('#enterprises table tbody tr').first();
      await first.waitFor({ timeout: PAGE_MS });
      const cells = await first.locator('td').allInnerTexts();
      expect(cells[3]).not.toBe('—');
      expect(cells[4]).not.toBe('—');
    } finally {
      stack.backends.sims.tax.clearFaults();
      stack.backends.sims.tax.setFaults({ latencyMs: 0, rateLimitPerSecond: 0 });
    }
  });

  it('tells the staff plainly that another building is not theirs, and shows none of its data', async () => {
    await page.goto(`${stack.gateway.url}/workbench#/b/LS-B003`);
    const alert = page.getByRole('alert');
    await alert.getByText('不是您负责的楼宇').waitFor({ timeout: PAGE_MS });
    expect(await alert.innerText()).toContain('Not your building');
    expect(await page.locator('#enterprises').count()).toBe(0);
    expect(await page.locator('#requests').count()).toBe(0);
    await screenshot('workbench-not-yours');
    expect(elsewhere).toEqual([]);
  });
});

describe('signing in where there is no development sign-in (production)', { timeout: 180_000 }, () => {
  it('takes the identity provider\'s token, pasted or handed over in the address\'s fragment, and opens the token\'s building', async () => {
    const tab = await browser.context.newPage();
    // The page as a production gateway serves it: no /dev/token to sign in with.
    await tab.route('**/workbench', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace('{"devTokenPath":"/dev/token"}', '{"devTokenPath":null}') });
    });
    const token = await stack.token({ role: 'building-staff', buildings: ['LS-B002'], purpose: 'BUILDING_SERVICE', sub: 'idp-user-42' });
    await tab.goto(`${stack.gateway.url}/workbench`);
    await tab.getByText('请先登录').waitFor();
    expect(await tab.locator('input[name=buildings]').count()).toBe(0);
    await tab.locator('textarea[name=token]').fill('not a token');
    await tab.getByRole('button', { name: '登录 Sign in' }).click();
    await tab.getByRole('alert').getByText(/这不是有效的令牌/).waitFor();
    await tab.locator('textarea[name=token]').fill(token);
    await tab.getByRole('button', { name: '登录 Sign in' }).click();
    await tab.getByRole('heading', { level: 1, name: /LS-B002/ }).waitFor({ timeout: PAGE_MS });
    await tab.close();

    const handed = await browser.context.newPage();
    await handed.goto(`${stack.gateway.url}/workbench#token=${token}`);
    await handed.getByRole('heading', { level: 1, name: /LS-B002/ }).waitFor({ timeout: PAGE_MS });
    // The token left the address at once (history, bookmarks, screenshots).
    expect(handed.url()).not.toContain(token);
    await handed.close();
  });
});

describe('the workbench page as the gateway serves it', () => {
  it('is served with its configuration, a content security policy and long-lived hashed assets', async () => {
    const html = await fetch(`${stack.gateway.url}/workbench`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const text = await html.text();
    expect(text).toContain('<script type="application/json" id="workbench-config">{"devTokenPath":"/dev/token"}</script>');
    const asset = /src="(\/workbench\/[^"]+\.js)"/.exec(text)![1];
    const js = await fetch(`${stack.gateway.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${stack.gateway.url}/workbench/nothing.js`)).status).toBe(404);
  });
});
