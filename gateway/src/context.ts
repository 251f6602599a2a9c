/** What the gateway knows of one request; per-request state lives here, never in module variables. */
export interface GatewayContext {
  requestId: string;
}
