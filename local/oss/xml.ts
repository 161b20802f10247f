/**
 * XML in and out. Requests are parsed with fast-xml-parser (tags kept as strings, never
 * numbers, so ETags and keys survive). Responses are small, fixed shapes, so they are written by
 * a tiny builder from nested plain objects: arrays become repeated siblings, as OSS emits them.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { malformedXml } from './errors.js';

export type XmlValue = string | number | boolean | XmlNode | XmlValue[] | undefined | null;
export interface XmlNode {
  [tag: string]: XmlValue;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  isArray: (_name, path) => ['Delete.Object', 'CompleteMultipartUpload.Part'].includes(String(path)),
});

/** Parses a request body; anything not well-formed is OSS's `MalformedXML`. */
export function parseXml(body: Buffer): XmlNode {
  const text = body.toString('utf8');
  if (text.trim() === '' || XMLValidator.validate(text) !== true) throw malformedXml();
  try {
    return parser.parse(text) as XmlNode;
  } catch {
    throw malformedXml();
  }
}

function render(tag: string, value: XmlValue, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) render(tag, item, out);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${tag}>`);
    for (const [child, v] of Object.entries(value)) render(child, v, out);
    out.push(`</${tag}>`);
    return;
  }
  out.push(`<${tag}>${escapeText(String(value))}</${tag}>`);
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `{ Root: {...} }` → the XML document OSS would send. */
export function buildXml(root: string, body: XmlValue): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  render(root, body, out);
  return out.join('');
}

/** Text of an optional child element, or undefined. */
export function textOf(node: XmlValue, tag: string): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const v = node[tag];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return undefined;
  return String(v);
}
