import type { Caller } from '@district/domain';
import type { FreshnessReport } from '@district/department-access';
import type { Logger } from '@district/runtime';
import type { OperationRef } from './operation-registry.ts';

/** What the gateway knows of one request; per-request state lives here, never in module variables. */
export interface GatewayContext {
  /** Our own id of the request (a UUID the gateway makes): the access record's, and every subgraph call's. */
  requestId: string;
  /** The client's x-request-id, when it fits REQUEST_ID: recorded beside ours, never used as ours. */
  clientRequestId?: string;
  /** Who asks, in which role, for which purpose: signed into every subgraph call. */
  caller: Caller;
  /** The caller signed for subgraphs, made once per request on the first subgraph call. */
  signedContext?: string;
  /** The caller's claims but the request id, canonical: which requests may share a subgraph call (batching/). */
  callerKey?: string;
  /** Epoch ms by which the whole answer must be sent. */
  deadline: number;
  /**
   * Stale copies served for this request (extensions.stale) and how fresh the cached copies served
   * are (extensions.asOf): the subgraphs' notices and the gateway response cache's own.
   */
  freshness: FreshnessReport;
  logger?: Logger;
  /** The registered operation this request runs (its manifest name and id), if it is one: for logs, metrics and the access record. */
  operation?: OperationRef;
}
