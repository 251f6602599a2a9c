import type { Db } from './db.ts';
import { ACCESS_RECORD_AT_MS_DDL, ACCESS_RECORD_CLIENT_REQUEST_ID_DDL, ACCESS_RECORD_DDL, ACCESS_RECORD_OUTCOMES_DDL, ACCESS_RECORD_REQUEST_ID_DDL, ACCESS_RECORD_OPERATION_DDL, ACCESS_RECORD_DELEGATION_DDL } from './audit-ddl.ts';

/**
 * Forward-only migrations, applied in order under an advisory lock so several instances starting
 * together against one PostgreSQL apply each exactly once.
 */
export const MIGRATIONS: { id: string; sql: string; statements?: string[] }[] = [
  {
    id: '001_buildings',
    sql: `
      CREATE TABLE building (
        id text PRIMARY KEY,
        name text NOT NULL,
        address text NOT NULL UNIQUE,
        street text NOT NULL,
        floors integer NOT NULL,
        completed_year integer NOT NULL
      );
      CREATE TABLE building_staff (
        id text PRIMARY KEY,
        building_id text NOT NULL REFERENCES building(id),
        name text NOT NULL,
        phone text NOT NULL
      );
      CREATE INDEX building_staff_building ON building_staff(building_id);`,
  },
  {
    // The access record (audit): append-only and hash-chained, see audit.ts. Kept at least six
    // months (domain.md §5.2); there is no deletion path in the code. Statements are listed one by
    // one because the trigger function's body contains semicolons.
    id: '002_access_record',
    sql: '',
    statements: ACCESS_RECORD_DDL,
  },
  {
    // 一件事一次办: one row per bundle (办件编号), one per department step. The worker claims due
    // steps with FOR UPDATE SKIP LOCKED and holds a lease (locked_until) while it calls the
    // department, so a crashed worker's step is picked up again once the lease expires.
    id: '003_bundles',
    sql: `
      CREATE SEQUENCE bundle_number;
      CREATE TABLE bundle (
        id text PRIMARY KEY,
        kind text NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        request_hash text NOT NULL,
        applicant_sub text NOT NULL,
        applicant_role text NOT NULL,
        uscc text,
        form jsonb NOT NULL,
        status text NOT NULL,
        reason text,
        results jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX bundle_uscc ON bundle(uscc);
      CREATE TABLE bundle_step (
        bundle_id text NOT NULL REFERENCES bundle(id),
        key text NOT NULL,
        department text NOT NULL,
        position integer NOT NULL,
        needs text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        result jsonb,
        locked_by text,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bundle_id, key)
      );
      CREATE INDEX bundle_step_due ON bundle_step(next_attempt_at) WHERE status IN ('PENDING', 'RETRYING', 'RUNNING')`,
  },
  {
    // 好差评: one evaluation per bundle (一事一评), the evaluator kept for the record only (never in the
    // graph); a 差评 (level 1–2) opens one follow-up (整改) that window staff close.
    id: '004_evaluation',
    sql: `
      CREATE TABLE evaluation (
        id text PRIMARY KEY,
        bundle_id text NOT NULL UNIQUE REFERENCES bundle(id),
        item_code text NOT NULL,
        level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
        comment text,
        channel text NOT NULL,
        evaluator_sub text NOT NULL,
        evaluator_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE follow_up (
        id text PRIMARY KEY,
        evaluation_id text NOT NULL UNIQUE REFERENCES evaluation(id),
        bundle_id text NOT NULL REFERENCES bundle(id),
        status text NOT NULL,
        owner text NOT NULL,
        due_at timestamptz NOT NULL,
        actions text,
        revisit_level integer CHECK (revisit_level BETWEEN 1 AND 5),
        closed_by text,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX follow_up_open ON follow_up(status, due_at)`,
  },
  {
    // The gateway makes its own request id; the client's x-request-id is kept beside it.
    id: '005_access_record_client_request_id',
    sql: '',
    statements: ACCESS_RECORD_CLIENT_REQUEST_ID_DDL,
  },
  {
    // The outcome INVALID (the caller's own mistake), apart from PARTIAL (a department unavailable).
    id: '006_access_record_outcome_invalid',
    sql: '',
    statements: ACCESS_RECORD_OUTCOMES_DDL,
  },
  {
    // The record's time kept at the millisecond it is hashed at, no digit beyond.
    id: '007_access_record_at_ms',
    sql: '',
    statements: ACCESS_RECORD_AT_MS_DDL,
  },
  {
    // Appends idempotent per request id: waiting records sent again after a crash are appended once.
    id: '008_access_record_request_id_index',
    sql: '',
    statements: ACCESS_RECORD_REQUEST_ID_DDL,
  },
  {
    // The registered operation (name and id of the persisted-query manifest) a request ran.
    id: '009_access_record_operation',
    sql: '',
    statements: ACCESS_RECORD_OPERATION_DDL,
  },
  {
    // 诉求: one row per request, one per transition (who, when, note). The transition's sequence
    // number in the key means two racing moves of one request cannot both land; an idempotency key
    // replays a move. escalated_at is set once by the overdue job (督办), under FOR UPDATE SKIP LOCKED.
    id: '010_requests',
    sql: `
      CREATE SEQUENCE request_number;
      CREATE TABLE request (
        id text PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        request_hash text NOT NULL,
        uscc text NOT NULL,
        building_id text,
        category text NOT NULL,
        department text NOT NULL,
        title text NOT NULL,
        detail text,
        state text NOT NULL,
        seq integer NOT NULL DEFAULT 0,
        due_at timestamptz NOT NULL,
        escalated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX request_uscc ON request(uscc, created_at);
      CREATE INDEX request_building_open ON request(building_id, created_at) WHERE state <> 'CLOSED';
      CREATE INDEX request_due ON request(due_at) WHERE state <> 'CLOSED' AND escalated_at IS NULL;
      CREATE TABLE request_transition (
        request_id text NOT NULL REFERENCES request(id),
        seq integer NOT NULL,
        action text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor_sub text NOT NULL,
        actor_role text NOT NULL,
        note text,
        idempotency_key text UNIQUE,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, seq)
      );
      CREATE TABLE request_rating (
        request_id text PRIMARY KEY REFERENCES request(id),
        level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
        comment text,
        channel text NOT NULL,
        rater_sub text NOT NULL,
        follow_up_owner text,
        follow_up_due_at timestamptz,
        at timestamptz NOT NULL DEFAULT now()
      )`,
  },
  {
    // 督办: the department's supervisor queue, one row per request ever escalated (the key makes
    // escalation happen once, whichever worker instance gets there, before or after a restart).
    id: '010_request_escalation',
    sql: `
      CREATE TABLE request_escalation (
        request_id text PRIMARY KEY REFERENCES request(id),
        department text NOT NULL,
        due_at timestamptz NOT NULL,
        escalated_by text NOT NULL,
        escalated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX request_escalation_queue ON request_escalation(department, escalated_at)`,
  },
  {
    // 走楼访企: one row per visit of building staff to an enterprise, with the requests raised during it.
    id: '010_visits',
    sql: `
      CREATE TABLE visit (
        id text PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        request_hash text NOT NULL,
        uscc text NOT NULL,
        building_id text NOT NULL,
        visited_at timestamptz NOT NULL,
        met text NOT NULL,
        topics text[] NOT NULL,
        notes text,
        request_ids text[] NOT NULL DEFAULT '{}',
        staff_sub text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX visit_building ON visit(building_id, visited_at);
      CREATE INDEX visit_uscc ON visit(uscc, visited_at)`,
  },
  {
    // A request's 差评 follow-up (整改) closed with the actions taken and the 回访 level, once.
    id: '010_request_follow_up_close',
    sql: `
      ALTER TABLE request_rating ADD COLUMN follow_up_actions text;
      ALTER TABLE request_rating ADD COLUMN follow_up_revisit_level integer CHECK (follow_up_revisit_level BETWEEN 1 AND 5);
      ALTER TABLE request_rating ADD COLUMN follow_up_closed_by text;
      ALTER TABLE request_rating ADD COLUMN follow_up_closed_at timestamptz`,
  },
  {
    // 证明 (certificates): the signed document exactly as signed (its JSON text), the signature and
    // the key that made it, and the verification code printed on it. Never deleted; revoked_at marks
    // one withdrawn.
    id: '011_certificates',
    sql: `
      CREATE SEQUENCE certificate_number;
      CREATE TABLE certificate (
        number text PRIMARY KEY,
        kind text NOT NULL,
        uscc text NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        verification_code text NOT NULL UNIQUE,
        document text NOT NULL,
        signature text NOT NULL,
        key_id text NOT NULL,
        issued_at timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        revoked_at timestamptz,
        issuer_sub text NOT NULL,
        issuer_role text NOT NULL
      );
      CREATE INDEX certificate_uscc ON certificate(uscc)`,
  },
  {
    // 撤销: who withdrew a certificate and why, and the key that makes a repeated request answer the same.
    id: '012_certificate_revocation',
    sql: `
      ALTER TABLE certificate ADD COLUMN revoke_reason text;
      ALTER TABLE certificate ADD COLUMN revoked_by_sub text;
      ALTER TABLE certificate ADD COLUMN revoked_by_role text;
      ALTER TABLE certificate ADD COLUMN revoke_idempotency_key text UNIQUE`,
  },
  {
    // 掌上选址: the buildings' listings of rooms free for rent or sale (房源). No owner is stored.
    id: '012_vacant_units',
    sql: `
      CREATE TABLE vacant_unit (
        id text PRIMARY KEY,
        building_id text NOT NULL REFERENCES building(id),
        building_kind text NOT NULL,
        location text NOT NULL,
        street text NOT NULL,
        floor integer NOT NULL,
        room text NOT NULL,
        floor_area_hundredths integer NOT NULL,
        offer text NOT NULL,
        rent_fen_per_sqm_day integer,
        sale_price_per_sqm integer,
        amenities text[] NOT NULL,
        available_from date NOT NULL,
        listed_on date NOT NULL
      );
      CREATE INDEX vacant_unit_street ON vacant_unit(street, rent_fen_per_sqm_day);
      CREATE INDEX vacant_unit_building ON vacant_unit(building_id, floor, room)`,
  },
  {
    // 委托 (帮办代办): an enterprise's delegation to an agent, with the items it covers and its
    // validity window. Never deleted: revoked_at marks one withdrawn, used_at one whose single use
    // is spent (consumed by one conditional UPDATE, so concurrent uses on any instance spend it once).
    id: '013_delegations',
    sql: `
      CREATE TABLE delegation (
        id text PRIMARY KEY,
        uscc text NOT NULL,
        agent_kind text NOT NULL,
        agent_id text NOT NULL,
        purposes text[] NOT NULL,
        bundle_kinds text[] NOT NULL,
        certificate_kinds text[] NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        one_time boolean NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        granted_by text NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        request_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_from < valid_until)
      );
      CREATE INDEX delegation_uscc ON delegation(uscc, created_at);
      CREATE INDEX delegation_agent ON delegation(agent_id, created_at)`,
  },
  {
    // The agent and the delegation of a record made under one (帮办代办).
    id: '014_access_record_delegation',
    sql: '',
    statements: ACCESS_RECORD_DELEGATION_DDL,
  },
];

const LOCK_KEY = 7_370_212;

export async function migrate(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migration')).map((r) => r.id));
    const applied: string[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      const statements = m.statements ?? m.sql.split(';').map((s) => s.trim()).filter(Boolean);
      for (const statement of statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migration (id) VALUES ($1)', [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
