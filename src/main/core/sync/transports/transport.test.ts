import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrownCode } from '../../testing/thrown-code';
import { parseSnapshotKey, snapshotKey } from './transport';

const recipient = '3f0c5a9e-8b1d-4c2e-9f3a-0123456789ab';
const issuer = 'a1b2c3d4-e5f6-4789-8abc-def012345678';
const nodeId = fc.uuid().map((id) => id.toLowerCase());

describe('snapshot keys', () => {
  it('pad the version to 8 digits under recipient/issuer', () => {
    expect(snapshotKey(recipient, issuer, 3)).toBe(`${recipient}/${issuer}/00000003.snapshot`);
    expect(parseSnapshotKey(`${recipient}/${issuer}/00000003.snapshot`)).toEqual({
      recipient,
      issuer,
      version: 3,
      segments: [recipient, issuer, '00000003.snapshot'],
    });
  });

  it('refuse node ids that are not lowercase UUIDs and versions out of range', () => {
    expect(thrownCode(() => snapshotKey(recipient.toUpperCase(), issuer, 1))).toBe(
      'TRANSPORT_PATH_ESCAPE',
    );
    expect(thrownCode(() => snapshotKey(recipient, '..', 1))).toBe('TRANSPORT_PATH_ESCAPE');
    for (const version of [0, -1, 1.5, 100_000_000, Number.NaN]) {
      expect(thrownCode(() => snapshotKey(recipient, issuer, version))).toBe(
        'TRANSPORT_PATH_ESCAPE',
      );
    }
    expect(thrownCode(() => parseSnapshotKey(`${recipient}/${issuer}/00000000.snapshot`))).toBe(
      'TRANSPORT_PATH_ESCAPE',
    );
  });

  it('round-trip every valid key', () => {
    fc.assert(
      fc.property(nodeId, nodeId, fc.integer({ min: 1, max: 99_999_999 }), (r, i, v) => {
        const key = snapshotKey(r, i, v);
        expect(parseSnapshotKey(key)).toMatchObject({ recipient: r, issuer: i, version: v });
      }),
    );
  });

  it('parse a string only if it renders back to itself', () => {
    const near = fc.constantFrom('/', '.', '..', '\\', '%2e', '\0', 'snapshot', '0', recipient);
    fc.assert(
      fc.property(fc.array(fc.oneof(near, fc.string()), { maxLength: 8 }), (parts) => {
        const candidate = parts.join('');
        let parsed;
        try {
          parsed = parseSnapshotKey(candidate);
        } catch {
          return;
        }
        expect(snapshotKey(parsed.recipient, parsed.issuer, parsed.version)).toBe(candidate);
      }),
    );
  });
});
