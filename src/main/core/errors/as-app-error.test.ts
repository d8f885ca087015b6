import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { LedgerError } from '../ledger/errors';
import { asAppError } from './as-app-error';

describe('asAppError', () => {
  it('keeps an AppError as it is', () => {
    const error = new AppError('NOT_FOUND', 'gone');
    expect(asAppError(error)).toBe(error);
  });

  it('turns a ledger format failure into LEDGER_DAMAGED, keeping the format code', () => {
    const mapped = asAppError(new LedgerError('PROOF_INVALID', 'the proof does not match'));
    expect(mapped?.code).toBe('LEDGER_DAMAGED');
    expect(mapped?.message).toContain('PROOF_INVALID');
    expect(mapped?.message).toContain('the proof does not match');
  });

  it('leaves unexpected errors to the caller', () => {
    expect(asAppError(new TypeError('bug'))).toBeUndefined();
  });
});
