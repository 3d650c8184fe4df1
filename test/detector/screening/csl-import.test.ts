import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseCsl,
  parseCslCsv,
  parseCslJson,
  parseCsv,
  cslCsvHeader,
} from '../../../detector/screening/csl-import.js';
import { ValidationError } from '../../../common/errors.js';

const sampleCsv = readFileSync(new URL('../../../deploy/screening/sample-csl.csv', import.meta.url), 'utf8');
const sampleJson = readFileSync(
  new URL('../../../deploy/screening/sample-csl.json', import.meta.url),
  'utf8',
);

/** A CSL CSV row with the given cells (others empty), quoted where RFC 4180 needs it. */
function row(cells: Record<string, string>): string {
  return cslCsvHeader
    .map((h) => {
      const v = cells[h] ?? '';
      return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',');
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes, newlines inside quotes, CRLF and a BOM, with start lines', () => {
    const records = parseCsv('\uFEFFa,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"two\nlines",z\n\n3,,\n');
    expect(records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', 'he said "hi"']],
      [3, ['2', 'two\nlines', 'z']],
      [6, ['3', '', '']],
    ]);
    expect(records[2]?.text).toBe('2,"two\nlines",z');
  });

  it('reports a quote left open and text after a closing quote as problems of that record', () => {
    const records = parseCsv('a,b\n"x"y,1\n2,"never closed\n3,4\n');
    expect(records[1]).toMatchObject({
      line: 2,
      problem: 'expected "," or end of line after a closing quote, got "y"',
    });
    expect(records[2]).toMatchObject({ line: 3, problem: 'quoted field opened on line 3 is never closed' });
  });
});

describe('the CSL in its CSV form', () => {
  it('reads every entry of the sample list', () => {
    const { entries, problems, format } = parseCsl(sampleCsv, 'sample-csl.csv');
    expect(format).toBe('csv');
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.name)).toEqual([
      'IFLYTEK',
      'Beijing SenseTime Technology Development Co., Ltd.',
      '北京示例智能科技有限公司',
      'Quorvex Computing Limited',
      'Zentrova Lattice Systems GmbH',
      'Viktor Q. Examplenko',
    ]);
    const sensetime = entries[1];
    expect(sensetime).toMatchObject({
      id: 'gpuwatch-sample-el-sensetime',
      source: 'Entity List (EL) - Bureau of Industry and Security',
      type: 'Entity',
      altNames: ['SenseTime', 'Sense Time'],
      addresses: [{ country: 'CN', city: 'Beijing' }],
      startDate: '2019-10-09',
    });
    expect(entries[0]?.altNames).toContain('iFlytek Co., Ltd.');
    expect(entries[0]?.addresses[0]).toEqual({
      country: 'CN',
      city: 'Hefei',
      text: '666 Wangjiang West Road, Hefei, Anhui, , CN',
    });
    expect(entries[2]?.ids).toEqual([
      { type: 'Unified Social Credit Code', number: '91110108MA0EXAMPLE', country: 'CN' },
    ]);
    expect(entries[5]).toMatchObject({
      type: 'Individual',
      programs: ['RUSSIA-EO14024'],
      countries: ['RU', 'RU'],
      altNames: ['Wiktor Examplenko', 'Examplenko, Viktor'],
    });
    // The record as it stood in the file, for evidence.
    expect(entries[3]?.originalText).toMatch(/^gpuwatch-sample-fictional-quorvex,Entity List/);
    expect(entries[3]?.remarks).toMatch(/^FICTIONAL/);
  });

  it('keeps the good rows and reports each bad one with its line and the problem', () => {
    const text = [
      cslCsvHeader.join(','),
      row({
        _id: 'a',
        source: 'Entity List (EL)',
        type: 'Entity',
        name: 'Alpha Co., Ltd.',
        remarks: 'line\ntwo',
      }),
      row({ _id: 'b', source: 'Entity List (EL)', type: 'Entity', name: '' }),
      'c,Entity List (EL),,Entity,,Short Row',
      row({ _id: 'a', source: 'Entity List (EL)', type: 'Entity', name: 'Alpha again' }),
      row({ _id: 'd', source: 'Entity List (EL)', type: 'Company', name: 'Delta' }),
      row({ _id: 'e', source: 'Entity List (EL)', type: 'entity', name: 'Echo', alt_names: 'E1; ;E2' }),
    ].join('\n');
    const { entries, problems } = parseCslCsv(text);
    expect(entries.map((e) => [e.id, e.name, e.type, e.altNames])).toEqual([
      ['a', 'Alpha Co., Ltd.', 'Entity', []],
      ['e', 'Echo', 'Entity', ['E1', 'E2']],
    ]);
    expect(problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      `4: name: expected the party's name, got "" (entry "b")`,
      '5: expected 29 cells as in the header, got 6',
      '6: _id: "a" appears more than once; the first one is kept',
      '7: type: expected one of "Entity", "Individual", "Vessel", "Aircraft", got "Company"',
    ]);
  });

  it('refuses a file whose header lacks the name column, quoting the header', () => {
    expect(() => parseCslCsv('_id,source,title\n1,x,y\n')).toThrow(ValidationError);
    expect(() => parseCslCsv('_id,source,title\n1,x,y\n')).toThrow(
      /line 1: header lacks column "name"; expected the CSL header .*got "_id,source,title"/,
    );
  });
});

describe('the CSL in its JSON form', () => {
  it('reads the same entries as the CSV form of the sample', () => {
    const json = parseCsl(sampleJson, 'sample-csl.json');
    const csv = parseCsl(sampleCsv, 'sample-csl.csv');
    expect(json.format).toBe('json');
    expect(json.problems).toEqual([]);
    const comparable = (r: typeof json): unknown =>
      r.entries.map((e) => ({
        id: e.id,
        source: e.source,
        type: e.type,
        name: e.name,
        altNames: e.altNames,
        ids: e.ids,
        programs: e.programs,
        countries: e.countries,
        startDate: e.startDate,
        remarks: e.remarks,
        addresses: e.addresses.map((a) => [a.country, a.city]),
      }));
    expect(comparable(json)).toEqual(comparable(csv));
    expect(JSON.parse(json.entries[0]?.originalText ?? '')).toMatchObject({
      id: 'gpuwatch-sample-el-iflytek',
    });
  });

  it('takes a bare array and `_id`, and reports bad entries by index', () => {
    const { entries, problems } = parseCslJson(
      JSON.stringify([
        {
          _id: 'x1',
          source: 'SDN',
          type: 'Individual',
          name: 'Jane Example',
          alt_names: 'J. Example; Jane E.',
        },
        { id: 'x2', source: 'SDN', name: 'No Type', addresses: [{ country: 'ru', city: 'Moscow' }] },
        'not an object',
        { id: 'x3', source: 'SDN', name: 'Bad Alt', alt_names: [1] },
        { id: 'x4', source: 'SDN', name: 'Bad Address', addresses: [{ country: 7 }] },
        { source: 'SDN', name: 'No Id' },
      ]),
    );
    expect(entries.map((e) => [e.id, e.type, e.altNames, e.addresses])).toEqual([
      ['x1', 'Individual', ['J. Example', 'Jane E.'], []],
      ['x2', '', [], [{ country: 'RU', city: 'Moscow', text: 'Moscow, ru' }]],
    ]);
    expect(problems.map((p) => `${p.where}: ${p.reason}`)).toEqual([
      '[2]: expected an entry object, got "not an object"',
      '[3]: alt_names[0]: expected a string, got 1',
      '[4]: addresses[0].country: expected a string, got 7',
      '[5]: _id: expected the entry\'s key (or "entity_number"), got ""',
    ]);
  });

  it('refuses text that is not JSON or holds no list of entries', () => {
    expect(() => parseCslJson('{"results": 3}')).toThrow(/json: expected \{"results": \[...\]\} or an array/);
    expect(() => parseCslJson('{oops')).toThrow(/json: not JSON/);
  });
});
