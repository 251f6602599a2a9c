import { start } from './index.ts';

const running = await start(process.env);
console.log(`tax subgraph ${running.url}`);
const stop = async () => { await running.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
