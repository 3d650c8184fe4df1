/**
 * Name normalization for restricted-party screening (docs/design.md §6.8): the same steps for a tenant's
 * legal name, alias or beneficial owner and for a list entry's name and alternate names, so that
 * spellings of one party end up as the same tokens.
 *
 * 1. Unicode NFKC (full-width → half-width, compatibility forms), lower case, diacritics
 *    stripped (NFD without combining marks; ß → ss, æ → ae, ø → o, ł → l, …).
 * 2. Dots and apostrophes removed ("Co.,Ltd." → "co ltd", "S.A." → "sa"); every other character
 *    that is not a letter or digit separates tokens, and so does a change between Han and other
 *    scripts ("商汤SenseTime" → "商汤", "sensetime").
 * 3. Legal forms dropped: English/European ones (see {@link latinLegalForms}) — unambiguous ones
 *    anywhere, short ambiguous ones ("co", "sa", "ag", …) only at the end; Chinese ones
 *    (有限公司, 股份有限公司, 有限责任公司, 公司, …) wherever they occur in a Han run.
 * 4. Han runs have no spaces: they are cut at the generic words of the list (科技, 信息, 北京, …,
 *    longest first), and what lies between them is one distinctive token
 *    ("北京商汤科技开发" → 北京 · 商汤 · 科技 · 开发).
 * 5. Tokens are marked generic (down-weighted by the matcher, never deleted) when they are in the
 *    generic list, are stop words ("the", "of", "and", …) or a single Latin letter (an initial).
 *
 * Transliteration: only what needs no dictionary (diacritics, ligatures). Chinese characters ↔
 * pinyin needs a reading table (and a name has several readings); this module does not carry
 * one, so Han names match Han names (a list entry's Chinese alternate names) and Latin names
 * match Latin names; a mixed name is also compared script by script by the matcher.
 */

/** One token of a normalized name. */
export interface NameToken {
  /** Normalized text (lower case, NFKC, no diacritics). */
  readonly text: string;
  /** In the generic list, a stop word or an initial: down-weighted by the matcher. */
  readonly generic: boolean;
  /** Han characters (compared only with Han tokens in practice: no shared characters otherwise). */
  readonly han: boolean;
}

/** A name after normalization. */
export interface NormalizedName {
  /** The input as given, for evidence. */
  readonly original: string;
  /** Tokens in order, legal forms dropped. Empty when the name held no letters or digits. */
  readonly tokens: readonly NameToken[];
  /** The tokens joined by single spaces, for evidence and tests. */
  readonly text: string;
}

/**
 * Legal forms that are dropped wherever they stand (after dots are removed: "Co., Ltd." →
 * "co", "ltd").
 */
export const latinLegalForms: readonly string[] = Object.freeze([
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'llc',
  'llp',
  'plc',
  'gmbh',
  'mbh',
  'pte',
  'pty',
  'jsc',
  'ojsc',
  'pjsc',
  'cjsc',
  'ooo',
  'zao',
  'oao',
  'sarl',
  'srl',
  'bhd',
  'sdn',
  'company',
]);

/** Short legal forms dropped only at the end of a name: elsewhere they may be part of it. */
export const latinTrailingLegalForms: readonly string[] = Object.freeze([
  'co',
  'sa',
  'ag',
  'bv',
  'nv',
  'kk',
  'ab',
  'as',
  'oy',
  'lp',
  'spa',
  'sas',
  'kg',
  'se',
]);

/** Chinese and Japanese legal forms, dropped wherever they occur in a Han run. */
export const hanLegalForms: readonly string[] = Object.freeze([
  '股份有限公司',
  '有限责任公司',
  '有限責任公司',
  '有限公司',
  '分公司',
  '公司',
  '株式会社',
  '有限会社',
]);

/** Words that never make a name distinctive on their own. */
export const stopWords: readonly string[] = Object.freeze([
  'the',
  'of',
  'and',
  'for',
  'de',
  'del',
  'der',
  'la',
  'le',
  'les',
  'des',
  'du',
  'van',
  'von',
]);

/**
 * The default generic tokens (docs/design.md §6.8: "down-weight generic tokens"): industry words and the
 * place names that companies put in front of their names. The policy's `screening.genericTokens`
 * replaces this list (it is exported so the policy default can be this list); the Chinese ones
 * ({@link hanGenericWords}) always apply.
 */
export const defaultGenericTokens: readonly string[] = Object.freeze([
  // industry and form words
  'technology',
  'technologies',
  'tech',
  'information',
  'info',
  'science',
  'sciences',
  'scientific',
  'development',
  'developments',
  'international',
  'intl',
  'group',
  'global',
  'holding',
  'holdings',
  'trading',
  'trade',
  'industrial',
  'industries',
  'industry',
  'network',
  'networks',
  'digital',
  'data',
  'intelligence',
  'intelligent',
  'software',
  'systems',
  'system',
  'cloud',
  'computing',
  'electronics',
  'electronic',
  'engineering',
  'services',
  'service',
  'solutions',
  'enterprise',
  'enterprises',
  'investment',
  'investments',
  'management',
  'research',
  'institute',
  'import',
  'export',
  'communication',
  'communications',
  'smart',
  'innovation',
  'innovations',
  'ventures',
  'partners',
  'branch',
  // places companies put in front of their names
  'beijing',
  'shanghai',
  'shenzhen',
  'guangzhou',
  'hangzhou',
  'hefei',
  'anhui',
  'wuhan',
  'chengdu',
  'tianjin',
  'nanjing',
  'suzhou',
  'xian',
  'hong',
  'kong',
  'hongkong',
  'macau',
  'china',
  'chinese',
  'asia',
  'pacific',
  'russia',
  'moscow',
]);

/**
 * Chinese industry words and places: generic, and the points where a Han run is cut into tokens
 * (Han has no spaces). Always applied, whatever the policy's list says — like the legal forms,
 * they are part of reading a Chinese name, not a tuning knob; the policy's list may add more.
 */
export const hanGenericWords: readonly string[] = Object.freeze([
  '科技',
  '技术',
  '信息',
  '智能',
  '网络',
  '数字',
  '数据',
  '软件',
  '系统',
  '开发',
  '发展',
  '国际',
  '集团',
  '控股',
  '电子',
  '通信',
  '贸易',
  '实业',
  '投资',
  '管理',
  '服务',
  '咨询',
  '工程',
  '研究院',
  '研究所',
  '北京',
  '上海',
  '深圳',
  '广州',
  '杭州',
  '合肥',
  '安徽',
  '武汉',
  '成都',
  '天津',
  '南京',
  '苏州',
  '香港',
  '澳门',
  '中国',
]);

const hanRun = /\p{Script=Han}+/u;
const isHanChar = /\p{Script=Han}/u;

const letterMap: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/** Steps 1–2: the cleaned text, tokens separated by single spaces. */
export function cleanNameText(name: string): string {
  let s = name.normalize('NFKC').toLowerCase();
  s = s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
  s = s.replace(/[ßæœøđðłþı]/g, (c) => letterMap[c] ?? c);
  s = s.replace(/['’‘`´.·]/g, '').replace(/&/g, ' and ');
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ');
  // A change of script separates tokens: "商汤sensetime" → "商汤 sensetime".
  s = s.replace(/(\p{Script=Han})(?=[^\p{Script=Han}\s])|([^\p{Script=Han}\s])(?=\p{Script=Han})/gu, '$1$2 ');
  return s.trim().replace(/\s+/g, ' ');
}

/** Normalizes names with one generic list; cheap to call repeatedly (no per-call setup). */
export class NameNormalizer {
  private readonly generic: ReadonlySet<string>;
  private readonly legal = new Set(latinLegalForms);
  private readonly trailingLegal = new Set([...latinLegalForms, ...latinTrailingLegalForms]);
  private readonly stop = new Set(stopWords);
  /** Han words that cut a Han run, longest first; value true = legal form (dropped). */
  private readonly hanWords: readonly (readonly [string, boolean])[];

  /** @param genericTokens the policy's generic tokens (normalized here like names) */
  constructor(genericTokens: readonly string[] = defaultGenericTokens) {
    const generic = new Set<string>();
    for (const token of [...genericTokens, ...hanGenericWords])
      for (const t of cleanNameText(token).split(' ')) if (t) generic.add(t);
    this.generic = generic;
    const han = new Map<string, boolean>();
    for (const t of generic) if (hanRun.test(t)) han.set(t, false);
    for (const t of hanLegalForms) han.set(t, true);
    this.hanWords = [...han.entries()].sort((a, b) => b[0].length - a[0].length);
  }

  /** True when `token` (already normalized) is down-weighted. */
  isGeneric(token: string): boolean {
    return this.generic.has(token) || this.stop.has(token) || (token.length === 1 && !isHanChar.test(token));
  }

  normalize(name: string): NormalizedName {
    const raw = cleanNameText(name);
    const words: { text: string; han: boolean; legal: boolean }[] = [];
    for (const word of raw === '' ? [] : raw.split(' ')) {
      if (isHanChar.test(word)) words.push(...this.segmentHan(word));
      else words.push({ text: word, han: false, legal: false });
    }
    // Latin legal forms: unambiguous ones anywhere, short ones only in the trailing run.
    let end = words.length;
    while (end > 0) {
      const w = words[end - 1];
      // Stop words go too when they sit among trailing legal forms ("GmbH & Co. KG").
      const legal = w !== undefined && (w.legal || (!w.han && this.trailingLegal.has(w.text)));
      const joiner = w !== undefined && this.stop.has(w.text) && end < words.length;
      if (!legal && !joiner) break;
      end--;
    }
    let kept = words.slice(0, end).filter((w) => !w.legal && !(!w.han && this.legal.has(w.text)));
    // A name made only of legal forms ("Limited Co") keeps its words rather than vanishing.
    if (kept.length === 0) kept = words.filter((w) => !w.han || !w.legal);
    const tokens = kept.map((w) =>
      Object.freeze({ text: w.text, han: w.han, generic: this.isGeneric(w.text) }),
    );
    return Object.freeze({
      original: name,
      tokens: Object.freeze(tokens),
      text: tokens.map((t) => t.text).join(' '),
    });
  }

  /** Cuts a run of Han characters at the known words; the pieces between are distinctive tokens. */
  private segmentHan(word: string): { text: string; han: boolean; legal: boolean }[] {
    const out: { text: string; han: boolean; legal: boolean }[] = [];
    let pending = '';
    const flush = (): void => {
      if (pending !== '') out.push({ text: pending, han: isHanChar.test(pending), legal: false });
      pending = '';
    };
    let i = 0;
    while (i < word.length) {
      const hit = this.hanWords.find(([w]) => word.startsWith(w, i));
      if (hit === undefined) {
        pending += word[i] ?? '';
        i++;
        continue;
      }
      flush();
      out.push({ text: hit[0], han: true, legal: hit[1] });
      i += hit[0].length;
    }
    flush();
    return out;
  }
}
