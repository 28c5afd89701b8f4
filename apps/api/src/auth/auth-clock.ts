/**
 * Injection token of the clock that sessions, lockouts, second factors and audit rows read. Apart
 * from the business clock (CLOCK): a test that moves the ledger's day forward does not end sessions,
 * and one that tests idleness moves only this.
 */
export const AUTH_CLOCK = Symbol('AUTH_CLOCK');
