import { readServicesConfig } from './config.ts';
import { startServicesSubgraph } from './server.ts';

const running = await startServicesSubgraph(readServicesConfig());
console.log(`services subgraph ${running.url}`);
const stop = async () => { await running.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
