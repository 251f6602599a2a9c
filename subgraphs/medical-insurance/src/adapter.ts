import { DepartmentUnavailableError } from '@district/domain';
import { type BackendTransport } from '@district/department-access';
import { type Logger } from '@district/runtime';
import type { GraphQLError } from 'graphql';
import type { z } from 'zod';
import { badResponse, httpFailure, MalformedReply, platformFailure } from './native-errors.ts';
import { toArrearsStatement, toContributions, toEmployerAccount, toHeadcounts, windowFields } from './mapping.ts';
import { CALL_SERVICE_PATH, MessageFactory, writeMsgid, type MessageOptions } from './message.ts';
import type { ArrearsStatement, Contribution, EmployerAccount, HeadcountSnapshot, PeriodWindow } from './domain.ts';
import { FsiReply, READS, WRITES, type ReadInfno, type WriteInfno } from './wire.ts';

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

  /** 3301 单位参保登记: the new 单位编号 and 参保日期. */
  async registerEmployer(idempotencyKey: string, input: EmployerRegistrationInput): Promise<{ employerNo: string; registeredOn: string }> {
    const agent = input.agent ?? { name: input.legalRepresentative.name, mobile: input.legalRepresentative.phone };
    const out = await this.send('3301', {
      uscc: input.uscc, emp_name: input.name, emp_type: input.employerType ?? '10', conaddr: input.address,
      legrep_name: input.legalRepresentative.name, legrep_certno: input.legalRepresentative.idNumber, legrep_tel: input.legalRepresentative.phone,
      agnter_name: agent.name, agnter_mob: agent.mobile,
    }, writeMsgid('register', idempotencyKey));
    return { employerNo: out.emp_no, registeredOn: out.reg_date };
  }

  /** 3302 单位信息变更: name and/or address, as 市场监管 changed them. */
  async changeEmployer(idempotencyKey: string, uscc: string, change: { name?: string | null; address?: string | null }): Promise<{ employerNo: string; changedOn: string }> {
    const out = await this.send('3302', {
      uscc, ...(change.name != null && { emp_name: change.name }), ...(change.address != null && { conaddr: change.address }),
    }, writeMsgid('change', idempotencyKey));
    return { employerNo: out.emp_no, changedOn: out.chg_date };
  }

  /** 3303 单位注销; refused (FSI-412) while arrears remain. */
  async closeEmployer(idempotencyKey: string, uscc: string, reason?: string | null): Promise<{ employerNo: string; closedOn: string }> {
    const out = await this.send('3303', { uscc, ...(reason ? { cancel_rea: reason } : {}) }, writeMsgid('close', idempotencyKey));
    return { employerNo: out.emp_no, closedOn: out.cancel_date };
  }

  /** Sends one query transaction and returns its output, checked against the wire schema. */
  private read<I extends ReadInfno>(infno: I, data: Record<string, string>): Promise<z.infer<(typeof READS)[I]>> {
    return this.send(infno, data);
  }

  /** One transaction (a read with a fresh msgid, a write with its derived one): output checked against the wire schema. */
  private async send<I extends ReadInfno | WriteInfno>(infno: I, data: Record<string, string>, fixedMsgid?: string): Promise<z.infer<(typeof SCHEMAS)[I]>> {
    const { msgid, body } = this.messages.build(infno, data, fixedMsgid);
    const fail = (error: GraphQLError, log: { detail?: string; refmsgid?: string | null } = {}): GraphQLError => {
      this.logger.warn({ infno, msgid, ...log, extensions: error.extensions }, 'medical-insurance call failed');
      return error;
    };
    const res = await this.transport
      .request({ method: 'POST', path: CALL_SERVICE_PATH, headers: { 'content-type': 'application/json;charset=UTF-8', accept: 'application/json' }, body, kind: infno })
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
    const output = SCHEMAS[infno].safeParse(reply.data.output);
    if (!output.success) throw fail(badResponse(), { detail: `output of ${infno}: ${describeIssues(output.error)}`, refmsgid: reply.data.inf_refmsgid });
    return output.data as z.infer<(typeof SCHEMAS)[I]>;
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

const SCHEMAS = { ...READS, ...WRITES };

export interface EmployerRegistrationInput {
  uscc: string;
  name: string;
  address: string;
  legalRepresentative: { name: string; idNumber: string; phone: string };
  /** 单位经办人; default the legal representative. */
  agent?: { name: string; mobile: string } | null;
  /** 单位性质 code (10 企业, 60 个体工商户, 70 农民专业合作社 …); default 10. */
  employerType?: string | null;
}
