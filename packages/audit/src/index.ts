/** @district/audit: The access record (访问记录): its shape, the writer that sends records to the services store in group commits, the spool that keeps them while services is down, and refusal records. */
export { ACCESS_OUTCOMES, AccessRecordInputSchema, REQUEST_ID, UNAUTHENTICATED } from './audit-record.ts';
export type { AccessOutcome, AccessRecordInput } from './audit-record.ts';
export { createRefusalAuditor, usccsIn } from './audit-refusals.ts';
export type { RecordRefusal, Refusal } from './audit-refusals.ts';
export { MEMORY_SPOOL_MAX, REDIS_SPOOL_MAX, SPOOL_LEASE_MS, createMemorySpool, createRedisSpool } from './audit-spool.ts';
export type { RecordSpool, RedisSpoolOptions, TakenRecords } from './audit-spool.ts';
export { createAccessRecordWriter, sendRecordsTo } from './audit-writer.ts';
export { SYNC_INTERVAL_MS, createFileSpool } from './audit-file-spool.ts';
export type { AccessRecordWriter, AccessRecordWriterOptions, SendRecords } from './audit-writer.ts';
