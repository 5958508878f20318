// Small shared widgets and form helpers.

import { h, replace, icon, rich } from "./dom.js";

/** A "Details" toggle for technical text Rust provides, or nothing. */
export function detailsBlock(details) {
  if (!details) return null;
  return h("details", { class: "tech-details" }, h("summary", null, "Details"), h("pre", null, details));
}

/** Shows an error (message + optional Details) in a form-level alert box. */
export function showFormError(box, err) {
  replace(box, h("p", null, err?.message ?? "Something went wrong."), detailsBlock(err?.details));
  box.hidden = false;
}

/** Disables a button with a busy label while `fn` runs. */
export async function busy(btn, label, fn) {
  const old = [...btn.childNodes];
  btn.disabled = true;
  btn.setAttribute("aria-busy", "true");
  btn.textContent = label;
  try {
    return await fn();
  } finally {
    btn.disabled = false;
    btn.removeAttribute("aria-busy");
    if (btn.textContent === label) btn.replaceChildren(...old);
  }
}

/** A note in a coloured box, with a word of title and an icon (never colour alone). */
export function callout(tone, title, text, iconName = tone === "warn" ? "alert" : "info-circle") {
  return h(
    "div",
    { class: `callout ${tone}`, role: "note" },
    icon(iconName),
    h("div", null, h("p", null, title ? h("strong", null, title) : null, title ? " " : null, rich(text))),
  );
}
