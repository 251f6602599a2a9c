import { XMLParser } from 'fast-xml-parser';
import { DEV_CREDENTIALS } from '@district/domain';
import { getDataset } from '@district/dataset';
import { QUIET } from '../sim/settings.ts';
import type { SimServer } from '../sim/server.ts';
import { createRealEstateBackend, type RealEstateBackendOptions } from './index.ts';

/** Test helpers: a backend on a free port and a caller that speaks the exchange envelope. */

export async function startBackend(options: RealEstateBackendOptions = {}): Promise<{ sim: SimServer; base: string }> {
  const sim = createRealEstateBackend(getDataset(), { settings: QUIET, ...options });
  return { sim, base: `http://127.0.0.1:${await sim.listen(0)}` };
}

const parser = new XMLParser({
  ignoreAttributes: true, parseTagValue: false,
  // Lists the tests index into: arrays even when they hold one entry.
  isArray: (name) => ['QLR', 'QL', 'DYAQ', 'CF', 'BDCDY'].includes(name),
});

export interface Exchange {
  status: number;
  head: Record<string, string>;
  body: any;
  raw: string;
}

let serial = 0;

export function envelope(bizCode: string, body: string, head: Partial<Record<'SenderId' | 'ApiKey' | 'SerialNo' | 'Timestamp', string>> = {}): string {
  const h = { SenderId: DEV_CREDENTIALS.realEstate.senderId, ApiKey: DEV_CREDENTIALS.realEstate.apiKey, SerialNo: `T${Date.now()}-${++serial}`, Timestamp: '2026-11-01 10:00:00', ...head };
  return `<?xml version="1.0" encoding="UTF-8"?><Request><Head><BizCode>${bizCode}</BizCode><SenderId>${h.SenderId}</SenderId><ApiKey>${h.ApiKey}</ApiKey><SerialNo>${h.SerialNo}</SerialNo><Timestamp>${h.Timestamp}</Timestamp></Head><Body>${body}</Body></Request>`;
}

export async function post(base: string, xml: string, path = '/bdcdj/exchange'): Promise<Exchange> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
  const raw = await res.text();
  const doc = res.headers.get('content-type')?.includes('xml') ? parser.parse(raw) : {};
  return { status: res.status, head: doc.Response?.Head ?? {}, body: doc.Response?.Body ?? {}, raw };
}

export const call = (base: string, bizCode: string, body: string, head?: Parameters<typeof envelope>[2]) => post(base, envelope(bizCode, body, head));

export const zjhs = (usccs: string[]) => usccs.map((u) => `<ZJH>${u}</ZJH>`).join('');
