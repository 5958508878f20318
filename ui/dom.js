// Tiny DOM helpers. Text always goes in through textContent, never innerHTML.

const PROPS = new Set(["value", "checked", "disabled", "hidden", "readOnly", "selected", "open", "htmlFor"]);

/**
 * Creates an element. `props`: class, text, dataset, on<event>, DOM properties in PROPS, other attributes.
 * Children: nodes, strings, arrays, null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = Array.isArray(v) ? v.filter(Boolean).join(" ") : v;
    else if (k === "text") el.textContent = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Text with **bold** parts, e.g. "Give it at least **View**". */
export function rich(text) {
  const out = [];
  text.split(/(\*\*[^*]+\*\*)/).forEach((part) => {
    if (part.startsWith("**") && part.endsWith("**")) out.push(h("strong", null, part.slice(2, -2)));
    else if (part) out.push(part);
  });
  return out;
}

const SVG = "http://www.w3.org/2000/svg";

const PATHS = {
  pass: ["M5 10.5l3.2 3.2L15 7"],
  warn: ["M10 5.5v5.5", "M10 14.2v.3"],
  fail: ["M6.5 6.5l7 7", "M13.5 6.5l-7 7"],
  skip: ["M6 10h8"],
  pending: ["M6.5 10h.1", "M10 10h.1", "M13.5 10h.1"],
  running: ["M10 3.5a6.5 6.5 0 1 1-6.5 6.5"],
  external: ["M8 4H4.5v11.5H16V12", "M11 4h5v5", "M16 4l-7 7"],
  info: ["M10 9v5", "M10 6.2v.3"],
  "info-circle": ["M10 17.5a7.5 7.5 0 1 0 0-15 7.5 7.5 0 0 0 0 15z", "M10 9.2v4.3", "M10 6.6v.2"],
  alert: ["M10 3.2l7.6 13.3H2.4z", "M10 8.2v3.8", "M10 14.2v.2"],
  idle: ["M10 14.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9z"],
  close: ["M5.5 5.5l9 9", "M14.5 5.5l-9 9"],
  copy: ["M7 7h8.5v9.5H7z", "M4.5 13V4h8.5"],
  mail: ["M3.5 5.5h13v9h-13z", "M3.5 6l6.5 5 6.5-5"],
  plus: ["M10 4.5v11", "M4.5 10h11"],
  chevron: ["M8 5l5 5-5 5"],
  lock: ["M6 9V7a4 4 0 0 1 8 0v2", "M4.5 9h11v7.5h-11z"],
  eye: ["M2.5 10s2.8-5 7.5-5 7.5 5 7.5 5-2.8 5-7.5 5-7.5-5-7.5-5z", "M10 12.2a2.2 2.2 0 1 0 0-4.4 2.2 2.2 0 0 0 0 4.4z"],
  calendar: ["M4 5.5h12v11H4z", "M4 8.5h12", "M7 3.5v3", "M13 3.5v3"],
  doc: ["M5.5 3.5h6l3 3v10h-9z", "M11.5 3.5v3h3", "M8 11h4.5", "M8 13.5h4.5"],
  user: ["M10 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", "M4 16.5c.8-3 3.2-4.5 6-4.5s5.2 1.5 6 4.5"],
  key: ["M8 12.5a3.5 3.5 0 1 1 2.9-1.5L16.5 16.5", "M14 14l1.5-1.5"],
  shield: ["M10 3l6 2.5v4c0 3.5-2.5 6.3-6 7.5-3.5-1.2-6-4-6-7.5v-4z", "M7.3 10l2 2 3.5-3.7"],
  bell: ["M6 13.5V9a4 4 0 0 1 8 0v4.5l1.5 1.5h-11z", "M8.5 16.5a1.6 1.6 0 0 0 3 0"],
  play: ["M7 5l8 5-8 5z"],
};

/** A 20×20 stroke icon, hidden from assistive tech (the words next to it carry the meaning). */
export function icon(name, cls = "") {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `icon icon-${name} ${cls}`.trim());
  for (const d of PATHS[name] ?? []) {
    const p = document.createElementNS(SVG, "path");
    p.setAttribute("d", d);
    svg.append(p);
  }
  return svg;
}

let uid = 0;
/** A fresh id for aria-describedby links. */
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}
