/**
 * DDL of the access record. `subjects` holds the USCCs of the enterprises touched (public
 * identifiers, indexed so Enterprise.accessLog is one index lookup); never persons' ID numbers or
 * names. UPDATE, DELETE and TRUNCATE are refused by triggers: only a superuser who disables them
 * can tamper, and the hash chain then shows it (npm run audit:verify).
 */
export const ACCESS_RECORD_DDL: string[] = [
  `CREATE TABLE access_record (
     seq bigint PRIMARY KEY CHECK (seq > 0),
     at timestamptz NOT NULL,
     request_id text NOT NULL,
     who text NOT NULL,
     role text NOT NULL,
     purpose text,
     case_id text,
     departments text[] NOT NULL,
     subjects text[] NOT NULL,
     fields text[] NOT NULL,
     outcome text NOT NULL CHECK (outcome IN ('OK', 'PARTIAL', 'DENIED', 'ERROR')),
     prev_hash text NOT NULL,
     hash text NOT NULL UNIQUE
   )`,
  `CREATE INDEX access_record_subjects ON access_record USING gin (subjects)`,
  `CREATE FUNCTION access_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'access_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
   END
   $$`,
  `CREATE TRIGGER access_record_no_update_delete BEFORE UPDATE OR DELETE ON access_record
     FOR EACH ROW EXECUTE FUNCTION access_record_append_only()`,
  `CREATE TRIGGER access_record_no_truncate BEFORE TRUNCATE ON access_record
     FOR EACH STATEMENT EXECUTE FUNCTION access_record_append_only()`,
];

/**
 * The client's own x-request-id, kept beside the gateway's request id (which the client can no
 * longer choose). Nullable: records written before it have none, and hash as they did (audit.ts).
 */
export const ACCESS_RECORD_CLIENT_REQUEST_ID_DDL: string[] = [
  `ALTER TABLE access_record ADD COLUMN client_request_id text`,
];

/**
 * The outcomes, one meaning each (packages/audit/src/audit-record.ts ACCESS_OUTCOMES): INVALID added for
 * the caller's own mistake, which was recorded as PARTIAL. Records written before keep theirs.
 */
export const ACCESS_RECORD_OUTCOMES_DDL: string[] = [
  `ALTER TABLE access_record DROP CONSTRAINT access_record_outcome_check`,
  `ALTER TABLE access_record ADD CONSTRAINT access_record_outcome_check CHECK (outcome IN ('OK', 'PARTIAL', 'INVALID', 'DENIED', 'ERROR'))`,
];

/**
 * The time at millisecond precision, the precision it is hashed at (audit.ts): a column that kept
 * microseconds left digits no hash covered. Narrowing rounds, so it first refuses a table holding
 * a time with digits below the millisecond — no append writes one, and rounding it away would
 * erase the evidence of an edit (`npm run audit:verify` names the record).
 */
export const ACCESS_RECORD_AT_MS_DDL: string[] = [
  `DO $$
   BEGIN
     IF EXISTS (SELECT 1 FROM access_record WHERE at <> date_trunc('milliseconds', at)) THEN
       RAISE EXCEPTION 'access_record holds a time with digits below the millisecond, which no append writes: run npm run audit:verify before migrating';
     END IF;
   END
   $$`,
  `ALTER TABLE access_record ALTER COLUMN at TYPE timestamptz(3)`,
];

/**
 * The registered operation a request ran (its manifest name and id), when it was one. Nullable:
 * other requests and records written before have none, and hash as they did (audit.ts).
 */
export const ACCESS_RECORD_OPERATION_DDL: string[] = [
  `ALTER TABLE access_record ADD COLUMN operation text`,
  `ALTER TABLE access_record ADD COLUMN operation_id text`,
];

/**
 * Appends are idempotent per request id (audit.ts): a batch sent again after a crash finds the
 * records it already wrote by this index. Not UNIQUE: records from before the gateway made its own
 * ids may share a client's.
 */
export const ACCESS_RECORD_REQUEST_ID_DDL: string[] = [
  `CREATE INDEX access_record_request_id ON access_record (request_id)`,
];

/**
 * An agent's (帮办代办) use of a delegation: who acted (the agent's id, also `who`) and under which
 * delegation, so the enterprise's access log says "by agent X under delegation Y". Nullable:
 * other records have none, and hash as they did (audit.ts).
 */
export const ACCESS_RECORD_DELEGATION_DDL: string[] = [
  `ALTER TABLE access_record ADD COLUMN agent text`,
  `ALTER TABLE access_record ADD COLUMN delegation_id text`,
  `CREATE INDEX access_record_agent ON access_record (agent) WHERE agent IS NOT NULL`,
];
