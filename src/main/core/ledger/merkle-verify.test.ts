import { describe, expect, it } from 'vitest';
import { fromBase64 } from './bytes';
import { readConformanceFiles } from './conformance-vectors';
import { verifyConsistency, verifyInclusion } from './merkle-verify';

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

// The vectors carry some deliberately short or empty hashes, so decode leniently here.
const b64 = (text: string): Uint8Array => (text === '' ? new Uint8Array(0) : fromBase64(text));

const inclusion = readConformanceFiles<InclusionVector>('rfc6962/inclusion');
const consistency = readConformanceFiles<ConsistencyVector>('rfc6962/consistency');

describe('RFC 6962 conformance vectors', () => {
  it('finds all 196 vectors', () => {
    expect(inclusion.length + consistency.length).toBe(196);
  });

  it.each(inclusion.map((v) => [v.name, v.data] as const))('inclusion %s', (_name, v) => {
    const ok = verifyInclusion(
      b64(v.leafHash),
      v.leafIdx,
      v.treeSize,
      (v.proof ?? []).map(b64),
      b64(v.root),
    );
    expect(ok).toBe(!v.wantErr);
  });

  it.each(consistency.map((v) => [v.name, v.data] as const))('consistency %s', (_name, v) => {
    const ok = verifyConsistency(
      v.size1,
      v.size2,
      (v.proof ?? []).map(b64),
      b64(v.root1),
      b64(v.root2),
    );
    expect(ok).toBe(!v.wantErr);
  });
});
