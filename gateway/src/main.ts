import { readGatewayConfig } from './config.ts';
import { startGateway } from './server.ts';

const gateway = await startGateway(readGatewayConfig());
console.log(`gateway ${gateway.url}/graphql (GraphiQL at ${gateway.url}/)`);
const stop = async () => { await gateway.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
