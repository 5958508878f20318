// A read-only static file server on loopback, for opening the window's files in a browser.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Serves `root` on 127.0.0.1 at a free port, with the window's CSP, so a page that breaks the
 * policy breaks here too.
 * @param {string} root
 * @param {{csp?: string}} [opts]
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function serve(root, { csp } = {}) {
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
      const file = normalize(join(base, path.endsWith("/") ? `${path}index.html` : path));
      if (!file.startsWith(base)) throw Object.assign(new Error("outside root"), { code: "ENOENT" });
      const body = await readFile(file);
      const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" };
      if (csp) headers["content-security-policy"] = csp;
      res.writeHead(200, headers);
      res.end(body);
    } catch (err) {
      res.writeHead(err?.code === "ENOENT" || err?.code === "EISDIR" ? 404 : 500, { "content-type": "text/plain" });
      res.end(String(err?.code ?? "error"));
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
