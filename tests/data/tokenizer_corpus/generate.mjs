// Generates the programmatic parts of the tokenizer corpus (numbers, whitespace, emoji, Unicode
// edge cases, special-token strings, punctuation). Deterministic: a fixed-seed PRNG, no clock, no
// locale. The prose files and code.txt are written by hand; this script only reads
// prose_latin.txt and prose_cjk_thai.txt to derive their NFD forms.
//
//   node tests/data/tokenizer_corpus/generate.mjs
//
// The outputs are committed, so tests never need to run this.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// mulberry32: tiny, fixed-seed, identical on every platform.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(0x4ea47);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const digits = (n, leadingZeroOk = false) => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(i === 0 && !leadingZeroOk ? int(1, 9) : int(0, 9));
  return s;
};
const cp = (...xs) => String.fromCodePoint(...xs);
// Code points assigned after Unicode 15.0, the version of Debian 12's ICU (72) that Hearth
// classifies characters with and of llama.cpp's tables; Node's ICU is newer and Hugging Face's
// JavaScript tokenizer classifies them by it, so the references disagree on their categories.
// Left out of the corpus. (Computed once by comparing ICU 72's u_charType with Node 20's
// \p{Assigned}, Unicode 17.0.)
const assignedAfterUnicode15 = [[0x88F, 0x88F], [0x897, 0x897], [0xC5C, 0xC5C], [0xCDC, 0xCDC], [0x1ACF, 0x1ADD], [0x1AE0, 0x1AEB], [0x1B4E, 0x1B4F], [0x1B7F, 0x1B7F], [0x1C89, 0x1C8A], [0x20C1, 0x20C1], [0x2427, 0x2429], [0x2B96, 0x2B96], [0x2FFC, 0x2FFF], [0x31E4, 0x31E5], [0x31EF, 0x31EF], [0xA7CB, 0xA7CF], [0xA7D2, 0xA7D2], [0xA7D4, 0xA7D4], [0xA7DA, 0xA7DC], [0xA7F1, 0xA7F1], [0xFBC3, 0xFBD2], [0xFD90, 0xFD91], [0xFDC8, 0xFDCE], [0x105C0, 0x105F3], [0x10940, 0x10959], [0x10D40, 0x10D65], [0x10D69, 0x10D85], [0x10D8E, 0x10D8F], [0x10EC2, 0x10EC7], [0x10ED0, 0x10ED8], [0x10EFA, 0x10EFC], [0x11380, 0x11389], [0x1138B, 0x1138B], [0x1138E, 0x1138E], [0x11390, 0x113B5], [0x113B7, 0x113C0], [0x113C2, 0x113C2], [0x113C5, 0x113C5], [0x113C7, 0x113CA], [0x113CC, 0x113D5], [0x113D7, 0x113D8], [0x113E1, 0x113E2], [0x116D0, 0x116E3], [0x11B60, 0x11B67], [0x11BC0, 0x11BE1], [0x11BF0, 0x11BF9], [0x11DB0, 0x11DDB], [0x11DE0, 0x11DE9], [0x11F5A, 0x11F5A], [0x13460, 0x143FA], [0x16100, 0x16139], [0x16D40, 0x16D79], [0x16EA0, 0x16EB8], [0x16EBB, 0x16ED3], [0x16FF2, 0x16FF6], [0x187F8, 0x187FF], [0x18CFF, 0x18CFF], [0x18D09, 0x18D1E], [0x18D80, 0x18DF2], [0x1CC00, 0x1CCFC], [0x1CD00, 0x1CEB3], [0x1CEBA, 0x1CED0], [0x1CEE0, 0x1CEF0], [0x1E5D0, 0x1E5FA], [0x1E5FF, 0x1E5FF], [0x1E6C0, 0x1E6DE], [0x1E6E0, 0x1E6F5], [0x1E6FE, 0x1E6FF], [0x1F6D8, 0x1F6D8], [0x1F777, 0x1F77A], [0x1F8B2, 0x1F8BB], [0x1F8C0, 0x1F8C1], [0x1F8D0, 0x1F8D8], [0x1FA54, 0x1FA57], [0x1FA89, 0x1FA8A], [0x1FA8E, 0x1FA8F], [0x1FABE, 0x1FABE], [0x1FAC6, 0x1FAC6], [0x1FAC8, 0x1FAC8], [0x1FACD, 0x1FACD], [0x1FADC, 0x1FADC], [0x1FADF, 0x1FADF], [0x1FAE9, 0x1FAEA], [0x1FAEF, 0x1FAEF], [0x1FBCB, 0x1FBEF], [0x1FBFA, 0x1FBFA], [0x2B73A, 0x2B73F], [0x2CEA2, 0x2CEAD], [0x2EBF0, 0x2EE5D], [0x323B0, 0x33479]];
const assigned = (c) =>
  /\p{Assigned}/u.test(cp(c)) && !assignedAfterUnicode15.some(([lo, hi]) => c >= lo && c <= hi);
const range = (lo, hi) => {
  const out = [];
  for (let c = lo; c <= hi; c++) out.push(c);
  return out;
};

function write(name, text) {
  if (text.includes('\0')) throw new Error(`${name}: NUL byte`);
  if (/[\uD800-\uDFFF]/u.test(text)) throw new Error(`${name}: lone surrogate`);
  writeFileSync(join(here, name), text, 'utf8');
  console.log(`${name}: ${Buffer.byteLength(text, 'utf8')} bytes`);
}

// Groups a digit string from the right with `sep` every `size` digits.
function group(ds, sep, size = 3) {
  const out = [];
  for (let end = ds.length; end > 0; end -= size) out.unshift(ds.slice(Math.max(0, end - size), end));
  return out.join(sep);
}
// Indian grouping: last three, then pairs (12,34,56,789).
function groupIndian(ds) {
  if (ds.length <= 3) return ds;
  return group(ds.slice(0, -3), ',', 2) + ',' + ds.slice(-3);
}
function mapDigits(s, zero) {
  return s.replace(/[0-9]/g, (d) => cp(zero + Number(d)));
}

// ---------------------------------------------------------------- numbers
function numbers() {
  const L = [];
  L.push('# Integers of every length, 1 to 40 digits');
  for (let n = 1; n <= 40; n++) {
    const r = digits(n);
    L.push(`${n}: ${r} ${'9'.repeat(n)} 1${'0'.repeat(n - 1)} ${digits(n, true)} -${r} +${digits(n)}`);
  }
  L.push('', '# Separators: comma, dot, space, thin space, NBSP, narrow NBSP, apostrophe, underscore, Indian');
  for (let n = 4; n <= 40; n++) {
    const d = digits(n);
    L.push(
      [group(d, ','), group(d, '.'), group(d, ' '), group(d, '\u2009'), group(d, '\u00a0'),
        group(d, '\u202f'), group(d, "'"), group(d, '_'), groupIndian(d)].join(' | '));
  }
  L.push('1,234,567 and 1.234.567 and 1 234 567 and 1\u00a0234\u00a0567 and 12,34,567 and 1\'234\'567');
  L.push('', '# Decimals, signs, scientific notation');
  for (let i = 0; i < 120; i++) {
    const a = digits(int(1, 12)), b = digits(int(1, 15), true), e = int(-40, 40);
    L.push(`${a}.${b} -${a}.${b} ${a},${b} .${b} ${a}. ${a}.${b[0]}e${e} ${b[0] || 1}.${a}E+${Math.abs(e)} ` +
           `-${a[0]}.${b}e-${Math.abs(e)} ${a}e${Math.abs(e)} ${a}×10^${e} ${a}·10${mapSuper(String(e))}`);
  }
  L.push('6.02e23 6.022140857E+23 1e-9 1E9 -1.5e-10 2.998e8 m/s 6.626e-34 J·s 1.602176634×10⁻¹⁹ C');
  L.push('0.1 + 0.2 = 0.30000000000000004; 1/3 = 0.333333333333333314829616256247390992939472198486328125');
  L.push('3.14159265358979323846264338327950288419716939937510 2.71828182845904523536028747135266249775724709369995');
  L.push('NaN Infinity -Infinity -0 +0 0.0 -0.0 00 000 0000000 007 0.000001 1.0000001');
  L.push('', '# Hex, octal, binary, underscores, suffixes');
  const hex = () => int(0, 0xffffffff).toString(16).padStart(int(1, 8), '0');
  for (let i = 0; i < 60; i++) {
    const h = hex() + hex();
    L.push(`0x${h} 0x${h.toUpperCase()} ${h}h #${h.slice(0, 6)} 0o${int(0, 0o7777777).toString(8)} ` +
           `0b${int(0, 65535).toString(2)} ${int(0, 9999999)}u ${int(0, 99999)}ULL ${int(0, 999)}.${int(0, 99)}f ` +
           `0x${group(h.toUpperCase(), "'", 4)} ${group(String(int(1000, 99999999)), '_')}`);
  }
  L.push('0xDEADBEEF 0xCAFEBABE 0xFEEDFACE 0x7FFFFFFF 0xFFFFFFFFFFFFFFFF 0x0 0x00 0X1F \\x41\\x42 U+1F600 &#x1F600; &#128512;');
  L.push('', '# Dates and times');
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (x, n = 2) => String(x).padStart(n, '0');
  for (let i = 0; i < 80; i++) {
    const y = int(1066, 2099), m = int(1, 12), d = int(1, 28), hh = int(0, 23), mm = int(0, 59), ss = int(0, 59);
    const ms = int(0, 999), off = pick(['Z', '+01:00', '-05:00', '+05:30', '+09:00', '-03:30', '+14:00']);
    L.push(`${y}-${pad(m)}-${pad(d)} ${pad(d)}/${pad(m)}/${y} ${pad(m)}/${pad(d)}/${y} ${d}.${m}.${y} ` +
           `${pad(d)}.${pad(m)}.${String(y).slice(2)} ${mon[m - 1]} ${d}, ${y} ${d} ${mon[m - 1]} ${y} ` +
           `${y}年${m}月${d}日 ${y}/${pad(m)}/${pad(d)} ${y}${pad(m)}${pad(d)} ` +
           `${pad(hh)}:${pad(mm)} ${pad(hh)}:${pad(mm)}:${pad(ss)} ${(hh % 12) || 12}:${pad(mm)} ${hh < 12 ? 'a.m.' : 'PM'} ` +
           `${y}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mm)}:${pad(ss)}.${pad(ms, 3)}${off} ${hh}h${pad(mm)} ${hh}時${mm}分`);
  }
  L.push('1999-12-31T23:59:59.999999999Z 2038-01-19 03:14:07 UTC 1970-01-01 epoch 0, 1700000000, 1712345678901 ms');
  L.push('Durations: 1h30m, 90min, 5400s, PT1H30M, 00:01:30.250, 3d 4h, 2 weeks, Q3 2024, FY2025, 1990s, \'90s, 21st century');
  L.push('', '# Phone numbers');
  for (let i = 0; i < 40; i++) {
    L.push(`+1 (${digits(3)}) ${digits(3)}-${digits(4)} | +44 20 ${digits(4)} ${digits(4)} | +49 30 ${digits(8)} | ` +
           `+33 ${int(1, 9)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)} | +81-3-${digits(4)}-${digits(4)} | ` +
           `+91 ${digits(5)} ${digits(5)} | 0${digits(3)}/${digits(7)} | (0${digits(2)}) ${digits(4)}-${digits(4)} | +${digits(12)}`);
  }
  L.push('', '# Versions, identifiers, network addresses');
  for (let i = 0; i < 50; i++) {
    const v = `${int(0, 30)}.${int(0, 99)}.${int(0, 999)}`;
    L.push(`${v} v${v} ${v}-rc${int(1, 9)} ${v}-beta.${int(1, 20)}+build.${int(1, 9999)} ${v}.${int(0, 99999)} ` +
           `${int(1, 254)}.${int(0, 255)}.${int(0, 255)}.${int(0, 255)}:${int(1, 65535)} ` +
           `fe80::${hex()}:${hex().slice(0, 4)} ${Array.from({ length: 6 }, () => pad(int(0, 255).toString(16))).join(':')} ` +
           `${hex().padStart(8, '0')}-${hex().slice(0, 4).padStart(4, '0')}-4${digits(3, true)}-a${digits(3, true)}-${digits(12, true)}`);
  }
  L.push('1.2.3-rc4 10.0.19045.3803 Python 3.12.1 C++20 ES2022 IPv4 IPv6 HTTP/1.1 HTTP/2 UTF-8 UTF-16LE ISO 8601 RFC 3339 A4 B5 MP3 H.264 4K 8K 1080p 60fps 5G 802.11ax');
  L.push('', '# Currencies and units');
  const cur = [(a) => `$${a}`, (a) => `US$${a}`, (a) => `-$${a}`, (a) => `€${a}`, (a) => `${a} €`, (a) => `${a}€`,
    (a) => `£${a}`, (a) => `¥${a}`, (a) => `₹${a}`, (a) => `₩${a}`, (a) => `₽${a}`, (a) => `₺${a}`, (a) => `₫${a}`,
    (a) => `CHF ${a}.-`, (a) => `${a} zł`, (a) => `R$ ${a}`, (a) => `₿${a}`, (a) => `${a} USD`, (a) => `${a}¢`,
    (a) => `₪${a}`, (a) => `${a} ﷼`, (a) => `฿${a}`, (a) => `₴${a}`, (a) => `₦${a}`];
  for (let i = 0; i < 50; i++) {
    const a = group(digits(int(1, 9)), ',') + '.' + digits(2, true);
    const b = group(digits(int(1, 9)), '.') + ',' + digits(2, true);
    L.push(`${pick(cur)(a)} ${pick(cur)(b)} ${pick(cur)(digits(int(1, 4)))} ${int(0, 100)}% ${int(0, 999)}.${int(0, 9)}‰ ` +
           `${int(1, 999)} km ${int(1, 99)}kg ${int(-40, 45)}°C ${int(-40, 110)} °F ${int(1, 500)}mL ${int(1, 9)}.${int(0, 9)} GiB ` +
           `${int(1, 999)}MHz ${int(1, 9)}×${int(1, 9)} ${int(1, 99)}x ${int(1, 31)}st ${int(1, 31)}nd ${int(1, 31)}rd ${int(4, 20)}th ` +
           `${int(1, 9)}º ${int(1, 9)}ª ${int(1, 99)}e ${int(1, 9)}-й ${int(1, 9)}.`);
  }
  L.push('', '# Digits from other scripts');
  const zeros = { 'Fullwidth': 0xff10, 'Arabic-Indic': 0x660, 'Extended Arabic-Indic (Persian)': 0x6f0,
    'Devanagari': 0x966, 'Bengali': 0x9e6, 'Gurmukhi': 0xa66, 'Gujarati': 0xae6, 'Tamil': 0xbe6, 'Telugu': 0xc66,
    'Kannada': 0xce6, 'Malayalam': 0xd66, 'Thai': 0xe50, 'Lao': 0xed0, 'Tibetan': 0xf20, 'Myanmar': 0x1040,
    'Khmer': 0x17e0, 'Mongolian': 0x1810, 'NKo': 0x7c0, 'Math bold': 0x1d7ce, 'Math double-struck': 0x1d7d8,
    'Math sans-serif': 0x1d7e2, 'Math monospace': 0x1d7f6, 'Adlam': 0x1e950 };
  for (const [name, zero] of Object.entries(zeros)) {
    const line = [];
    for (let i = 0; i < 8; i++) line.push(mapDigits(digits(int(1, 12)), zero));
    L.push(`${name}: ${mapDigits('0123456789', zero)} ${line.join(' ')} ${mapDigits('1,234.5', zero)} ${mapDigits('2024-02-29', zero)}`);
  }
  L.push('Fullwidth: １２３ ４５６ ７８９ ０ ＋１２．５ －３ ￥１，０００ ％ ＃１ （１）');
  L.push('Superscripts: x² x³ 10⁻⁶ e⁺¹ aⁿ ⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱ m² cm³; subscripts: H₂O CO₂ x₀ x₁₀ ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎');
  L.push('Fractions: ½ ⅓ ⅔ ¼ ¾ ⅕ ⅖ ⅗ ⅘ ⅙ ⅚ ⅐ ⅛ ⅜ ⅝ ⅞ ⅑ ⅒ ↉ ⅟ 1½ 2¾ 1⁄2 3⁄4 11⁄16 1/2 3/4');
  L.push('Roman: Ⅰ Ⅱ Ⅲ Ⅳ Ⅴ Ⅵ Ⅶ Ⅷ Ⅸ Ⅹ Ⅺ Ⅻ Ⅼ Ⅽ Ⅾ Ⅿ ⅰ ⅱ ⅲ ⅳ ⅴ ⅵ ⅶ ⅷ ⅸ ⅹ ⅺ ⅻ ⅼ ⅽ ⅾ ⅿ ↀ ↁ ↂ MCMXCIV XLII mmxxiv');
  L.push('Circled: ① ② ③ ④ ⑤ ⑥ ⑦ ⑧ ⑨ ⑩ ⑪ ⑫ ⑬ ⑭ ⑮ ⑯ ⑰ ⑱ ⑲ ⑳ ⑴ ⑵ ⒈ ⒉ ❶ ❷ ➀ ➊ ㉑ ㊿ 🄀 🄁');
  L.push('CJK numerals: 〇 一 二 三 四 五 六 七 八 九 十 百 千 万 億 兆 壹 貳 參 肆 伍 陸 柒 捌 玖 拾 佰 仟 一百二十三 两千零二十四 ２０２４年 令和６年');
  L.push('', '# Mixed arithmetic and identifiers');
  for (let i = 0; i < 60; i++) {
    const a = int(0, 99999), b = int(1, 9999);
    L.push(`${a}+${b}=${a + b} ${a}-${b}=${a - b} ${a} × ${b} = ${a * b} ${a}*${b} ${a}/${b}≈${(a / b).toFixed(int(1, 8))} ` +
           `${a}÷${b} ${a}%${b}=${a % b} (${a})^${int(2, 9)} √${a} ${a}≤${b}≥${a}≠${b} x${a}y${b} v${a}_${b} ` +
           `ISBN 978-${digits(1)}-${digits(3)}-${digits(5)}-${digits(1)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} ` +
           `${int(0, 89)}°${int(0, 59)}′${int(0, 59)}″N ${int(0, 179)}.${digits(6, true)}°E`);
  }
  return L.join('\n') + '\n';
}
function mapSuper(s) {
  const sup = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻', '+': '⁺' };
  return [...s].map((c) => sup[c] ?? c).join('');
}

// ---------------------------------------------------------------- whitespace and newlines
function whitespace() {
  const L = [];
  const words = ['alpha', 'beta', 'gamma', 'delta', 'x', 'if', 'return', '42', 'Ünïcødé', '日本', 'слово', '🙂', '(', '.', 'end'];
  L.push('# Runs of 1 to 40 spaces between, before and after words, and alone on a line');
  for (let n = 1; n <= 40; n++) {
    const s = ' '.repeat(n);
    L.push(`a${s}b${s}${pick(words)}${s}${pick(words)}`);
    L.push(`${s}indented by ${n}`);
    L.push(`trailing ${n}${s}`);
    L.push(s);
  }
  L.push('', '# Tabs: 1 to 16, leading, inner, trailing, alone');
  for (let n = 1; n <= 16; n++) {
    const t = '\t'.repeat(n);
    L.push(`${t}tab-indented ${n}`, `col1${t}col2${t}col3`, `trailing tabs ${n}${t}`, t);
  }
  L.push('', '# Mixed tabs and spaces');
  for (let i = 0; i < 150; i++) {
    let ws = '';
    const len = int(1, 24);
    for (let k = 0; k < len; k++) ws += pick([' ', ' ', '\t']);
    const where = int(0, 3);
    const w1 = pick(words), w2 = pick(words);
    L.push(where === 0 ? `${ws}${w1} ${w2}` : where === 1 ? `${w1}${ws}${w2}` : where === 2 ? `${w1} ${w2}${ws}` : ws);
  }
  L.push(' \t \t \t', '\t \t \t ', '  \t\t  \t\t', '    \tmixed indent', '\t    mixed indent', '        \t\t        x');
  L.push('', '# Spaces before punctuation, digits and newlines');
  for (const p of ['.', ',', '!', '?', ':', ';', ')', ']', '}', '"', "'", '0', '1', '-', '—', '…', '\u3002']) {
    L.push(`word ${p} word  ${p}${p} word   ${p} ${p}    ${p}`);
  }
  L.push('', '# Unicode spaces, single and in runs');
  const spaces = { NBSP: 0xa0, 'EN QUAD': 0x2000, 'EM QUAD': 0x2001, 'EN SPACE': 0x2002, 'EM SPACE': 0x2003,
    'THREE-PER-EM': 0x2004, 'FOUR-PER-EM': 0x2005, 'SIX-PER-EM': 0x2006, 'FIGURE SPACE': 0x2007,
    'PUNCTUATION SPACE': 0x2008, 'THIN SPACE': 0x2009, 'HAIR SPACE': 0x200a, 'NARROW NBSP': 0x202f,
    'MEDIUM MATH SPACE': 0x205f, 'IDEOGRAPHIC SPACE': 0x3000, 'OGHAM SPACE MARK': 0x1680, 'MONGOLIAN VOWEL SEPARATOR': 0x180e,
    'ZERO WIDTH SPACE': 0x200b, 'BRAILLE BLANK': 0x2800, 'HANGUL FILLER': 0x3164 };
  for (const [name, c] of Object.entries(spaces)) {
    const s = cp(c);
    L.push(`${name}:${s}a${s}b${s.repeat(2)}c${s.repeat(5)}d${s.repeat(int(6, 20))}e ${s} f${s}\t${s}g${s}`);
  }
  L.push('', '# Every kind of line break');
  const breaks = { LF: '\n', CRLF: '\r\n', CR: '\r', VT: '\v', FF: '\f', NEL: '\u0085', LS: '\u2028', PS: '\u2029',
    'CR CR LF': '\r\r\n', 'LF CR': '\n\r', 'CRLF CRLF': '\r\n\r\n', 'FS': '\u001c', 'GS': '\u001d', 'RS': '\u001e' };
  for (const [name, b] of Object.entries(breaks)) {
    L.push(`${name} separated:${b}line one${b}line two${b}${b}after a blank${b}  indented${b}trailing spaces   ${b}\tend`);
    L.push(`${name} run:${b.repeat(int(2, 6))}x${b.repeat(int(7, 12))}y`);
  }
  const prose = 'The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs. ' +
    'How vexingly quick daft zebras jump! Sphinx of black quartz, judge my vow.';
  L.push('A paragraph with Windows line endings:\r\n' + prose.split('. ').join('.\r\n') + '\r\n\r\n\r\nEnd of CRLF paragraph.');
  L.push('A paragraph with old Mac line endings:\r' + prose.split('. ').join('.\r') + '\r\rEnd of CR paragraph.');
  L.push('Mixed endings in one paragraph:\r\nfirst\nsecond\rthird\r\nfourth\u2028fifth\u2029sixth\u0085seventh\vEighth\fninth');
  L.push('', '# Many blank lines in a row (1 to 20), some holding whitespace');
  for (let n = 1; n <= 20; n++) {
    L.push(`before ${n} blank lines` + '\n'.repeat(n) + `after ${n} blank lines`);
    L.push(`before ${n} whitespace-only lines` + Array.from({ length: n }, () => '\n' + pick([' ', '  ', '\t', ' \t ', '    '])).join('') + '\nafter');
  }
  L.push('', '# Indented blocks (2, 3, 4, 8 spaces and tabs), as in code and poetry');
  for (const ind of ['  ', '   ', '    ', '        ', '\t', '\t\t', ' \t']) {
    for (let depth = 0; depth < 6; depth++) L.push(ind.repeat(depth) + `level ${depth}: ${pick(words)} ${pick(words)}`);
    for (let depth = 5; depth >= 0; depth--) L.push(ind.repeat(depth) + '}');
  }
  L.push('', '# Whitespace at the very edges of long lines');
  for (let i = 0; i < 60; i++) {
    const w = Array.from({ length: int(3, 14) }, () => pick(words)).join(' '.repeat(int(1, 3)));
    L.push(' '.repeat(int(0, 12)) + w + pick(['', ' ', '  ', '\t', ' \t', '     ', '\u00a0', '\u3000']));
  }
  L.push('', '', '', 'The file ends with spaces, a tab, and three newlines.   \t\n\n');
  return L.join('\n');
}

// ---------------------------------------------------------------- emoji
function emoji() {
  const L = [];
  const blocks = [[0x1f600, 0x1f64f, 'Emoticons'], [0x1f300, 0x1f5ff, 'Misc symbols and pictographs'],
    [0x1f680, 0x1f6ff, 'Transport and map'], [0x1f900, 0x1f9ff, 'Supplemental symbols and pictographs'],
    [0x1fa70, 0x1faff, 'Symbols and pictographs extended-A'], [0x2600, 0x27bf, 'Misc symbols and dingbats']];
  for (const [lo, hi, name] of blocks) {
    L.push(`# ${name} U+${lo.toString(16).toUpperCase()}..U+${hi.toString(16).toUpperCase()}`);
    const cs = range(lo, hi).filter((c) => /\p{Extended_Pictographic}/u.test(cp(c)) && assigned(c));
    for (let i = 0; i < cs.length; i += 32) L.push(cp(...cs.slice(i, i + 32)));
    L.push(cs.map((c) => cp(c)).join(' '));
  }
  const tones = [0x1f3fb, 0x1f3fc, 0x1f3fd, 0x1f3fe, 0x1f3ff];
  L.push('', '# Skin tone modifiers');
  const hands = [0x1f44b, 0x1f44d, 0x1f44e, 0x1f44f, 0x1f450, 0x1f64c, 0x1f64f, 0x270c, 0x270b, 0x1f91d, 0x1f918, 0x1f919,
    0x1f590, 0x1f596, 0x1f4aa, 0x1f466, 0x1f467, 0x1f468, 0x1f469, 0x1f9d1, 0x1f474, 0x1f475, 0x1f476, 0x1f477, 0x1f46e,
    0x1f478, 0x1f385, 0x1f936, 0x1f9d9, 0x1f483, 0x1f57a, 0x1f3c3, 0x1f6b6, 0x1f3ca, 0x1f6b4, 0x1f9d8, 0x1f6c0, 0x1f442, 0x1f443];
  for (const h of hands) L.push(cp(h) + ' ' + tones.map((t) => cp(h, t)).join(' ') + ' ' + tones.map((t) => cp(h, t)).join(''));
  L.push('Lone modifiers: 🏻 🏼 🏽 🏾 🏿 a🏽b 🏽🏽🏽');
  L.push('', '# ZWJ sequences: families, couples, professions, gendered, animals, flags, others');
  const zwj = '\u200d';
  const man = '👨', woman = '👩', person = '🧑', girl = '👧', boy = '👦', baby = '👶';
  const fams = [[man, woman, boy], [man, woman, girl], [man, woman, girl, boy], [man, woman, boy, boy], [man, woman, girl, girl],
    [man, man, boy], [man, man, girl], [man, man, girl, boy], [woman, woman, boy], [woman, woman, girl], [woman, woman, girl, boy],
    [man, boy], [man, girl], [man, girl, boy], [woman, boy], [woman, girl, girl], [person, person, baby], [person, baby]];
  L.push(fams.map((f) => f.join(zwj)).join(' '));
  L.push(fams.map((f) => f.join(zwj)).join(''));
  const jobs = ['⚕️', '🎓', '🏫', '⚖️', '🌾', '🍳', '🔧', '🏭', '💼', '🔬', '💻', '🎤', '🎨', '✈️', '🚀', '🚒', '🦯', '🦼', '🦽', '🍼', '🎄', '🦰', '🦱', '🦳', '🦲'];
  for (const base of [man, woman, person]) {
    L.push(jobs.map((j) => base + zwj + j).join(' '));
    L.push(tones.map((t) => jobs.slice(0, 8).map((j) => base + cp(t) + zwj + j).join(' ')).join(' '));
  }
  const gendered = ['🏃', '🚶', '🧍', '🧎', '🏊', '🚴', '🤷', '🤦', '🙋', '🙆', '🙅', '💁', '🙇', '🕵️', '💂', '👷', '🧙', '🧚', '🧛', '🧜', '🧝', '🧞', '🧟', '🏄', '🚣', '⛹️', '🏋️', '🤸', '🤹', '🧗'];
  L.push(gendered.map((g) => g + zwj + '♀️').join(' '));
  L.push(gendered.map((g) => g + zwj + '♂️').join(' '));
  L.push(gendered.slice(0, 10).map((g) => tones.map((t) => g.replace('\ufe0f', '') + cp(t) + zwj + pick(['♀️', '♂️'])).join('')).join(' '));
  L.push('Couples: 💑 💏 👩‍❤️‍👨 👨‍❤️‍👨 👩‍❤️‍👩 👩‍❤️‍💋‍👨 👨‍❤️‍💋‍👨 👩‍❤️‍💋‍👩 🧑🏻‍❤️‍🧑🏿 🧑🏻‍🤝‍🧑🏿 👩🏽‍🤝‍👨🏻 🫱🏻‍🫲🏿');
  L.push('Others: 🏳️‍🌈 🏳️‍⚧️ 🏴‍☠️ 🐕‍🦺 🐈‍⬛ 🐻‍❄️ 🐦‍⬛ 🐦‍🔥 ❤️‍🔥 ❤️‍🩹 😶‍🌫️ 😮‍💨 😵‍💫 👁️‍🗨️ 🧔‍♀️ 🧔🏾‍♂️ 🍄‍🟫 🍋‍🟩 ⛓️‍💥 🙂‍↔️ 🙂‍↕️');
  L.push('Broken ZWJ: 👨‍ ‍👩 👨‍‍👩 a‍b 👨‍a ‍‍‍');
  L.push('', '# Flags (regional indicator pairs) and subdivision tag sequences');
  const codes = 'AD AE AF AG AR AT AU BA BE BG BR BY CA CH CL CN CO CU CZ DE DK EE EG ES ET FI FR GB GE GR HK HR HU ID IE IL IN IQ IR IS IT JM JP KE KR KZ LB LT LU LV MA MX MY NG NL NO NP NZ PE PH PK PL PS PT QA RO RS RU SA SE SG SI SK TH TR TW UA US UY UZ VA VE VN ZA EU UN'.split(' ');
  const flag = (cc) => cp(...[...cc].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
  L.push(codes.map(flag).join(' '));
  L.push(codes.map(flag).join(''));
  L.push('Odd count of regional indicators: ' + cp(0x1f1fa) + ' ' + cp(0x1f1fa, 0x1f1f8, 0x1f1e9) + ' ' + cp(0x1f1e6, 0x1f1e7, 0x1f1e8, 0x1f1e9, 0x1f1ea));
  const tagSeq = (s) => '🏴' + [...s].map((c) => cp(0xe0000 + c.charCodeAt(0))).join('') + cp(0xe007f);
  L.push(`England ${tagSeq('gbeng')} Scotland ${tagSeq('gbsct')} Wales ${tagSeq('gbwls')} Texas ${tagSeq('ustx')} ${tagSeq('gbeng')}${tagSeq('gbsct')}`);
  L.push('Checkered 🏁 white 🏳️ black 🏴 triangular 🚩 crossed 🎌');
  L.push('', '# Keycaps');
  const keys = '0123456789#*';
  L.push([...keys].map((k) => k + '\ufe0f\u20e3').join(' ') + ' 🔟');
  L.push([...keys].map((k) => k + '\u20e3').join(' ') + ' (without VS16)');
  L.push([...keys].map((k) => k + '\ufe0f\u20e3').join('') + ' A⃣ a⃣ 1⃝ ⃣');
  L.push('', '# Variation selectors: text (U+FE0E) and emoji (U+FE0F) presentation');
  const vs = ['☺', '❤', '✔', '©', '®', '™', '↔', '☀', '☁', '✈', '✉', '✏', '⚠', '⚡', '♻', '☎', '⌚', '⏳', '▶', '◀', '⬆', '⬇', '‼', '⁉', '〰', '〽', '㊗', '㊙', '♠', '♥', '♦', '♣', '✂', '✒', '✳', '❄', '❇', '➡', '⤴', '⤵'];
  for (const c of vs) L.push(`${c} ${c}\ufe0f ${c}\ufe0e ${c}\ufe0f\ufe0f ${c}\ufe0e\ufe0f x${c}\ufe0fy`);
  L.push('', '# Emoji in running text');
  const texts = ['I love this', 'Happy birthday', 'Ship it', 'Good morning', 'On my way', 'Thanks so much', 'Oh no',
    'Feliz cumpleaños', 'Alles Gute', 'おめでとう', '생일 축하해', 'С днём рождения', 'مبروك', 'बधाई हो', 'Bon appétit'];
  const some = range(0x1f600, 0x1f64f).concat(range(0x1f910, 0x1f92f)).map((c) => cp(c)).concat(['👍', '🎉', '🔥', '💯', '🚀', '❤️', '✨', '🙏🏽', '👀', '🤷‍♂️']);
  for (let i = 0; i < 150; i++) {
    const e = pick(some), n = int(1, 6);
    const sep = pick(['', ' ', '']);
    L.push(pick([
      `${pick(texts)} ${e.repeat(n)}`, `${pick(texts)}${e}!!!`, `${e}${pick(texts)}${e}`, `${e} ${pick(texts)} ${pick(some)}${sep}${pick(some)}`,
      `"${pick(texts)}"${e}`, `#${pick(texts).replace(/ /g, '')}${e}`, `${pick(texts)}:${e}:${pick(some)}`]));
  }
  for (let n = 1; n <= 20; n++) L.push('😂'.repeat(n) + ' ' + '👍🏽'.repeat(n));
  L.push('Text-style emoticons: :-) :) ;) :D XD :P :-( :\'( <3 </3 ^_^ ¯\\_(ツ)_/¯ (╯°□°)╯︵ ┻━┻ ಠ_ಠ ( ͡° ͜ʖ ͡°) ʕ•ᴥ•ʔ o_O :-/ =) 8-)');
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------- Unicode edge cases
const mathAlphabets = {
  bold: [0x1d400, 0x1d41a], italic: [0x1d434, 0x1d44e], 'bold italic': [0x1d468, 0x1d482], script: [0x1d49c, 0x1d4b6],
  'bold script': [0x1d4d0, 0x1d4ea], fraktur: [0x1d504, 0x1d51e], 'double-struck': [0x1d538, 0x1d552],
  'bold fraktur': [0x1d56c, 0x1d586], 'sans-serif': [0x1d5a0, 0x1d5ba], 'sans-serif bold': [0x1d5d4, 0x1d5ee],
  'sans-serif italic': [0x1d608, 0x1d622], monospace: [0x1d670, 0x1d68a],
};
// Letters that live in Letterlike Symbols instead of the math block (the holes in the block).
const mathHoles = {
  italic: { h: 0x210e }, script: { B: 0x212c, E: 0x2130, F: 0x2131, H: 0x210b, I: 0x2110, L: 0x2112, M: 0x2133, R: 0x211b, e: 0x212f, g: 0x210a, o: 0x2134 },
  fraktur: { C: 0x212d, H: 0x210c, I: 0x2111, R: 0x211c, Z: 0x2128 },
  'double-struck': { C: 0x2102, H: 0x210d, N: 0x2115, P: 0x2119, Q: 0x211a, R: 0x211d, Z: 0x2124 },
};
function mathStyle(text, style) {
  const [upper, lower] = mathAlphabets[style];
  return [...text].map((c) => {
    const hole = mathHoles[style]?.[c];
    if (hole) return cp(hole);
    if (c >= 'A' && c <= 'Z') return cp(upper + c.charCodeAt(0) - 65);
    if (c >= 'a' && c <= 'z') return cp(lower + c.charCodeAt(0) - 97);
    return c;
  }).join('');
}

function section(text, heading) {
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`missing section ${heading}`);
  const end = text.indexOf('\n# ', start + heading.length);
  return text.slice(start, end < 0 ? text.length : end).trim();
}

function unicodeEdge() {
  const L = [];
  L.push('# Combining marks');
  L.push('Precomposed vs decomposed: é e\u0301 | É E\u0301 | ñ n\u0303 | ü u\u0308 | å a\u030a | ç c\u0327 | ǖ u\u0308\u0304 | ệ e\u0323\u0302 | ḯ i\u0308\u0301 | Å A\u030a \u212b (angstrom sign)');
  L.push('café cafe\u0301 naïve nai\u0308ve résumé re\u0301sume\u0301 Zürich Zu\u0308rich São Sa\u0303o Ångström A\u030angstro\u0308m');
  const combos = range(0x300, 0x36f);
  const bases = 'aeiouyAEIOUYcnszgkrlw';
  for (let i = 0; i < 6; i++) L.push([...bases].map((b) => b + cp(pick(combos))).join(''));
  L.push('Every combining diacritic on "o": ' + combos.map((c) => 'o' + cp(c)).join(' '));
  L.push('Other combining blocks: ' + [...range(0x1ab0, 0x1ace), ...range(0x1dc0, 0x1dff), ...range(0x20d0, 0x20f0), ...range(0xfe20, 0xfe2f)]
    .filter((c) => assigned(c)).map((c) => 'x' + cp(c)).join(' '));
  L.push('', '# Stacked diacritics (Zalgo)');
  for (let i = 0; i < 40; i++) {
    const word = pick(['hello', 'world', 'tokenizer', 'ZALGO', 'he comes', 'Ünïcødé', 'test', 'каша', 'λόγος']);
    L.push([...word].map((ch) => ch + Array.from({ length: int(1, 18) }, () => cp(pick(combos))).join('')).join(''));
  }
  const prose = readFileSync(join(here, 'prose_latin.txt'), 'utf8');
  const viet = section(prose, '# Tiếng Việt').replace('# Tiếng Việt', '').trim();
  L.push('', '# Vietnamese, NFC (precomposed)', viet.normalize('NFC'));
  L.push('', '# Vietnamese, NFD (decomposed)', viet.normalize('NFD'));
  L.push('', '# Vietnamese, mixed NFC and NFD word by word',
    viet.split(' ').map((w, i) => (i % 2 ? w.normalize('NFD') : w.normalize('NFC'))).join(' '));
  const fr = section(prose, '# Français').replace('# Français', '').trim().split('\n\n')[0];
  L.push('', '# French paragraph, NFD', fr.normalize('NFD'));
  const cjk = readFileSync(join(here, 'prose_cjk_thai.txt'), 'utf8');
  const ko = section(cjk, '# 한국어').replace('# 한국어', '').trim().split('\n\n')[0];
  L.push('', '# Korean paragraph as conjoining Hangul jamo (NFD)', ko.normalize('NFD'));
  L.push('Jamo sequences: \u1100\u1161 \u1100\u1161\u11a8 \u1112\u1161\u11ab\u1100\u1173\u11af \u1109\u1165\u110b\u116e\u11af \u115f\u1160 \u1100\u1100\u1161 \u1161\u11a8 (lone vowel, lone final) \ua960\u1161 \u1100\ud7b0');
  L.push('Compatibility jamo: ㄱ ㅏ ㄱㅏ ㅎㅏㄴㄱㅡㄹ; syllables: 가 각 갂 힣 한글');
  L.push('', '# Marks in other scripts');
  L.push('Hebrew points and cantillation: שָׁלוֹם עֲלֵיכֶם בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים יְהוָה וּ שּׁ');
  L.push('Arabic harakat: بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ ـَـُـِـْـّـً ٱلْحَمْدُ لِلَّهِ مُحَمَّدٌ');
  L.push('Devanagari vowel signs and virama: क का कि की कु कू कृ के कै को कौ कं कः कँ क् क्ष त्र ज्ञ श्र द्ध द्व ह्म क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़');
  L.push('Bengali: ক কা কি কী কু কূ কৃ কে কৈ কো কৌ ক্ক ক্ষ ৎ; Tamil: க கா கி கீ கு கூ கெ கே கை கொ கோ கௌ க்');
  L.push('Thai tone marks: ก่ ก้ ก๊ ก๋ กั กิ กี กึ กื กุ กู เก แก โก ใก ไก กำ ก็ ก์ น้ำ ป่า ไม้ ผู้ใหญ่');
  L.push('Enclosing marks: a\u20dd b\u20de c\u20df 1\u20e3 X\u20e0 \u0488\u0489 x\u0489');
  L.push('Tibetan/Myanmar/Khmer stacks: བཀྲ་ཤིས་བདེ་ལེགས། မင်္ဂလာပါ សួស្ដី ស្ត្រី');
  L.push('', '# Invisible and format characters inside words');
  const inv = { ZWSP: 0x200b, ZWNJ: 0x200c, ZWJ: 0x200d, 'WORD JOINER': 0x2060, 'BOM/ZWNBSP': 0xfeff, 'SOFT HYPHEN': 0xad,
    NBSP: 0xa0, 'NARROW NBSP': 0x202f, 'IDEOGRAPHIC SPACE': 0x3000, MVS: 0x180e, 'FUNCTION APPLICATION': 0x2061,
    'INVISIBLE TIMES': 0x2062, 'INVISIBLE SEPARATOR': 0x2063, 'INVISIBLE PLUS': 0x2064, 'COMBINING GRAPHEME JOINER': 0x34f,
    'ARABIC LETTER MARK': 0x61c, LRM: 0x200e, RLM: 0x200f, 'HANGUL FILLER': 0x3164, 'KHMER VOWEL INHERENT AQ': 0x17b4,
    'SHORTHAND FORMAT LETTER OVERLAP': 0x1bca0, 'TAG SPACE': 0xe0020, 'INTERLINEAR ANNOTATION ANCHOR': 0xfff9 };
  for (const [name, c] of Object.entries(inv)) {
    const s = cp(c);
    L.push(`${name}: in${s}side word${s} ${s}start end${s} double${s}${s}run ${s.repeat(int(3, 9))} 日本${s}語 ${s}${s}`);
  }
  for (let c = 0x2000; c <= 0x200a; c++) L.push(`U+${c.toString(16).toUpperCase()}:a${cp(c)}b${cp(c, c)}c`);
  L.push('BOM at start of a line and mid text:\n\ufeffline starting with BOM\nmid\ufefftext and \ufeff\ufeff twice');
  L.push('Soft hyphens: hy\u00adphen\u00ada\u00adtion Silben\u00adtren\u00adnung super\u00adcali\u00adfragi\u00adlistic');
  L.push('ZWNJ/ZWJ in scripts: می\u200cخواهم نمی\u200cدانم क्\u200dष क्\u200cष ර්\u200dය');
  L.push('', '# Bidirectional controls');
  const bidi = { LRE: 0x202a, RLE: 0x202b, PDF: 0x202c, LRO: 0x202d, RLO: 0x202e, LRI: 0x2066, RLI: 0x2067, FSI: 0x2068, PDI: 0x2069 };
  for (const [name, c] of Object.entries(bidi)) L.push(`${name}: abc${cp(c)}def עברית ${cp(c)}123${cp(0x202c)} ${cp(0x2069)}end`);
  L.push('Trojan source: /* ' + cp(0x202e) + ' } ' + cp(0x2066) + 'if (isAdmin)' + cp(0x2069) + ' ' + cp(0x2066) + ' begin admins only */');
  L.push('Mixed direction: The word שלום means peace; السلام عليكم is a greeting; 123 אבג 456 ابت 789.');
  L.push('', '# Control characters U+0001..U+001F (except NUL), U+007F, C1 U+0080..U+009F');
  for (const c of range(1, 31)) L.push(`U+${c.toString(16).padStart(4, '0').toUpperCase()}: a${cp(c)}b ${cp(c)}${cp(c)} x`);
  L.push('All C0 in a row: ' + cp(...range(1, 31)) + ' DEL: a\u007fb \u007f\u007f');
  L.push('C1 controls: ' + range(0x80, 0x9f).map((c) => 'c' + cp(c)).join(' '));
  L.push('Escape sequences: \u001b[31mred\u001b[0m \u001b[1;4mbold underline\u001b[0m bell\u0007 backspace ab\u0008c');
  L.push('', '# Variation selectors, private use, noncharacters, specials');
  L.push('VS1..VS16: ' + range(0xfe00, 0xfe0f).map((c) => '⊕' + cp(c)).join(' ') + ' 葛' + cp(0xfe00) + ' (IVS: ' + cp(0x845b, 0xe0100) + ' ' + cp(0x8fbb, 0xe0101) + ' ' + cp(0x9f4b, 0xe0102) + ')');
  L.push('Private use: ' + ['\ue000', '\ue001', '\uf8ff', '\uf8fe', cp(0xf0000), cp(0xffffd), cp(0x100000), cp(0x10fffd)].map((c) => `a${c}b`).join(' ') + ' \uf8ff Apple logo in some fonts');
  L.push('Noncharacters: ' + [...range(0xfdd0, 0xfdef), 0xfffe, 0xffff, 0x1fffe, 0x1ffff, 0x2fffe, 0x10fffe, 0x10ffff].map((c) => `x${cp(c)}`).join(' '));
  L.push('Specials: \ufff9annotated\ufffatext\ufffb \ufffc object \ufffd replacement \ufffd\ufffd');
  L.push('', '# Astral plane letters and mathematical alphanumerics');
  L.push('𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕌𝕟𝕚𝕔𝕠𝕕𝕖 𝐔𝐧𝐢𝐜𝐨𝐝𝐞 𝑼𝒏𝒊𝒄𝒐𝒅𝒆 𝒰𝓃𝒾𝒸ℴ𝒹ℯ 𝖀𝖓𝖎𝖈𝖔𝖉𝖊 𝚄𝚗𝚒𝚌𝚘𝚍𝚎 𝗨𝗻𝗶𝗰𝗼𝗱𝗲');
  const sample = ['The quick brown fox jumps over the lazy dog', 'PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS', 'Hello World', 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  for (const style of Object.keys(mathAlphabets)) for (const s of sample) L.push(`${style}: ${mathStyle(s, style)}`);
  L.push('Math Greek: 𝚨𝚩𝚪𝚫 𝛂𝛃𝛄𝛅 𝛼𝛽𝛾𝛿 𝜶𝜷𝜸 𝝰𝝱𝝲 ∂ ∇ ∑ ∏ ∫ ∮ ∞ ≈ ≠ ≤ ≥ ∈ ∉ ⊂ ⊆ ∪ ∩ ∀ ∃ ¬ ∧ ∨ ⇒ ⇔ ℕ ℤ ℚ ℝ ℂ ℵ ℏ');
  L.push('Deseret: 𐐷𐐯𐐹𐐲 𐐔𐐯𐑅𐐨𐑉𐐯𐐻 | Gothic: 𐌰𐌱𐌲𐌳𐌴 | Old Italic: 𐌀𐌁𐌂 | Linear B: 𐀀𐀁𐀂 | Cuneiform: 𒀀𒀁𒀂 | Hieroglyphs: 𓀀𓀁𓂀𓃰 | Phoenician: 𐤀𐤁𐤂 | Ugaritic: 𐎀𐎁 | Osage: 𐒰𐓘 | Adlam: 𞤀𞤢');
  L.push('Music: 𝄞 𝄢 𝅘𝅥𝅮 𝅗𝅥 𝄪 𝄫 | Mahjong/domino/cards: 🀄 🀀 🁣 🂡 🂱 🃁 🃑 | Alchemical: 🜁 🜂 🜃 🜄 | Chess: ♔♕♖♗♘♙ ♚♛♜♝♞♟ 🨀');
  L.push('CJK Extension B and beyond: 𠀀 𠀁 𠮷 𡈽 𤭢 𪚥 𫝀 𬺰 𰀀 𱍐; compatibility ideographs: 豈 更 車 賈 滑; radicals: ⺀ ⺁ ⼀ ⼁ ⼂; IDS: ⿰氵可 ⿱艹化');
  L.push('', '# Ligatures, presentation forms, width and case oddities');
  L.push('Latin ligatures: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ — oﬃce eﬀort ﬁnal ﬂow ﬆar | Armenian ligatures: ﬓ ﬔ ﬕ ﬖ ﬗ | Hebrew: ﬡ ﬢ ﬣ ﬤ ﬥ ﬦ ﬧ ﬨ ﬩ שׁ');
  L.push('Arabic presentation forms: ﷺ ﷻ ﷽ ﻻ ﻷ ﺍ ﺎ ﺏ ﺐ ﺑ ﺒ ﭐ ﭑ');
  L.push('Fullwidth Latin: Ｆｕｌｌｗｉｄｔｈ ＴＥＸＴ ａｂｃ！？＠＃＄％＆（）［］｛｝ | halfwidth: ｡｢｣､･ｦｧｨ ﾠﾡﾢ ￩￪￫￬');
  L.push('Small caps and modifiers: ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ ₐₑₒₓₔ');
  L.push('Enclosed: ⓐⓑⓒ ⒶⒷⒸ 🅐🅑🅒 🄰🄱🄲 🅰🅱🆎 ⒜⒝⒞ ㋐㋑㋒ ㊀ ㊁ ㊤ ㊥');
  L.push('Case: ß ẞ SS İ ı i I ǅ ǆ Ǆ ǈ ǋ ﬁ FI ŉ ΐ ς σ Σ Ω Ω ω K K k Å Å å ǰ ẖ ẗ ẘ ẙ ẚ');
  L.push('Confusables: Αpple (Greek A) Аpple (Cyrillic А) ΑΒΓ ABC АВС раураl paypal ℓ l 1 I | 0 O О Ο ০ ߀');
  L.push('Box drawing: ┌─┬─┐ │ │ │ ├─┼─┤ └─┴─┘ ╔═╦═╗ ║ ║ ║ ╚═╩═╝ ▁▂▃▄▅▆▇█ ░▒▓ ■□▢▣ ●○◎◉');
  L.push('Braille: ⠓⠑⠇⠇⠕ ⠺⠕⠗⠇⠙ ⠀⠁⠂⠃ ⣿⣾⣽');
  L.push('', '# Samples of many Unicode blocks (assigned characters only)');
  const blocks = [[0xa0, 0xff, 'Latin-1 Supplement'], [0x100, 0x17f, 'Latin Extended-A'], [0x180, 0x24f, 'Latin Extended-B'],
    [0x250, 0x2af, 'IPA'], [0x2b0, 0x2ff, 'Spacing modifiers'], [0x370, 0x3ff, 'Greek'], [0x400, 0x4ff, 'Cyrillic'],
    [0x500, 0x52f, 'Cyrillic Supplement'], [0x531, 0x58f, 'Armenian'], [0x591, 0x5f4, 'Hebrew'], [0x600, 0x6ff, 'Arabic'],
    [0x700, 0x74f, 'Syriac'], [0x780, 0x7b1, 'Thaana'], [0x7c0, 0x7ff, 'NKo'], [0x900, 0x97f, 'Devanagari'],
    [0x980, 0x9ff, 'Bengali'], [0xa00, 0xa7f, 'Gurmukhi'], [0xa80, 0xaff, 'Gujarati'], [0xb80, 0xbff, 'Tamil'],
    [0xc00, 0xc7f, 'Telugu'], [0xc80, 0xcff, 'Kannada'], [0xd00, 0xd7f, 'Malayalam'], [0xd80, 0xdff, 'Sinhala'],
    [0xe00, 0xe7f, 'Thai'], [0xe80, 0xeff, 'Lao'], [0xf00, 0xfff, 'Tibetan'], [0x1000, 0x109f, 'Myanmar'],
    [0x10a0, 0x10ff, 'Georgian'], [0x1200, 0x137f, 'Ethiopic'], [0x13a0, 0x13ff, 'Cherokee'], [0x1400, 0x167f, 'Canadian Syllabics'],
    [0x1680, 0x169f, 'Ogham'], [0x16a0, 0x16ff, 'Runic'], [0x1780, 0x17ff, 'Khmer'], [0x1800, 0x18af, 'Mongolian'],
    [0x1e00, 0x1eff, 'Latin Extended Additional'], [0x1f00, 0x1fff, 'Greek Extended'], [0x2010, 0x205e, 'General Punctuation'],
    [0x20a0, 0x20c0, 'Currency'], [0x2100, 0x214f, 'Letterlike'], [0x2150, 0x218b, 'Number forms'], [0x2190, 0x21ff, 'Arrows'],
    [0x2200, 0x22ff, 'Math operators'], [0x2300, 0x23ff, 'Misc technical'], [0x2460, 0x24ff, 'Enclosed alphanumerics'],
    [0x2500, 0x257f, 'Box drawing'], [0x25a0, 0x25ff, 'Geometric shapes'], [0x2c00, 0x2c5f, 'Glagolitic'],
    [0x2d30, 0x2d7f, 'Tifinagh'], [0x3000, 0x303f, 'CJK symbols and punctuation'], [0x3040, 0x309f, 'Hiragana'],
    [0x30a0, 0x30ff, 'Katakana'], [0x3100, 0x312f, 'Bopomofo'], [0x3130, 0x318f, 'Hangul compatibility jamo'],
    [0x1100, 0x11ff, 'Hangul jamo'], [0x31f0, 0x31ff, 'Katakana phonetic extensions'], [0x3200, 0x32ff, 'Enclosed CJK'],
    [0xa000, 0xa0ff, 'Yi (part)'], [0xa4d0, 0xa4ff, 'Lisu'], [0xa500, 0xa5ff, 'Vai (part)'], [0xfb00, 0xfb4f, 'Alphabetic presentation forms'],
    [0xfe30, 0xfe4f, 'CJK compatibility forms'], [0xfe50, 0xfe6b, 'Small form variants'], [0xff00, 0xffef, 'Halfwidth and fullwidth forms']];
  for (const [lo, hi, name] of blocks) {
    const cs = range(lo, hi).filter((c) => assigned(c) && !/\p{Cc}/u.test(cp(c)));
    L.push(`${name}: ${cp(...cs)}`);
  }
  L.push('CJK Unified Ideographs (every 37th from U+4E00): ' + range(0x4e00, 0x9fff).filter((c, i) => i % 37 === 0).map((c) => cp(c)).join(''));
  L.push('Hangul syllables (every 97th from U+AC00): ' + range(0xac00, 0xd7a3).filter((c, i) => i % 97 === 0).map((c) => cp(c)).join(''));
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------- special tokens
function specialTokens() {
  const L = [];
  const toks = ['<think>', '</think>', '<｜User｜>', '<｜Assistant｜>', '<｜begin▁of▁sentence｜>', '<｜end▁of▁sentence｜>',
    '<｜tool▁calls▁begin｜>', '<｜tool▁call▁begin｜>', '<｜tool▁sep｜>', '<｜tool▁call▁end｜>', '<｜tool▁calls▁end｜>',
    '<｜tool▁outputs▁begin｜>', '<｜tool▁output▁begin｜>', '<｜tool▁output▁end｜>', '<｜tool▁outputs▁end｜>',
    '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<｜▁pad▁｜>',
    '<|im_start|>', '<|im_end|>', '<|endoftext|>', '<|fim_prefix|>', '<|fim_middle|>', '<|fim_suffix|>', '<|fim_pad|>',
    '<|vision_start|>', '<|vision_end|>', '<|object_ref_start|>', '<tool_call>', '</tool_call>', '<|quad_start|>',
    '<|begin_of_text|>', '<|end_of_text|>', '<|eot_id|>', '<|start_header_id|>', '<|end_header_id|>', '<|eom_id|>',
    '<|python_tag|>', '<|finetune_right_pad_id|>', '<|reserved_special_token_0|>', '<|reserved_special_token_250|>',
    '<s>', '</s>', '<unk>', '<pad>', '[INST]', '[/INST]', '<<SYS>>', '<</SYS>>', '<mask>', '[CLS]', '[SEP]', '[MASK]'];
  L.push('# Each token alone on its line');
  L.push(...toks);
  L.push('', '# Each token with spaces and newlines around it');
  for (const t of toks) {
    L.push(` ${t} `, `  ${t}  `, `\t${t}\t`, `\n${t}\n`, `word${t}word`, `word ${t} word`, `${t}\n\n`, `\n\n${t}`, `.${t}.`, `"${t}"`, `\`${t}\``);
  }
  L.push('', '# Adjacent tokens with no space');
  for (let i = 0; i < 80; i++) L.push(Array.from({ length: int(2, 6) }, () => pick(toks)).join(''));
  L.push(toks.join(''));
  L.push(toks.join(' '));
  L.push('<think></think><think></think>', '<think>\n</think>', '<think>\n\n</think>\n\n', '</think></think></think>', '<think><think><think>');
  L.push('<｜User｜><｜Assistant｜><｜User｜><｜Assistant｜>', '<|im_start|><|im_end|><|im_start|><|im_end|>', '<|eot_id|><|eot_id|><|eot_id|>');
  L.push('', '# Partial, broken and look-alike tokens');
  const partials = [];
  for (const t of toks.slice(0, 6).concat(['<|im_start|>', '<|im_end|>', '<|endoftext|>', '<|begin_of_text|>', '<|eot_id|>', '<|start_header_id|>'])) {
    const cps = [...t];
    for (let k = 1; k < cps.length; k++) partials.push(cps.slice(0, k).join(''), cps.slice(k).join(''));
  }
  for (let i = 0; i < partials.length; i += 12) L.push(partials.slice(i, i + 12).join(' '));
  L.push('<think <think>> <<think>> <thinking> </thinking> <Think> <THINK> </ think> < think> <think/> <think >  <\\think> &lt;think&gt; \\<think\\>');
  L.push('<|User|> <|Assistant|> <｜User|> <|User｜> <｜User> <｜User <｜Assistant <｜begin_of_sentence｜> <｜begin▁of▁sentence|> <｜end of sentence｜>');
  L.push('<|im_start <|im_start| im_start|> <|im_end|| <||im_end|> <|IM_START|> <|endoftext <|endoftext|>> <|eot_id <|eot_ <|start_header_id');
  L.push('< |im_start| > <| im_start |> <|im start|> <|im-start|> ＜|im_start|＞ ‹think› 〈think〉 <th\u200bink> <\u200bthink>');
  L.push('', '# Tokens inside prose, code and markup');
  const frames = [
    (t) => `The model writes ${t} before it reasons, and I want to show it literally.`,
    (t) => `Escape the string "${t}" before you render it in HTML.`,
    (t) => `if (text.startsWith("${t}")) { text = text.slice(${t.length}); }`,
    (t) => `    stop_sequences = ["${t}", "\\n\\n"]  # Python list`,
    (t) => `| token | \`${t}\` | id |`,
    (t) => `echo '${t}' | wc -c`,
    (t) => `Der Satz enthält ${t} mitten drin.`,
    (t) => `文中に${t}が含まれています。`,
    (t) => `${t}Hello${t}`,
    (t) => `- ${t}\n- ${t}\n`,
    (t) => `<p>${t}</p>`,
    (t) => `${t}${t}${t}`,
  ];
  for (const t of toks) L.push(pick(frames)(t), pick(frames)(t));
  L.push('', '# Whole conversations in several templates');
  const qs = ['What is 17 × 23?', 'Translate "good morning" into French.', 'Write a haiku about rain.',
    'Is 91 prime?', 'Explain what a mutex is in one sentence.', 'Wie spät ist es in Tokio, wenn es in Berlin 9 Uhr ist?',
    '日本の首都はどこですか？', 'Сколько будет 2+2?', 'ما هي عاصمة مصر؟'];
  const as = ['17 × 23 = 391.', 'Bonjour.', 'Soft grey morning rain\ntaps on the tin roof softly\nthe kettle answers', 'No: 91 = 7 × 13.',
    'A mutex lets only one thread at a time hold a lock on shared data.', 'Um 16 Uhr (im Sommer) oder 17 Uhr (im Winter).',
    '東京です。', '4.', 'القاهرة.'];
  for (let i = 0; i < qs.length; i++) {
    const q = qs[i], a = as[i];
    const think = `Okay, the user asks: ${q} Let me think step by step.\n\nFirst, I should check the question carefully. Wait, ` +
      `maybe I should double-check. Yes, the answer is: ${a}`;
    L.push(`<｜begin▁of▁sentence｜><｜User｜>${q}<｜Assistant｜><think>\n${think}\n</think>\n\n${a}<｜end▁of▁sentence｜>`);
    L.push(`<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n${q}<|im_end|>\n<|im_start|>assistant\n<think>\n${think}\n</think>\n\n${a}<|im_end|>\n<|endoftext|>`);
    L.push(`<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n${q}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n${a}<|eot_id|>`);
    L.push(`<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\n${q} [/INST] ${a} </s>`);
  }
  L.push('<｜User｜>Tell me about <think> tags.<｜Assistant｜><think>\nThe user asks about the literal string "<think>". I must not confuse it with my own reasoning.\n</think>\n\nThe tag `<think>` marks reasoning; `</think>` closes it. A literal <think> in the answer is just text.');
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------- punctuation and contractions
function punctuation() {
  const L = [];
  L.push('# Apostrophe contractions in every case');
  const sfx = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];
  const stems = { "'s": ['it', 'he', 'she', 'that', 'what', 'John', 'the dog', 'Let'], "'t": ['don', 'can', 'won', 'isn', 'doesn', 'shouldn', 'ain'],
    "'re": ['you', 'we', 'they', 'who'], "'ve": ['I', 'you', 'we', 'could', 'would'], "'m": ['I'], "'ll": ['I', 'you', 'she', 'it', 'that'], "'d": ['I', 'you', 'he', 'they', 'who'] };
  const cases = [(s) => s, (s) => s.toUpperCase(), (s) => s[0].toUpperCase() + s.slice(1)];
  for (const sf of sfx) {
    for (const st of stems[sf]) {
      const forms = [];
      for (const cs of cases) for (const cs2 of cases) forms.push(cs(st) + cs2(sf));
      forms.push(st + sf.replace("'", '\u2019'), st.toUpperCase() + sf.toUpperCase().replace("'", '\u2019'), st + sf.replace("'", '\u02bc'), st + sf.replace("'", '`'), st + sf.replace("'", '\u00b4'), st + sf.replace("'", '\u2032'));
      L.push(forms.join(' '));
    }
  }
  L.push("I'M you'LL YOU'll don't DON'T Don'T it's IT'S It'S 'S 's ’s ’S 'll 'LL 're 'RE 've 'VE 'd 'D 'm 'M 't 'T");
  L.push("I'm I’m I'M I’M i'm you're YOU'RE we've WE'VE she'd SHE'D they'll THEY'LL isn't ISN'T");
  L.push("y'all'd've Y'ALL'D'VE rock'n'roll o'clock O'Brien d'Artagnan l'homme j'ai qu'il aujourd'hui dell'anno c'è all'una");
  L.push("the students' books, James' car, James's car, the '90s, '73 Mustang, ’tis, 'twas, ma'am, ne'er-do-well, fo'c's'le");
  L.push("'quoted' \"double\" ‘curly single’ “curly double” 'it's' \"don't\" ''empty'' '' ' '' ''' '''' \"\" \"\"\" ``backticks''");
  L.push("Contractions before punctuation: it's. don't, I'm! you'll? they've; we'd: she's) (he's [it'll] {can't} <won't>");
  L.push('', '# Runs of punctuation of every length');
  const marks = ['!', '?', '.', ',', '-', '=', '~', '`', '*', '#', '_', '+', '<', '>', '/', '\\', '|', ':', ';', '^', '&', '%', '$', '@', '(', ')', '[', ']', '{', '}', '"', "'", '…', '—', '–', '·', '•', '。', '！', '？', '、', '؟', '।'];
  for (const m of marks) {
    L.push([1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 32, 40].map((n) => m.repeat(n)).join(' '));
  }
  L.push('', '# Mixed punctuation runs');
  for (let i = 0; i < 100; i++) {
    const len = int(2, 30);
    let s = '';
    for (let k = 0; k < len; k++) s += pick(marks.slice(0, 30));
    L.push(pick([`word${s}word`, `${s}`, `Really${s}`, `${s} start`, `end ${s}`, `(${s})`]));
  }
  L.push('?!?!?! !?!? ‽ ⁈ ⁉ ‼ ... .. .... ..... ...... …… ... … -- --- — –– ----- ===== ~~~ ~~~~~~ ``` ```` ~~~~ *** ___ +++ ### //// \\\\\\\\ |||| ::: ;;; ^^^ &&& %%% $$$ @@@');
  L.push('```', '```cpp', '````markdown', '~~~python', '--->', '<!--', '-->', '=>', '->', '<=>', '!==', '===', '>>=', '<<=', '**=', '//=', '::', '...', '?.', '??', '??=', '|>', '<|', '|||', '/*', '*/', '#!/', '0x', '::<>');
  L.push('----------------------------------------', '========================================', '________________________________________');
  L.push('*  *  *', '* * * * *', '-- -- --', '. . .', '=-=-=-=-=-=-=-=-', '<><><><><>', '()()()()', '[][][]', '{}{}{}', '/\\/\\/\\/\\', '¡¿Qué?!', '¿¡Cómo!?');
  L.push('', '# Quotes and brackets of many languages');
  L.push('«guillemets» « espacés » »umgekehrt« „deutsch“ ‚einfach‘ “english” ‘single’ ”svenska” ›inner‹ ‹inner› 「かぎ」『二重』【隅付き】〔亀甲〕〈山〉《二重山》（全角）［角］｛波｝ ⟨angle⟩ ⟦white⟧ ❝heavy❞ ❛single❜');
  L.push('Greek question mark; Arabic؟ comma، semicolon؛ Devanagari । ॥ Armenian ։ ՞ ՜ Ethiopic ። ፣ ፤ ፥ ፦ ፧ Thai ฯ ๆ Tibetan ། ༎ Myanmar ။ ၊ Khmer ។ ៕ CJK 。，、；：？！…‥・〜～');
  L.push('Dashes: - ‐ ‑ ‒ – — ― ⸺ ⸻ ﹘ ﹣ － ⁃ ‧ · • ‣ ⁌ ⁍ ※ † ‡ § ¶ ⁋ ⁂ ⁑ ⁕ ⁖ ⁘ ⁙ ⁚ ⁛ ⁜ ⁝ ⁞');
  return L.join('\n') + '\n';
}

write('numbers.txt', numbers());
write('whitespace.txt', whitespace());
write('emoji.txt', emoji());
write('unicode_edge.txt', unicodeEdge());
write('special_tokens.txt', specialTokens());
write('punctuation.txt', punctuation());
