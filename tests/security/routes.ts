import fs from "node:fs";
import path from "node:path";

/**
 * Every route module under app/routes that exports an `action` (so accepts POST/PUT/PATCH/DELETE), with a
 * URL that reaches it. Read from the files at test time: a route added later is covered without editing
 * the tests.
 */
export interface ActionRoute {
  file: string;
  /** The flat-route id (file name without extension); `routeUrl(id, values)` gives a URL that reaches it. */
  id: string;
  admin: boolean;
}

const ROUTES_DIR = path.resolve("app/routes");
const EXPORTS_ACTION = /export\s+(?:async\s+)?(?:function\s+action\b|(?:const|let|var)\s+action\b)|export\s*\{[^}]*\baction\b[^}]*\}/;

/** Route files, including folder routes (`admin.users/route.tsx`). */
function routeFiles(): { id: string; file: string }[] {
  const out: { id: string; file: string }[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || /\.test\./.test(entry.name)) continue;
    if (entry.isFile() && /\.(tsx?|jsx?)$/.test(entry.name)) {
      out.push({ id: entry.name.replace(/\.(tsx?|jsx?)$/, ""), file: path.join(ROUTES_DIR, entry.name) });
    } else if (entry.isDirectory()) {
      const route = fs.readdirSync(path.join(ROUTES_DIR, entry.name)).find((f) => /^route\.(tsx?|jsx?)$/.test(f));
      if (route) out.push({ id: entry.name, file: path.join(ROUTES_DIR, entry.name, route) });
    }
  }
  return out;
}

/** Splits a flat-route id on the dots that separate segments (not those inside `[...]` escapes). */
function segments(id: string): string[] {
  const parts: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of id) {
    if (ch === "[") escaped = true;
    if (ch === "]") escaped = false;
    if (ch === "." && !escaped) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export type ParamValues = (param: string, previousSegment: string | null) => string;

/** `jurisdictions.$code.export[.]csv` → `/jurisdictions/GB/export.csv`, with `values` for the parameters (index routes get `?index`, as Remix needs for their actions). */
export function routeUrl(id: string, values: ParamValues): string {
  let index = false;
  const out: string[] = [];
  let previous: string | null = null;
  for (const raw of segments(id)) {
    if (raw === "_index") {
      index = true;
      continue;
    }
    if (raw.startsWith("_")) continue; // pathless layout
    let seg = raw.replace(/_$/, ""); // `foo_` opts out of nesting; same URL
    if (seg.startsWith("(") && seg.endsWith(")")) continue; // optional segment: leave it out
    seg = seg.replace(/\[([^\]]*)\]/g, "$1");
    if (seg === "$") out.push("anything");
    else if (seg.startsWith("$")) out.push(encodeURIComponent(values(seg.slice(1), previous)));
    else out.push(seg);
    previous = seg;
  }
  return `/${out.join("/")}${index ? "?index" : ""}`;
}

export function actionRoutes(): ActionRoute[] {
  return routeFiles()
    .filter((r) => EXPORTS_ACTION.test(fs.readFileSync(r.file, "utf8")))
    .map((r) => ({ file: path.relative(process.cwd(), r.file), id: r.id, admin: r.id === "admin" || r.id.startsWith("admin.") || r.id.startsWith("admin_") }))
    .sort((a, b) => a.file.localeCompare(b.file));
}
