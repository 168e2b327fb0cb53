// Reading and writing the people CSV: line numbers, line ends, quoting, the formula guard round trip.
import { describe, expect, it } from 'vitest';
import { parsePeopleCsv, peopleCsv } from '../../../src/isms/people/csv.js';
import type { PersonListRow } from '../../../src/isms/people/repo.js';

const rowsOf = (text: string) => parsePeopleCsv(text).rows.map((r) => [r.row, r.cells.name, r.cells.email]);

describe('people CSV', () => {
  it('numbers rows by the line they start on, whatever the line ends', () => {
    expect(rowsOf('name,email\r\nA,a@x\r\nB,b@x\r\n')).toEqual([
      [2, 'A', 'a@x'],
      [3, 'B', 'b@x'],
    ]);
    expect(rowsOf('name,email\rA,a@x\rB,b@x')).toEqual([
      [2, 'A', 'a@x'],
      [3, 'B', 'b@x'],
    ]);
    // Blank lines are skipped but still counted; a quoted CRLF spans two lines.
    expect(rowsOf('\n\nname,email\n\n"A\r\nA",a@x\r\n\rB,b@x\n')).toEqual([
      [5, 'A A', 'a@x'],
      [8, 'B', 'b@x'],
    ]);
    expect(rowsOf('\uFEFFname,email\nÄ,"ä@x, ö"\n')).toEqual([[2, 'Ä', 'ä@x, ö']]);
  });

  it('reads headers case-insensitively and keeps only the columns the file has', () => {
    const p = parsePeopleCsv(' Email , NAME \nb@x,B\n');
    expect([...p.columns]).toEqual(['email', 'name']);
    expect(p.rows[0]!.cells).toEqual({ email: 'b@x', name: 'B' });
  });

  it('flags rows with the wrong number of fields and overlong fields, without failing the file', () => {
    const p = parsePeopleCsv(`name,email\nA\nB,b@x,extra\n${'C'.repeat(201)},c@x\n`);
    expect(p.rows.map((r) => r.errors.map((e) => [e.row, e.field]))).toEqual([[[2, 'csv']], [[3, 'csv']], [[4, 'name']]]);
  });

  it.each([
    ['empty', ''],
    ['unknown column', 'name,email,salary\n'],
    ['missing email', 'name\nA\n'],
    ['header only', 'name,email\n\n'],
    ['unclosed quote', 'name,email\n"A,a@x\n'],
  ])('refuses a file that cannot be read as a whole: %s', (_what, text) => {
    expect(() => parsePeopleCsv(text)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('exports in the import layout, guarding formulas in a way the import undoes', () => {
    const row = {
      id: '1',
      name: '=1+2',
      email: 'f@x',
      title: '@cmd',
      department: 'Ops, "Core"',
      manager_id: null,
      manager_name: null,
      manager_email: null,
      status: 'active',
      start_date: '2026-01-01',
      end_date: null,
      created_at: '',
      updated_at: '',
      search_key: '',
    } satisfies PersonListRow;
    const csv = peopleCsv([row]);
    expect(csv).toBe(`\uFEFFname,email,title,department,manager_email,status,start_date,end_date\r\n'=1+2,f@x,'@cmd,"Ops, ""Core""",,active,2026-01-01,\r\n`);
    expect(parsePeopleCsv(csv).rows[0]!.cells).toMatchObject({ name: '=1+2', title: '@cmd', department: 'Ops, "Core"' });
  });
});
