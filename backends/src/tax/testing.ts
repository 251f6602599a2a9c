import { DEV_CREDENTIALS } from '@district/domain';
import { getDataset } from '@district/dataset';
import type { SimServer } from '../sim/server.ts';
import { QUIET } from '../sim/settings.ts';
import { createTaxBackend, type TaxBackendOptions } from './index.ts';

/** Test support: a tax backend on a free port with no latency and no rate limit unless asked. */

export interface TaxReply {
  status: number;
  head: { rtnCode: string; rtnMsg: string; tranSeq?: string };
  body: any;
}

let serial = 0;

export async function startTax(options: TaxBackendOptions = {}) {
  const dataset = getDataset();
  const sim: SimServer = createTaxBackend(dataset, { settings: QUIET, ...options });
  const base = `http://127.0.0.1:${await sim.listen(0)}`;

  /** A head as a well-behaved caller sends it; `head` overrides fields (undefined removes one). */
  const headFor = (tranId: string, head: Record<string, unknown> = {}) => {
    const h: Record<string, unknown> = {
      ...DEV_CREDENTIALS.tax, tranId, tranSeq: `TEST${String(++serial).padStart(8, '0')}`, tranDate: '20261101', tranTime: '093000', ...head,
    };
    for (const k of Object.keys(h)) if (h[k] === undefined) delete h[k];
    return h;
  };

  const post = (path: string, payload: string) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });

  /** Calls service `tranId` with `body`; the JSON reply unpacked. */
  const call = async (tranId: string, body: unknown, head?: Record<string, unknown>): Promise<TaxReply> => {
    const res = await post(`/gt3/esb/${tranId}`, JSON.stringify({ head: headFor(tranId, head), body }));
    const json = (await res.json()) as { head: TaxReply['head']; body: unknown };
    return { status: res.status, head: json.head, body: json.body };
  };

  return { dataset, sim, base, call, post, headFor, close: () => sim.close() };
}
