import { readRealEstateConfig } from './config.ts';
import { startRealEstateSubgraph } from './server.ts';

const running = await startRealEstateSubgraph(readRealEstateConfig());
console.log(`real-estate subgraph ${running.url}`);
const stop = async () => { await running.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
