import { describe, expect, it } from 'vitest';
import { type BlockWrite, type RowWrite, planBlockWrites } from '../../functions/src/contract/write-back-plan.ts';

/** ID in column `id`, Status in column `status`, as the server names them for a row. */
function idAndStatus(row: number, id: string, status = 'OK', columns = { id: 1, status: 2 }): RowWrite {
  return {
    row,
    cells: [
      { column: columns.id, value: id },
      { column: columns.status, value: status },
    ],
  };
}

describe('planBlockWrites: the cells the server named, in as few range writes as possible', () => {
  const cases: ReadonlyArray<{ name: string; rows: RowWrite[]; writes: BlockWrite[] }> = [
    {
      name: 'contiguous rows with adjacent ID and Status become one 2-column block',
      rows: [idAndStatus(2, 'MTG-2'), idAndStatus(3, 'MTG-3'), idAndStatus(4, '', 'Title is required')],
      writes: [
        {
          row: 2,
          column: 1,
          values: [
            ['MTG-2', 'OK'],
            ['MTG-3', 'OK'],
            ['', 'Title is required'],
          ],
        },
      ],
    },
    {
      name: 'a gap in the rows starts a new block; rows arrive out of order',
      rows: [idAndStatus(9, 'MTG-9'), idAndStatus(2, 'MTG-2'), idAndStatus(3, 'MTG-3'), idAndStatus(10, 'MTG-10')],
      writes: [
        {
          row: 2,
          column: 1,
          values: [
            ['MTG-2', 'OK'],
            ['MTG-3', 'OK'],
          ],
        },
        {
          row: 9,
          column: 1,
          values: [
            ['MTG-9', 'OK'],
            ['MTG-10', 'OK'],
          ],
        },
      ],
    },
    {
      name: 'Status left of ID is written in sheet order',
      rows: [idAndStatus(5, 'MTG-5', 'OK', { id: 3, status: 2 })],
      writes: [{ row: 5, column: 2, values: [['OK', 'MTG-5']] }],
    },
    {
      name: 'non-adjacent ID and Status: two 1-column writes per block',
      rows: [2, 3, 7].map((row) => idAndStatus(row, `MTG-${row}`, 'OK', { id: 1, status: 3 })),
      writes: [
        { row: 2, column: 1, values: [['MTG-2'], ['MTG-3']] },
        { row: 2, column: 3, values: [['OK'], ['OK']] },
        { row: 7, column: 1, values: [['MTG-7']] },
        { row: 7, column: 3, values: [['OK']] },
      ],
    },
    {
      name: 'a duplicate answer for a row: the last one wins; the header row is never written',
      rows: [idAndStatus(2, '', 'bad'), idAndStatus(2, 'MTG-2'), idAndStatus(1, 'MTG-1')],
      writes: [{ row: 2, column: 1, values: [['MTG-2', 'OK']] }],
    },
    {
      name: 'only a Status cell: Status alone is written',
      rows: [2, 3].map((row) => ({ row, cells: [{ column: 1, value: 'OK' }] })),
      writes: [{ row: 2, column: 1, values: [['OK'], ['OK']] }],
    },
    {
      name: 'rows writing different columns are not merged; a row with no cells writes nothing',
      rows: [
        idAndStatus(2, 'AT-2'),
        {
          row: 3,
          cells: [
            { column: 1, value: 'AT-3' },
            { column: 2, value: 'OK' },
            { column: 6, value: '迟到 late' },
          ],
        },
        { row: 4, cells: [] },
        { row: 5, cells: [{ column: 6, value: '缺席 absent' }] },
      ],
      writes: [
        { row: 2, column: 1, values: [['AT-2', 'OK']] },
        { row: 3, column: 1, values: [['AT-3', 'OK']] },
        { row: 3, column: 6, values: [['迟到 late']] },
        { row: 5, column: 6, values: [['缺席 absent']] },
      ],
    },
    {
      name: 'text is passed on exactly (RAW): a leading = or + stays as it is for the writer to keep literal',
      rows: [
        {
          row: 2,
          cells: [
            { column: 2, value: '=HYPERLINK("http://evil")' },
            { column: 1, value: '+86' },
          ],
        },
      ],
      writes: [{ row: 2, column: 1, values: [['+86', '=HYPERLINK("http://evil")']] }],
    },
  ];

  it.each(cases)('$name', ({ rows, writes }) => {
    expect(planBlockWrites(rows)).toEqual(writes);
  });

  it('writes every cell it is given exactly once, and no other', () => {
    const rows: RowWrite[] = [idAndStatus(2, 'A'), { row: 3, cells: [{ column: 4, value: 'x' }] }, idAndStatus(4, 'B')];
    const written = planBlockWrites(rows).flatMap((write) =>
      write.values.flatMap((cells, r) => cells.map((value, c) => `${write.row + r}:${write.column + c}=${value}`)),
    );
    expect(written.sort()).toEqual(['2:1=A', '2:2=OK', '3:4=x', '4:1=B', '4:2=OK']);
  });
});
