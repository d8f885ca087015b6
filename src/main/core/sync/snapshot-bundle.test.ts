import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SnapshotRecordKind } from '../../../shared/domain/sync';
import { decodeBundle, encodeBundle } from './snapshot-bundle';

describe('encodeBundle', () => {
  const datasets = Buffer.from(
    JSON.stringify(
      Array.from({ length: 4000 }, (_, i) => ({ id: `d${i}`, title: `Dataset ${i} — é 😀` })),
    ),
  );
  const contents = {
    issuer: randomUUID(),
    rotations: [Buffer.from('{"rotation":1}')],
    envelope: Buffer.from('{"payload":"x"}'),
    parts: new Map<SnapshotRecordKind, Uint8Array>([
      ['dataset', datasets],
      ['grant', Buffer.from('[]')],
    ]),
  };

  it('writes one gzip member of the whole bundle, however its parts are cut', () => {
    const whole = Buffer.from(encodeBundle(contents));
    const cut = Buffer.from(
      encodeBundle({
        ...contents,
        parts: new Map<SnapshotRecordKind, Uint8Array[]>([
          [
            'dataset',
            [
              datasets.subarray(0, 70_000),
              datasets.subarray(70_000, 70_000),
              datasets.subarray(70_000, 70_010),
              datasets.subarray(70_010),
            ],
          ],
          ['grant', [Buffer.from('['), Buffer.from(']')]],
        ]),
      }),
    );
    const plain = gunzipSync(whole);
    expect(gunzipSync(cut).equals(plain)).toBe(true);
    for (const bundle of [whole, cut]) {
      // One member: a 10-byte header, one deflate stream, then the CRC-32 and length of all.
      expect([...bundle.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
      expect(inflateRawSync(bundle.subarray(10, -8)).equals(plain)).toBe(true);
      expect(bundle.readUInt32LE(bundle.byteLength - 8)).toBe(crc32(plain));
      expect(bundle.readUInt32LE(bundle.byteLength - 4)).toBe(plain.byteLength);
      const decoded = decodeBundle(bundle);
      expect(Buffer.from(decoded.parts.get('dataset') ?? []).equals(datasets)).toBe(true);
      expect(Buffer.from(decoded.parts.get('grant') ?? []).toString()).toBe('[]');
      expect(decoded.rotations).toHaveLength(1);
    }
    expect(plain.byteLength).toBeGreaterThan(whole.byteLength);
  });
});
