import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from '../../local/workspace-emulator/woff-font.ts';

const require = createRequire(import.meta.url);
const woff = readFileSync(require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff'));

/** OpenType table checksum: the sum of the table's big-endian uint32 words (zero-padded), modulo 2^32. */
function checksum(data: Buffer): number {
  const padded = Buffer.alloc((data.length + 3) & ~3);
  data.copy(padded);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

describe('woffToSfnt', () => {
  it('unpacks every table of a WOFF font into an sfnt whose tables match their recorded checksums', () => {
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4)); // the flavor becomes the sfnt version
    const numTables = sfnt.readUInt16BE(4);
    expect(numTables).toBe(woff.readUInt16BE(12));
    expect(sfnt.length).toBe(woff.readUInt32BE(16)); // totalSfntSize, as the WOFF header announces it
    const tags: string[] = [];
    for (let i = 0; i < numTables; i++) {
      const record = 12 + i * 16;
      const tag = sfnt.subarray(record, record + 4).toString('latin1');
      tags.push(tag);
      const offset = sfnt.readUInt32BE(record + 8);
      expect(offset % 4, tag).toBe(0);
      const data = sfnt.subarray(offset, offset + sfnt.readUInt32BE(record + 12));
      // 'head' is summed with its checkSumAdjustment field as stored, so its recorded checksum differs by design.
      if (tag !== 'head') expect(checksum(data), tag).toBe(sfnt.readUInt32BE(record + 4));
    }
    expect(tags).toEqual([...tags].sort());
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca', 'name']));
  });

  it('passes bytes that are not WOFF through unchanged', () => {
    const plain = Buffer.from([0, 1, 0, 0, 0, 0]);
    expect(woffToSfnt(plain)).toBe(plain);
  });
});
