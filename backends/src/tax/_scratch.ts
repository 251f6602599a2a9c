import { getDataset } from '../dataset/index.ts';
const t = Date.now(); const d = getDataset(); console.log(d.enterprises.length, Date.now() - t, d.asOf);
const c: Record<string, number> = {}; for (const e of d.enterprises) c[e.status] = (c[e.status]??0)+1; console.log(c);
console.log(d.enterprises.filter(e=>e.trouble.taxArrears).length, d.enterprises.filter(e=>e.trouble.taxAbnormal).length);
console.log(d.enterprises.filter(e=>e.establishedOn > '2026-10-12').length);
