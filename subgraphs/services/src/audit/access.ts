import { forbidden, type Caller } from '@district/domain';

/**
 * Who may read an enterprise's access record (谁查了我的数据): the enterprise itself, and auditors
 * acting for the AUDIT purpose. Nobody else, whatever their other rights.
 */
export function mayReadAccessLog(caller: Caller, uscc: string): boolean {
  if (caller.role === 'enterprise') return caller.uscc === uscc;
  return caller.role === 'auditor' && caller.purpose === 'AUDIT';
}

/** Only the gateway (role system, in the signed context) appends access records. */
export function assertMayRecordAccess(caller: Caller): void {
  if (caller.role !== 'system') throw forbidden('Only the gateway may append to the access record');
}

export function assertMayReadAccessLog(caller: Caller, uscc: string): void {
  if (!mayReadAccessLog(caller, uscc)) {
    throw forbidden('Enterprise.accessLog is visible only to the enterprise itself and to auditors (purpose AUDIT)', { field: 'Enterprise.accessLog' });
  }
}
