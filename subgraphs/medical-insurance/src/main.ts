import { readMedicalInsuranceConfig } from './config.ts';
import { startMedicalInsuranceSubgraph } from './index.ts';

const running = await startMedicalInsuranceSubgraph(readMedicalInsuranceConfig());
console.log(`medical-insurance subgraph ${running.url}`);
const stop = async () => { await running.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
