import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './csv.ts';

describe('parseCsv', () => {
  it('splits plain fields and rows, keeping empty fields', () => {
    expect(parseCsv('a,b,,d\n1,2,3,\n')).toEqual([
      ['a', 'b', '', 'd'],
      ['1', '2', '3', ''],
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    expect(parseCsv('t,x\r\n"Hij zei ""ja"", toen","regel 1\nregel 2"\r\n')).toEqual([
      ['t', 'x'],
      ['Hij zei "ja", toen', 'regel 1\nregel 2'],
    ]);
  });

  it('drops a byte-order mark and accepts a missing final line break', () => {
    expect(parseCsv('\ufeffid;naam\n1;Jan', ';')).toEqual([
      ['id', 'naam'],
      ['1', 'Jan'],
    ]);
  });

  it('rejects a file that ends inside a quoted field', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(SyntaxError);
  });

  it('returns records keyed by the header', () => {
    expect(parseCsvRecords('a,b\n1\n')).toEqual([{ a: '1', b: '' }]);
    expect(parseCsvRecords('')).toEqual([]);
  });
});
