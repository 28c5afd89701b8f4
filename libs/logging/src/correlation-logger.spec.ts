import { correlationLogger } from './correlation-logger.js';

describe('correlationLogger', () => {
  it('writes LOG_LEVEL and what is more severe', () => {
    const warn = correlationLogger('warn');
    expect(['verbose', 'debug', 'log'].map((level) => warn.isLevelEnabled(level as 'log'))).toEqual([false, false, false]);
    expect(['warn', 'error', 'fatal'].map((level) => warn.isLevelEnabled(level as 'log'))).toEqual([true, true, true]);
  });

  it('writes log, warn, error and fatal when LOG_LEVEL is unset', () => {
    const logger = correlationLogger(undefined);
    expect(logger.isLevelEnabled('log')).toBe(true);
    expect(logger.isLevelEnabled('debug')).toBe(false);
  });
});
