// A small CSS reader for the app's own stylesheets: it lists every style rule with its place in the
// file, the at-rules around it and the class names, ids and attribute values its selectors name.
// Enough for plain stylesheets (comments, strings, nested @media / @supports / @keyframes blocks);
// not a general CSS parser.

/**
 * @typedef {{type: "style", selector: string, parts: string[], body: string, start: number,
 *            end: number, line: number, endLine: number, context: string[]}} StyleRule
 * @typedef {{type: "at", name: string, prelude: string, start: number, end: number, line: number,
 *            endLine: number, context: string[], children: Node[]}} AtRule
 * @typedef {StyleRule|AtRule} Node
 */

/**
 * Parses stylesheet text into a tree of rules.
 * @param {string} text
 * @returns {Node[]}
 */
export function parseCss(text) {
  const lineAt = lineIndex(text);
  let i = 0;

  function skipSpaceAndComments() {
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text.startsWith("/*", i)) {
        const close = text.indexOf("*/", i + 2);
        i = close < 0 ? text.length : close + 2;
      } else return;
    }
  }

  /** Reads up to (not including) the first `{`, `;` or `}` outside strings, brackets and comments. */
  function readPrelude() {
    const from = i;
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"' || c === "'") i = skipString(text, i);
      else if (text.startsWith("/*", i)) {
        const close = text.indexOf("*/", i + 2);
        i = close < 0 ? text.length : close + 2;
      } else if (c === "(" || c === "[") {
        depth++;
        i++;
      } else if (c === ")" || c === "]") {
        depth--;
        i++;
      } else if (depth === 0 && (c === "{" || c === ";" || c === "}")) break;
      else i++;
    }
    return text.slice(from, i);
  }

  /** From just after `{`, returns the index of the matching `}`. */
  function blockEnd(open) {
    let j = open + 1;
    let depth = 1;
    while (j < text.length) {
      const c = text[j];
      if (c === '"' || c === "'") {
        j = skipString(text, j);
        continue;
      }
      if (text.startsWith("/*", j)) {
        const close = text.indexOf("*/", j + 2);
        j = close < 0 ? text.length : close + 2;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}" && --depth === 0) return j;
      j++;
    }
    throw new Error(`unclosed block starting at line ${lineAt(open)}`);
  }

  function parseList(limit, context) {
    const out = [];
    for (;;) {
      skipSpaceAndComments();
      if (i >= limit) return out;
      const start = i;
      const prelude = readPrelude().trim();
      if (text[i] === ";") {
        // A statement at-rule such as @charset or @import.
        i++;
        out.push({ type: "at", name: atName(prelude), prelude, start, end: i, line: lineAt(start), endLine: lineAt(i - 1), context, children: [] });
        continue;
      }
      if (text[i] !== "{") throw new Error(`unexpected "${text[i] ?? "end of file"}" at line ${lineAt(i)}`);
      const open = i;
      const close = blockEnd(open);
      if (prelude.startsWith("@")) {
        const name = atName(prelude);
        const node = { type: "at", name, prelude, start, end: close + 1, line: lineAt(start), endLine: lineAt(close), context, children: [] };
        if (name === "media" || name === "supports" || name === "layer" || name === "container") {
          i = open + 1;
          node.children = parseList(close, [...context, prelude]);
        }
        out.push(node);
      } else {
        out.push({
          type: "style",
          selector: normalizeSpace(prelude),
          parts: splitSelectorList(prelude),
          body: text.slice(open + 1, close),
          start,
          end: close + 1,
          line: lineAt(start),
          endLine: lineAt(close),
          context,
        });
      }
      i = close + 1;
    }
  }

  return parseList(text.length, []);
}

/** Every style rule in the tree, in source order. */
export function styleRules(nodes) {
  const out = [];
  const walk = (list) => {
    for (const n of list) {
      if (n.type === "style") out.push(n);
      else walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** Top-level and nested at-rules that hold no style rules themselves (e.g. @keyframes). */
export function otherAtRules(nodes) {
  const out = [];
  const walk = (list) => {
    for (const n of list) {
      if (n.type !== "at") continue;
      if (n.children.length) walk(n.children);
      else out.push(n);
    }
  };
  walk(nodes);
  return out;
}

/** Splits `a, b:is(c, d)` into `["a", "b:is(c, d)"]`. */
export function splitSelectorList(selector) {
  const parts = [];
  let depth = 0;
  let cur = "";
  for (let k = 0; k < selector.length; k++) {
    const c = selector[k];
    if (c === '"' || c === "'") {
      const end = skipString(selector, k);
      cur += selector.slice(k, end);
      k = end - 1;
      continue;
    }
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    if (c === "," && depth === 0) {
      parts.push(normalizeSpace(cur));
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) parts.push(normalizeSpace(cur));
  return parts;
}

/**
 * What a selector names: class names, ids, attribute names with their values, and element names.
 * @param {string} selector
 * @returns {{classes: string[], ids: string[], attrs: {name: string, value: string|null}[]}}
 */
export function selectorTokens(selector) {
  const classes = [];
  const ids = [];
  const attrs = [];
  const noStrings = selector.replace(/\[([^\]]*)\]/g, (_, inside) => {
    const m = /^\s*([\w-]+)\s*(?:[~|^$*]?=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+)))?/.exec(inside);
    if (m) attrs.push({ name: m[1], value: m[2] ?? m[3] ?? m[4] ?? null });
    return "";
  });
  for (const m of noStrings.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) classes.push(m[1]);
  for (const m of noStrings.matchAll(/#(-?[_a-zA-Z][\w-]*)/g)) ids.push(m[1]);
  return { classes: unique(classes), ids: unique(ids), attrs };
}

/** User-action states and pseudo-elements: removing them gives the element the rule is about. */
const DYNAMIC = [
  "::-webkit-progress-bar",
  "::-webkit-progress-value",
  "::-moz-progress-bar",
  "::placeholder",
  "::backdrop",
  "::before",
  "::after",
  ":focus-visible",
  ":focus-within",
  ":focus",
  ":hover",
  ":active",
];

/**
 * The selector without user-action states and pseudo-elements: `.btn:hover:not(:disabled)` becomes
 * `.btn:not(:disabled)`, `.check-card:has(input:focus-visible)` becomes `.check-card:has(input)`.
 */
export function baseSelector(selector) {
  let s = selector;
  for (const p of DYNAMIC) s = s.split(p).join("");
  s = s.replace(/:not\(\s*\)/g, "").trim();
  // A compound that was only a state (`:focus`, `x > :hover`) now matches any element.
  if (!s || /[\s>+~]$/.test(s)) s += "*";
  return s;
}

/** The 1-based line number of each offset. */
function lineIndex(text) {
  const starts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === "\n") starts.push(k + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function skipString(text, at) {
  const quote = text[at];
  let j = at + 1;
  while (j < text.length && text[j] !== quote) j += text[j] === "\\" ? 2 : 1;
  return j + 1;
}

function atName(prelude) {
  return /^@([\w-]+)/.exec(prelude)?.[1] ?? "";
}

function normalizeSpace(s) {
  return s.replace(/\s+/g, " ").trim();
}

function unique(list) {
  return [...new Set(list)];
}
