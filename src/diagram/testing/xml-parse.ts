/**
 * Test support: a small strict XML 1.0 parser (elements, attributes, text, comments, CDATA,
 * processing instructions; no DTDs) that throws on anything not well-formed, and returns the
 * element tree so tests can query the exported SVG.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*$/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(s: string, where: string): string {
  const bare = s.replace(ENTITY, '');
  if (bare.includes('&')) throw new Error(`bad entity in ${where}`);
  if (bare.includes('<')) throw new Error(`raw '<' in ${where}`);
  return s.replace(ENTITY, (e) => {
    if (e.startsWith('&#x')) return String.fromCodePoint(parseInt(e.slice(3, -1), 16));
    if (e.startsWith('&#')) return String.fromCodePoint(parseInt(e.slice(2, -1), 10));
    return { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" }[e]!;
  });
}

function parseAttrs(src: string, tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /\s+([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let last = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m.index !== last) throw new Error(`junk in <${tag}> attributes: ${src.slice(last, m.index)}`);
    const name = m[1]!;
    if (!NAME.test(name)) throw new Error(`bad attribute name ${name} in <${tag}>`);
    if (name in attrs) throw new Error(`duplicate attribute ${name} in <${tag}>`);
    attrs[name] = decode(m[3] ?? m[4] ?? '', `<${tag} ${name}>`);
    last = re.lastIndex;
  }
  if (src.slice(last).trim() !== '') throw new Error(`junk in <${tag}> attributes: ${src.slice(last)}`);
  return attrs;
}

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const token =
    /<!--([\s\S]*?)-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?([\s\S]*?)\?>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    const top = stack.at(-1)!;
    if (m[9]) throw new Error(`unparsable markup at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[1] !== undefined) {
      if (m[1].includes('--')) throw new Error('"--" inside a comment');
    } else if (m[2] !== undefined) {
      top.text += m[2];
    } else if (m[3] !== undefined) {
      // processing instruction / XML declaration: ignored
    } else if (m[4] !== undefined) {
      const open = stack.pop()!;
      if (open.name !== m[4]) throw new Error(`</${m[4]}> closes <${open.name}>`);
    } else if (m[5] !== undefined) {
      if (!NAME.test(m[5])) throw new Error(`bad element name ${m[5]}`);
      if (stack.length === 1 && root.children.length > 0) throw new Error('more than one root element');
      const el: XmlElement = { name: m[5], attrs: parseAttrs(m[6] ?? '', m[5]), children: [], text: '' };
      top.children.push(el);
      if (!m[7]) stack.push(el);
    } else if (m[8] !== undefined) {
      if (stack.length === 1 && m[8].trim() !== '') throw new Error('text outside the root element');
      top.text += decode(m[8], `<${top.name}> text`);
    }
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  const doc = root.children[0];
  if (!doc) throw new Error('no root element');
  return doc;
}

/** Every element below `el` (depth first), optionally filtered. */
export function descendants(el: XmlElement, pred: (e: XmlElement) => boolean = () => true): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (pred(c)) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
