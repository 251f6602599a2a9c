import { getDataset, rngFor } from '../dataset/index.ts';
import { deriveEmployer } from './records.ts';
import { empNoIndex } from './emp-no.ts';
const ds = getDataset();
let t = Date.now(); empNoIndex(ds); console.log('index', Date.now() - t);
t = Date.now(); for (let i = 0; i < 100000; i++) rngFor(1, 'x' + i, 'medical-insurance').next(); console.log('100k rng', Date.now() - t);
t = Date.now();
for (const e of ds.enterprises) deriveEmployer(e, ds);
console.log('all derive', Date.now() - t);
