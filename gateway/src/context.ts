import type { FreshnessReport, Logger } from '@district/common';

/** What the gateway knows of one request; per-request state lives here, never in module variables. */
export interface GatewayContext {
  requestId: string;
  /** Epoch ms by which the whole answer must be sent. */
  deadline: number;
  /** Stale copies the subgraphs served for this request (extensions.stale). */
  freshness: FreshnessReport;
  logger?: Logger;
}
