// What the window's scripts and page name, read statically: every word inside a string literal
// (class names, ids, data-* values), the class names set in `class:` attributes of h(...) calls,
// and the stylesheets index.html links, in order.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * String literals in JavaScript source: their text, and for template literals the text before each
 * `${`, which names a prefix (`icon-${name}`).
 * @param {string} src
 * @returns {{strings: string[], prefixes: string[]}}
 */
export function stringLiterals(src) {
  const strings = [];
  const prefixes = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      i = src.indexOf("\n", i);
      if (i < 0) break;
    } else if (c === "/" && src[i + 1] === "*") {
      i = src.indexOf("*/", i + 2);
      if (i < 0) break;
      i += 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== c && src[j] !== "\n") {
        if (src[j] === "\\") {
          text += src[j + 1] ?? "";
          j += 2;
        } else text += src[j++];
      }
      strings.push(text);
      i = j + 1;
    } else if (c === "`") {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== "`") {
        if (src[j] === "\\") {
          text += src[j + 1] ?? "";
          j += 2;
        } else if (src[j] === "$" && src[j + 1] === "{") {
          strings.push(text);
          const last = /(\S+)$/.exec(text);
          if (last) prefixes.push(last[1]);
          text = "";
          // Skip the expression (nested templates in it are rare enough to ignore here).
          let depth = 1;
          j += 2;
          while (j < src.length && depth > 0) {
            if (src[j] === "{") depth++;
            else if (src[j] === "}") depth--;
            j++;
          }
        } else text += src[j++];
      }
      strings.push(text);
      i = j + 1;
    } else i++;
  }
  return { strings, prefixes };
}

/**
 * Class names written literally in `class:` attributes, e.g. `h("p", {class: missing ? "a b" : "a"})`
 * gives a and b; from a template literal only its fixed words are taken.
 * @param {string} src
 * @returns {string[]}
 */
export function classAttributeNames(src) {
  const out = new Set();
  for (const m of src.matchAll(/[{,]\s*class\s*:/g)) {
    // The attribute's value runs to the next `,` or `}` outside brackets.
    let j = m.index + m[0].length;
    let depth = 0;
    const from = j;
    while (j < src.length) {
      const c = src[j];
      if (c === '"' || c === "'" || c === "`") {
        const end = src.indexOf(c, j + 1);
        j = end < 0 ? src.length : end + 1;
        continue;
      }
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) break;
        depth--;
      } else if (c === "," && depth === 0) break;
      j++;
    }
    const { strings } = stringLiterals(src.slice(from, j));
    for (const s of strings) for (const w of s.split(/\s+/)) if (/^-?[_a-zA-Z][\w-]*$/.test(w)) out.add(w);
  }
  return [...out];
}

/** The stylesheets index.html links, in order (hrefs as written). */
export function linkedStylesheets(html) {
  const out = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/\brel\s*=\s*["']?stylesheet\b/i.test(tag)) continue;
    const href = /\bhref\s*=\s*["']([^"']+)["']/i.exec(tag);
    if (href) out.push(href[1]);
  }
  return out;
}

/**
 * Everything `root` (the ui/ folder) names: words from the scripts' string literals and from
 * index.html's attribute values, template prefixes, and class names set in `class:` attributes.
 * @param {string} root
 */
export function sourceRefs(root) {
  const words = new Set();
  const prefixes = new Set();
  const classAttrs = new Map();
  const files = readdirSync(root).filter((f) => f.endsWith(".js") || f.endsWith(".mjs"));
  for (const f of files) {
    const src = readFileSync(join(root, f), "utf8");
    const lit = stringLiterals(src);
    for (const s of lit.strings) for (const w of s.split(/\s+/)) if (w) words.add(w);
    for (const p of lit.prefixes) prefixes.add(p);
    for (const c of classAttributeNames(src)) {
      if (!classAttrs.has(c)) classAttrs.set(c, []);
      classAttrs.get(c).push(f);
    }
  }
  const html = readFileSync(join(root, "index.html"), "utf8");
  for (const m of html.matchAll(/\s[\w:-]+\s*=\s*"([^"]*)"/g)) for (const w of m[1].split(/\s+/)) if (w) words.add(w);
  for (const m of html.matchAll(/\sclass\s*=\s*"([^"]*)"/g)) {
    for (const c of m[1].split(/\s+/).filter(Boolean)) {
      if (!classAttrs.has(c)) classAttrs.set(c, []);
      classAttrs.get(c).push("index.html");
    }
  }
  return { words, prefixes: [...prefixes], classAttrs, files: [...files, "index.html"] };
}

/** True when `name` is a word the sources use, or starts with one of their template prefixes. */
export function isReferenced(refs, name) {
  return refs.words.has(name) || refs.prefixes.some((p) => name.startsWith(p) && name.length > p.length);
}
