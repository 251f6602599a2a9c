/**
 * The baseline: stock `@apollo/gateway` with its defaults (its own fetcher, no custom data source,
 * no tuning) on Apollo Server's startStandaloneServer, serving the per-run supergraph copy whose
 * subgraph URLs point at this run's subgraphs. Only what is needed to run is set: the supergraph
 * and the port. (Neither logs per request by default; usage reporting is off without APOLLO_KEY.)
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const supergraphPath = process.env.BENCH_SUPERGRAPH_PATH;
const port = Number(process.env.BENCH_GATEWAY_PORT);
if (!supergraphPath || !Number.isInteger(port)) throw new Error('BENCH_SUPERGRAPH_PATH and BENCH_GATEWAY_PORT are required');

// Its one non-default: @apollo/gateway would otherwise export telemetry to Apollo's cloud and probe
// cloud metadata endpoints; nothing here may leave the machine. It costs the peer nothing per request.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, 'utf8') });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
console.log(`stock @apollo/gateway ${url}`);

const stop = async () => { await server.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
