/**
 * `node dist/bench/screening.js`: restricted-party screening (docs/design.md §6.8) of 100 000 tenants
 * against a synthetic list of 20 000 entries, the size of the real Consolidated Screening List.
 *
 * The list: entity names made of one or two invented words (syllables), often a place in front,
 * industry words and a legal form behind ("Beijing Vorlatek Intelligent Technology Co., Ltd."),
 * every fifth entry an individual, every tenth a Chinese name; two alternate names each (the
 * words joined, a short form). Tenants: a legal name, an alias and a beneficial owner each (3
 * names); 1 % of tenants carry a variant of a list name (case, spacing, legal form, a typo), the
 * rest invented names of the same shape. A seeded generator makes every run screen the same
 * names.
 *
 * Printed: the time to build the matcher (normalizing and indexing the list), the time to screen
 * every tenant name, the matches by level, how many planted variants were found, and the index's
 * recall against comparing every list name, on a sample of tenant names.
 *
 *   node dist/bench/screening.js [--entries 20000] [--tenants 100000] [--recall-sample 200]
 *     [--show-matches N]   (print the first N matches, to see what the matcher calls similar)
 *
 * Not a test: the numbers depend on the machine and on what else runs on it.
 */
import { parseArgs } from 'node:util';
import type { ScreeningEntry } from '../detector/screening/csl-import.js';
import { ScreeningMatcher } from '../detector/screening/name-match.js';
import { defaultScreeningOptions } from '../detector/screening/screening-options.js';
import { mulberry32 } from './bench-support.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '20000' },
    tenants: { type: 'string', default: '100000' },
    'recall-sample': { type: 'string', default: '200' },
    'show-matches': { type: 'string', default: '0' },
  },
});
const entryCount = Number(values.entries);
const tenantCount = Number(values.tenants);
const recallSample = Number(values['recall-sample']);
const showMatches = Number(values['show-matches']);

const random = mulberry32(20261126);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

// Invented words: 2–4 syllables of consonant, vowel and an optional final consonant, from
// enough letters that two random words seldom look alike (as with real company names).
const onsets = 'b c d f g h j k l m n p r s t v w x y z bl br ch cr dr gr kr pl pr sh st tr zh'.split(' ');
const vowels = 'a e i o u a e o ai ou'.split(' ');
const codas = ['', '', '', 'n', 'r', 'l', 's', 'x', 'k', 'm', 'ng', 't'];
const word = (): string => {
  const syllables = 2 + Math.floor(random() * 3);
  let w = '';
  for (let i = 0; i < syllables; i++) w += pick(onsets) + pick(vowels) + pick(codas);
  return w[0]?.toUpperCase() + w.slice(1);
};
const places = ['Beijing', 'Shanghai', 'Shenzhen', 'Hangzhou', 'Moscow', 'Hong Kong', '', '', '', ''];
const industry = [
  'Technology',
  'Intelligent Technology',
  'Information',
  'Electronics',
  'Trading',
  'Digital',
  'Network',
  'Holdings',
  'Systems',
  '',
];
const legal = ['Co., Ltd.', 'Ltd', 'Limited', 'LLC', 'Inc.', 'GmbH', 'JSC', 'Corporation', ''];
const hanChars = '华科智讯汤星海瑞腾龙云创达信联源恒泰安宏博鑫'.split('');
const hanWord = (): string => pick(hanChars) + pick(hanChars);
const given = ['Ivan', 'Olga', 'Wei', 'Li', 'Sergei', 'Anna', 'Hassan', 'Maria', 'Chen', 'Dmitri'];

function entityName(): { name: string; core: string[] } {
  const core = random() < 0.4 ? [word(), word()] : [word()];
  const name = [pick(places), ...core, pick(industry), pick(legal)].filter(Boolean).join(' ');
  return { name, core };
}

const entries: ScreeningEntry[] = [];
for (let i = 0; i < entryCount; i++) {
  const base = {
    id: `bench-${i}`,
    source:
      i % 3 === 0
        ? 'Entity List (EL) - Bureau of Industry and Security'
        : 'Specially Designated Nationals (SDN) - Treasury Department',
    addresses: [{ country: pick(['CN', 'RU', 'IR', 'HK', 'AE']), city: '', text: '' }],
    ids: [],
    programs: [],
    countries: [],
    startDate: '2024-01-01',
    remarks: 'synthetic',
    originalText: '',
  };
  if (i % 5 === 0) {
    const surname = word();
    const first = pick(given);
    entries.push({
      ...base,
      type: 'Individual',
      name: `${first} ${surname}`,
      altNames: [`${surname}, ${first}`],
    });
  } else if (i % 10 === 1) {
    const core = hanWord() + hanWord();
    entries.push({
      ...base,
      type: 'Entity',
      name: `${core}科技有限公司`,
      altNames: [`${word()} Technology Co., Ltd.`],
    });
  } else {
    const { name, core } = entityName();
    entries.push({ ...base, type: 'Entity', name, altNames: [core.join(''), `${core.join(' ')} Group`] });
  }
}

/** A variant of a list name as a tenant might write it. */
function variantOf(name: string): string {
  switch (Math.floor(random() * 4)) {
    case 0:
      return name
        .toUpperCase()
        .replace(/ (CO\., LTD\.|LTD|LIMITED|LLC|INC\.|GMBH|JSC|CORPORATION)$/, ' CO.,LTD');
    case 1:
      return name.replace(/ Co\., Ltd\.$| Ltd$| Limited$/, '') + ' Limited';
    case 2: {
      // One typo in the longest word.
      const words = name.split(' ');
      let longest = 0;
      words.forEach((w, i) => {
        if (w.length > (words[longest] ?? '').length) longest = i;
      });
      const w = words[longest] ?? '';
      const at = 2 + Math.floor(random() * Math.max(1, w.length - 3));
      words[longest] = w.slice(0, at) + (w[at] === 'e' ? 'a' : 'e') + w.slice(at + 1);
      return words.join(' ');
    }
    default:
      return name.replace(/ /, '  ').toLowerCase();
  }
}

const planted = new Map<number, string>();
const tenantNames: { tenant: number; name: string; country: string }[] = [];
for (let t = 0; t < tenantCount; t++) {
  const country = pick(['US', 'DE', 'CN', 'SG', 'JP', 'HK', 'GB']);
  let legalName = entityName().name;
  if (t % 100 === 7) {
    const entryIndex = Math.floor(random() * entries.length);
    const entry = entries[entryIndex];
    if (entry !== undefined && entry.type === 'Entity' && !/\p{Script=Han}/u.test(entry.name)) {
      legalName = variantOf(entry.name);
      planted.set(t, entry.id);
    }
  }
  tenantNames.push({ tenant: t, name: legalName, country });
  tenantNames.push({ tenant: t, name: `${word()} ${pick(industry)}`.trim(), country });
  tenantNames.push({ tenant: t, name: `${pick(given)} ${word()}`, country });
}

const memBefore = process.memoryUsage().heapUsed;
let start = process.hrtime.bigint();
const matcher = new ScreeningMatcher(entries, defaultScreeningOptions);
const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
const heapMb = (process.memoryUsage().heapUsed - memBefore) / 1e6;

const levels = { hold: 0, review: 0 };
const found = new Set<number>();
start = process.hrtime.bigint();
for (const { tenant, name, country } of tenantNames) {
  for (const m of matcher.match(name, { country })) {
    levels[m.level]++;
    if (showMatches > 0 && levels.review + levels.hold <= showMatches)
      console.log(`${m.level} ${m.score} ${JSON.stringify(name)} ~ ${JSON.stringify(m.matchedName)}`);
    if (planted.get(tenant) === m.entry.id) found.add(tenant);
  }
}
const screenMs = Number(process.hrtime.bigint() - start) / 1e6;

// Recall of the index: the planted names plus random ones, against comparing every list name.
let sampleNames = [
  ...tenantNames.filter((n) => planted.has(n.tenant) && n.name !== '').slice(0, recallSample / 2),
  ...tenantNames.slice(0, recallSample / 2),
];
sampleNames = sampleNames.slice(0, recallSample);
let exhaustiveHits = 0;
let indexedHits = 0;
start = process.hrtime.bigint();
for (const { name, country } of sampleNames) {
  const all = matcher.match(name, { country }, true);
  const indexed = new Set(matcher.match(name, { country }).map((m) => m.entry.id));
  exhaustiveHits += all.length;
  indexedHits += all.filter((m) => indexed.has(m.entry.id)).length;
  if (showMatches > 0) {
    for (const m of all.filter((x) => !indexed.has(x.entry.id)))
      console.log(
        `missed by the index: ${m.level} ${m.score} ${JSON.stringify(name)} ~ ${JSON.stringify(m.matchedName)}`,
      );
  }
}
const exhaustiveMsPerName = Number(process.hrtime.bigint() - start) / 1e6 / sampleNames.length;

const result = {
  bench: 'screening',
  entries: entries.length,
  listNames: matcher.nameCount,
  tenants: tenantCount,
  tenantNames: tenantNames.length,
  buildMs: Math.round(buildMs),
  matcherHeapMb: Math.round(heapMb),
  screenMs: Math.round(screenMs),
  usPerName: Math.round((screenMs * 1000) / tenantNames.length),
  matches: levels,
  planted: planted.size,
  plantedFound: found.size,
  recallSample: sampleNames.length,
  recall: exhaustiveHits === 0 ? 1 : indexedHits / exhaustiveHits,
  exhaustiveMsPerName: Math.round(exhaustiveMsPerName),
};
console.log(
  [
    `list: ${result.entries} entries, ${result.listNames} names; matcher built in ${result.buildMs} ms (~${result.matcherHeapMb} MB heap)`,
    `screened ${result.tenants} tenants (${result.tenantNames} names) in ${result.screenMs} ms: ${result.usPerName} µs per name`,
    `matches: ${levels.hold} hold, ${levels.review} review; planted variants found: ${result.plantedFound} of ${result.planted}`,
    `index recall vs every list name (${result.recallSample} names): ${(result.recall * 100).toFixed(1)} % (${indexedHits}/${exhaustiveHits}); exhaustive costs ${result.exhaustiveMsPerName} ms per name`,
  ].join('\n'),
);
console.log(JSON.stringify(result));
