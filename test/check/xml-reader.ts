/**
 * A deliberately tiny, strict XML reader for the JUnit tests: elements,
 * attributes, text, the five predefined entities and numeric references; it
 * throws on anything not well-formed (mismatched or unclosed tags, bare & or
 * <, duplicate attributes, raw control characters).
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(raw)) throw new Error(`control character in XML near ${at}`);
  return raw.replace(/&([^;]*);|&|</g, (m, name: string | undefined) => {
    if (m === "&" || m === "<") throw new Error(`bare '${m}' in XML near ${at}`);
    if (name!.startsWith("#x")) return String.fromCodePoint(parseInt(name!.slice(2), 16));
    if (name!.startsWith("#")) return String.fromCodePoint(parseInt(name!.slice(1), 10));
    if (!(name! in ENTITIES)) throw new Error(`unknown entity &${name}; near ${at}`);
    return ENTITIES[name!];
  });
}

export function readXml(xml: string): XmlElement {
  let i = 0;
  const prolog = /^<\?xml[^?]*\?>\s*/.exec(xml);
  if (prolog) i = prolog[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml.startsWith("</", i)) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(xml.slice(i));
      if (!m) throw new Error(`bad closing tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== m[1]) throw new Error(`</${m[1]}> closes <${open?.name}> at ${i}`);
      if (stack.length === 0) root = open;
      i += m[0].length;
    } else if (xml[i] === "<") {
      const m = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"]*")*)\s*(\/?)>/.exec(xml.slice(i));
      if (!m) throw new Error(`bad opening tag at ${i}`);
      const attributes: Record<string, string> = {};
      for (const a of m[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/g)) {
        if (a[1] in attributes) throw new Error(`duplicate attribute ${a[1]} at ${i}`);
        attributes[a[1]] = decode(a[2], i);
      }
      const el: XmlElement = { name: m[1], attributes, children: [], text: "" };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error("more than one root element");
      if (m[3]) {
        if (!stack.length) root = el;
      } else stack.push(el);
      i += m[0].length;
    } else {
      const next = xml.indexOf("<", i);
      const end = next === -1 ? xml.length : next;
      const text = xml.slice(i, end);
      if (stack.length) stack[stack.length - 1].text += decode(text, i);
      else if (text.trim()) throw new Error(`text outside the root element at ${i}`);
      i = end;
    }
  }
  if (stack.length || !root) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  return root;
}
