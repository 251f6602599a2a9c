import type { Caller } from '@district/domain';
import type { RequestRow } from '../store/requests.ts';

/**
 * 诉求闭环 (domain.md §4.5): the states a request moves through, in order, none skipped and none
 * repeated, and who may move it. 受理 is the raising itself; each later state has one action.
 */
export const REQUEST_STATES = ['ACCEPTED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'ANSWERED', 'CALLED_BACK', 'RATED', 'CLOSED'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const STATE_LABELS: Record<RequestState, string> = {
  ACCEPTED: '受理', DISPATCHED: '派单', SIGNED: '签收', IN_PROGRESS: '办理', ANSWERED: '答复', CALLED_BACK: '回访', RATED: '评价', CLOSED: '办结',
};

/** The actions of advanceRequest and the state each leads to (RATE is rateRequest's). */
export const REQUEST_ACTIONS = { DISPATCH: 'DISPATCHED', SIGN: 'SIGNED', START: 'IN_PROGRESS', ANSWER: 'ANSWERED', CALL_BACK: 'CALLED_BACK', RATE: 'RATED', CLOSE: 'CLOSED' } as const;
export type RequestAction = keyof typeof REQUEST_ACTIONS;

/** The state an action must find: the one just before its target. */
export const fromStateOf = (action: RequestAction): RequestState => REQUEST_STATES[REQUEST_STATES.indexOf(REQUEST_ACTIONS[action]) - 1];

/** Open: not yet 办结. */
export const isOpen = (state: RequestState) => state !== 'CLOSED';

const stateLabel = (s: RequestState) => `「${STATE_LABELS[s]}」(${s})`;
/** The refusal of a transition that does not fit: names both states. */
export const transitionMessage = (current: RequestState, target: RequestState) =>
  `诉求当前为${stateLabel(current)}，不能转为${stateLabel(target)} — the request is ${current}; it cannot move to ${target} (it must be ${REQUEST_STATES[REQUEST_STATES.indexOf(target) - 1]} first)`;

/** 楼小二 of the request's building, acting for building service. */
export const isBuildingStaffOf = (caller: Caller, building: string | null) =>
  caller.role === 'building-staff' && caller.purpose === 'BUILDING_SERVICE' && !!building && !!caller.buildings?.includes(building);
/** The enterprise itself, self-service. */
export const isEnterpriseItself = (caller: Caller, uscc: string) => caller.role === 'enterprise' && caller.purpose === 'SELF_SERVICE' && caller.uscc === uscc;
const isWindow = (caller: Caller) => caller.role === 'window-staff';
/** The routed department's officer, on a department case. */
export const isOfficerOf = (caller: Caller, department: string) =>
  caller.role === 'department-officer' && caller.purpose === 'DEPARTMENT_CASE' && caller.department === department;

/** The intake side (受理, 派单, 回访, 办结): the building's staff or the window. */
const isIntake = (caller: Caller, r: RequestRow) => isBuildingStaffOf(caller, r.buildingId) || isWindow(caller);
/** The handling side (签收, 办理, 答复): the routed department's officer; the building's staff for SERVICES. */
const isHandler = (caller: Caller, r: RequestRow) => (r.department === 'SERVICES' ? isBuildingStaffOf(caller, r.buildingId) : isOfficerOf(caller, r.department));

/** Who may make each action, and the words of the refusal. */
export const MAY: Record<RequestAction, { may: (caller: Caller, r: RequestRow) => boolean; who: string }> = {
  DISPATCH: { may: isIntake, who: '本楼楼小二或窗口人员 — the building\'s staff or window staff' },
  SIGN: { may: isHandler, who: '承办部门人员 — an officer of the department the request is routed to' },
  START: { may: isHandler, who: '承办部门人员 — an officer of the department the request is routed to' },
  ANSWER: { may: isHandler, who: '承办部门人员 — an officer of the department the request is routed to' },
  CALL_BACK: { may: isIntake, who: '本楼楼小二或窗口人员 — the building\'s staff or window staff' },
  RATE: { may: (caller, r) => isEnterpriseItself(caller, r.uscc), who: '提出诉求的企业 — the enterprise itself (self-service)' },
  CLOSE: { may: isIntake, who: '本楼楼小二或窗口人员 — the building\'s staff or window staff' },
};

/** Who may raise a request for `uscc` in `building` (受理). */
export const mayRaise = (caller: Caller, uscc: string, building: string | null) =>
  isEnterpriseItself(caller, uscc) || isBuildingStaffOf(caller, building) || isWindow(caller);

/** Who may read a request: those who may act on it, the routed department, auditors and the gateway. */
export const mayRead = (caller: Caller, r: RequestRow) =>
  isEnterpriseItself(caller, r.uscc) || isIntake(caller, r) || isHandler(caller, r) || isOfficerOf(caller, r.department)
  || caller.role === 'system' || (caller.role === 'auditor' && caller.purpose === 'AUDIT');
