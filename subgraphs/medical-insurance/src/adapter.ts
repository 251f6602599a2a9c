import { DepartmentUnavailableError, type BackendTransport, type Logger } from '@district/common';
import type { GraphQLError } from 'graphql';
import type { z } from 'zod';
import { badResponse, httpFailure, MalformedReply, platformFailure } from './failures.ts';
import { toArrearsStatement, toContributions, toEmployerAccount, toHeadcounts, windowFields } from './mapping.ts';
import { CALL_SERVICE_PATH, MessageFactory, type MessageOptions } from './message.ts';
import type { ArrearsStatement, Contribution, EmployerAccount, HeadcountSnapshot, PeriodWindow } from './model.ts';
import { FsiReply, READS, type ReadInfno } from './wire.ts';

/** The reads the subgraph makes; the loaders call them through DepartmentReads (cache, retries, breaker), which wraps exactly this. */
export interface MedicalInsuranceReads {
  getEmployer(uscc: string): Promise<EmployerAccount | null>;
  getArrears(uscc: string, window?: PeriodWindow): Promise<ArrearsStatement | null>;
  getContributions(uscc: string, window?: PeriodWindow): Promise<Contribution[] | null>;
  getHeadcounts(uscc: string, window?: PeriodWindow): Promise<HeadcountSnapshot[] | null>;
}

export interface MedicalInsuranceAdapterOptions extends MessageOptions {
  /** Keep-alive pool, timeout and the process-wide cap on calls in flight. */
  transport: Pick<BackendTransport, 'request'>;
  logger: Logger;
}

/**
 * The one class that speaks the 医保 platform's API (backends/docs/medical-insurance.md): one
 * endpoint, transactions chosen by infno, one employer per call, HTTP 200 with infcode -1 for
 * business errors. Every reply is checked against wire.ts and translated by mapping.ts; every
 * failure becomes a DepartmentUnavailableError or DepartmentRejectedError. No caching and no
 * retries here: DepartmentReads adds both around these reads (loaders.ts). Every call of a read
 * method builds a new message, so a retry — which calls the method again — goes out with a fresh
 * msgid, never a repeated one (queries are safe to repeat: the platform does not remember their
 * msgids, but it does refuse a reused msgid that carries a different message).
 */
export class MedicalInsuranceAdapter implements MedicalInsuranceReads {
  private readonly messages: MessageFactory;
  private readonly transport: Pick<BackendTransport, 'request'>;
  private readonly logger: Logger;

  constructor(options: MedicalInsuranceAdapterOptions) {
    this.messages = new MessageFactory(options);
    this.transport = options.transport;
    this.logger = options.logger;
  }

  /** 1301 单位参保信息查询: registration, current headcount and the arrears summary; null when not registered. */
  async getEmployer(uscc: string): Promise<EmployerAccount | null> {
    return this.mapped('1301', await this.read('1301', { uscc }), (out) => toEmployerAccount(uscc, out));
  }

  /** 1304 单位欠费查询: every outstanding period; null when not registered. */
  async getArrears(uscc: string, window?: PeriodWindow): Promise<ArrearsStatement | null> {
    return this.mapped('1304', await this.read('1304', { uscc, ...windowFields(window) }), toArrearsStatement);
  }

  /** 1303 单位缴费记录查询: contributions of the months the platform keeps online; null when not registered. */
  async getContributions(uscc: string, window?: PeriodWindow): Promise<Contribution[] | null> {
    return this.mapped('1303', await this.read('1303', { uscc, ...windowFields(window) }), toContributions);
  }

  /** 1302 参保人数月度快照; null when not registered. */
  async getHeadcounts(uscc: string, window?: PeriodWindow): Promise<HeadcountSnapshot[] | null> {
    return this.mapped('1302', await this.read('1302', { uscc, ...windowFields(window) }), toHeadcounts);
  }

  /** Sends one query transaction and returns its output, checked against the wire schema. */
  private async read<I extends ReadInfno>(infno: I, data: Record<string, string>): Promise<z.infer<(typeof READS)[I]>> {
    const { msgid, body } = this.messages.build(infno, data);
    const fail = (error: GraphQLError, log: { detail?: string; refmsgid?: string | null } = {}): GraphQLError => {
      this.logger.warn({ infno, msgid, ...log, extensions: error.extensions }, 'medical-insurance call failed');
      return error;
    };
    const res = await this.transport
      .request({ method: 'POST', path: CALL_SERVICE_PATH, headers: { 'content-type': 'application/json;charset=UTF-8', accept: 'application/json' }, body })
      .catch((error: unknown) => {
        throw error instanceof DepartmentUnavailableError ? fail(error) : error;
      });
    if (res.status !== 200) throw fail(httpFailure(res.status));
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw fail(badResponse(), { detail: `HTTP 200 with a body that is not JSON (${res.text.length} characters)` });
    }
    const reply = FsiReply.safeParse(json);
    if (!reply.success) throw fail(badResponse(), { detail: `envelope: ${describeIssues(reply.error)}` });
    if (reply.data.infcode !== 0) throw fail(platformFailure(reply.data.err_msg), { refmsgid: reply.data.inf_refmsgid });
    const output = READS[infno].safeParse(reply.data.output);
    if (!output.success) throw fail(badResponse(), { detail: `output of ${infno}: ${describeIssues(output.error)}`, refmsgid: reply.data.inf_refmsgid });
    return output.data as z.infer<(typeof READS)[I]>;
  }

  /** Runs a wire → domain mapping; a reply that parses but makes no sense is a bad response too. */
  private mapped<T, R>(infno: ReadInfno, output: T, map: (output: T) => R): R {
    try {
      return map(output);
    } catch (error) {
      if (!(error instanceof MalformedReply)) throw error;
      this.logger.warn({ infno, detail: error.detail }, 'medical-insurance reply makes no sense');
      throw badResponse();
    }
  }
}

/** Where and how a payload failed its schema: paths and messages only, never the values (they may be personal data). */
function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
