import { z } from 'zod';
import { loadConfig } from './config.ts';

/**
 * 监听地址: the interface a subgraph, the bundle worker or the department stand-ins listen on. By
 * default this machine only (127.0.0.1), as on a developer's machine; a container sets 0.0.0.0 so
 * that its port can be published and other pods reach it (deploy/). The gateway has its own,
 * GATEWAY_HOST.
 */
export const listenHostSchema = z.object({
  LISTEN_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the subgraphs, the bundle worker and the department stand-ins listen on: 127.0.0.1 (this machine only) by default, 0.0.0.0 in a container'),
});

/** LISTEN_HOST, or a ConfigError. */
export const readListenHost = (env: NodeJS.ProcessEnv = process.env): string => loadConfig(listenHostSchema, env).LISTEN_HOST;
