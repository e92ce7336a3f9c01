/**
 * Structural checks of the report's vector figures, written from the
 * formats' specifications (no third-party parser):
 * - SVG: a well-formed XML document (every tag closed in order, attributes
 *   quoted, one root) whose root element is <svg>;
 * - PDF: the header, %%EOF, a startxref offset that points at the xref
 *   table, every object of the table where the table says, and the page tree.
 */

export interface SvgInfo {
  root: string;
  viewBox: string | undefined;
  elements: number;
  /** How many elements of each tag name. */
  tags: Record<string, number>;
}

/** Parse `text` as XML (the subset cairo writes: declaration, comments, elements, attributes, character data). Throws on malformed XML. */
export function inspectSvg(text: string): SvgInfo {
  const stack: string[] = [];
  let root: string | undefined;
  let viewBox: string | undefined;
  let elements = 0;
  const tags: Record<string, number> = {};
  let i = 0;
  const fail = (why: string) => {
    throw new Error(`not well-formed XML at offset ${i}: ${why}`);
  };
  if (text.startsWith("<?xml")) {
    i = text.indexOf("?>");
    if (i < 0) fail("unterminated XML declaration");
    i += 2;
  }
  const name = /^[A-Za-z_:][\w:.-]*/;
  const attribute = /^\s+([A-Za-z_:][\w:.-]*)\s*=\s*("[^"<]*"|'[^'<]*')/;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) {
      if (text.slice(i).trim() !== "" && stack.length === 0) fail("text after the root element");
      break;
    }
    const between = text.slice(i, lt);
    if (stack.length === 0 && between.trim() !== "") fail("text outside the root element");
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(between)) fail("bare '&'");
    i = lt;
    if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i);
      if (end < 0) fail("unterminated comment");
      i = end + 3;
      continue;
    }
    if (text.startsWith("</", i)) {
      const m = name.exec(text.slice(i + 2));
      if (!m) fail("bad end tag");
      const close = text.indexOf(">", i);
      if (stack.pop() !== m![0]) fail(`</${m![0]}> does not close the open element`);
      i = close + 1;
      continue;
    }
    const m = name.exec(text.slice(i + 1));
    if (!m) fail("bad start tag");
    const tag = m![0];
    let j = i + 1 + tag.length;
    const seen = new Set<string>();
    for (;;) {
      const a = attribute.exec(text.slice(j));
      if (!a) break;
      if (seen.has(a[1])) fail(`attribute ${a[1]} twice`);
      seen.add(a[1]);
      if (tag === "svg" && a[1] === "viewBox") viewBox = a[2].slice(1, -1);
      j += a[0].length;
    }
    const rest = /^\s*(\/?)>/.exec(text.slice(j));
    if (!rest) fail(`<${tag}> not closed by > or />`);
    if (stack.length === 0) {
      if (root !== undefined) fail("a second root element");
      root = tag;
    }
    elements++;
    tags[tag] = (tags[tag] ?? 0) + 1;
    if (rest![1] !== "/") stack.push(tag);
    i = j + rest![0].length;
  }
  if (stack.length > 0) throw new Error(`not well-formed XML: <${stack.at(-1)}> never closed`);
  if (root === undefined) throw new Error("not well-formed XML: no root element");
  return { root, viewBox, elements, tags };
}

export interface PdfInfo {
  version: string;
  pages: number;
  mediaBox: number[];
  contentBytes: number;
  /** Image XObjects (a vector chart has none; cairo's bitmap fallback would add one). */
  images: number;
}

/** Check a PDF's file structure (header, trailer, xref offsets, page tree) and report its pages. Throws on a broken file. */
export function inspectPdf(pdf: Buffer): PdfInfo {
  const text = pdf.toString("latin1");
  const header = /^%PDF-(\d\.\d)/.exec(text);
  if (!header) throw new Error("no %PDF- header");
  if (!/%%EOF\s*$/.test(text)) throw new Error("no %%EOF at the end");
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!startxref) throw new Error("no startxref before %%EOF");
  const xrefAt = Number(startxref[1]);
  if (!text.startsWith("xref", xrefAt)) throw new Error(`startxref ${xrefAt} does not point at the xref table`);
  // Every in-use entry of the table must point at "N G obj" of its own number.
  const table = text.slice(xrefAt).split(/trailer/)[0];
  const lines = table.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(1);
  let objectNumber = 0;
  let inUse = 0;
  for (let k = 0; k < lines.length; k++) {
    const section = /^(\d+) (\d+)$/.exec(lines[k]);
    if (section) {
      objectNumber = Number(section[1]);
      continue;
    }
    const entry = /^(\d{10}) (\d{5}) ([nf])$/.exec(lines[k]);
    if (!entry) throw new Error(`bad xref entry '${lines[k]}'`);
    if (entry[3] === "n") {
      const at = Number(entry[1]);
      if (!new RegExp(`^${objectNumber} ${Number(entry[2])} obj`).test(text.slice(at, at + 30))) throw new Error(`xref: object ${objectNumber} is not at ${at}`);
      inUse++;
    }
    objectNumber++;
  }
  if (inUse === 0) throw new Error("xref table lists no objects");
  const pages = (text.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
  const count = /\/Type\s*\/Pages[\s\S]*?\/Count\s+(\d+)/.exec(text);
  if (!count || Number(count[1]) !== pages) throw new Error(`page tree /Count ${count?.[1]} but ${pages} page objects`);
  const box = /\/MediaBox\s*\[\s*([-\d.\s]+)\]/.exec(text);
  const streams = [...text.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].reduce((n, m) => n + m[1].length, 0);
  const images = (text.match(/\/Subtype\s*\/Image\b/g) ?? []).length;
  return { images, version: header[1], pages, mediaBox: box ? box[1].trim().split(/\s+/).map(Number) : [], contentBytes: streams };
}
