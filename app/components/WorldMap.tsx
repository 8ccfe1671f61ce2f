import { ALIGNMENTS, ALIGNMENT_COLOUR, ALIGNMENT_LABEL } from "../../domain/alignment";
import { VALUES, VALUE_LABEL } from "./JurisdictionValue";

/**
 * A choropleth of countries, server-rendered as plain SVG. The geometry is projected on the server
 * (app/lib/map.server.ts) and arrives as path strings, so the browser bundle carries neither the TopoJSON
 * nor d3. Never colour alone: every category has its own fill pattern, the legend names it with a count,
 * each country has a <title>, and a table behind <details> lists the jurisdictions by category.
 */

export type PatternKind = "solid" | "dots" | "hatch" | "crosshatch" | "hlines" | "vlines";

export interface MapCategory {
  id: string;
  label: string;
  colour: string;
  pattern: PatternKind;
  /** Jurisdictions in scope in this category (on the map or not). */
  count: number;
  /** What the category means, e.g. the score range for an average. */
  note?: string;
}

export interface MapShape {
  /** ISO 3166-1 alpha-2; null for areas without an ISO code (e.g. Somaliland). */
  code: string | null;
  name: string;
  d: string;
  /** A category id, or NO_ANSWER / OUTSIDE. */
  category: string;
}

/** A small State the 1:110m map has no outline for, drawn as a dot at its centre. */
export interface MapMarker {
  code: string;
  name: string;
  x: number;
  y: number;
  category: string;
}

export interface MapJurisdiction {
  code: string;
  name: string;
  category: string;
  /** How it appears: as an outline, as a dot (small State), or not at all (EU, sub-national units). */
  drawn: "outline" | "dot" | "no";
}

export interface MapData {
  title: string;
  /** One line: how a jurisdiction's category is decided. */
  explanation: string;
  /** One paragraph, in words, of what the map shows. */
  summary: string;
  width: number;
  height: number;
  /** Outline of the globe in this projection. */
  sphere: string;
  categories: MapCategory[];
  shapes: MapShape[];
  markers: MapMarker[];
  /** Every jurisdiction in scope, with its category. */
  jurisdictions: MapJurisdiction[];
  /** Countries drawn but outside the chosen group (0 without a group). */
  outside: number;
}

/** A jurisdiction Harmonia has no stored answer for: light grey, no pattern. */
export const NO_ANSWER = "none";
/** A country outside the chosen group: white. */
export const OUTSIDE = "outside";

/** Beyond this many jurisdictions off the map, the note gives their number and leaves the names to the table. */
const NAMED_LIMIT = 60;
const NO_ANSWER_FILL = "#e4e4e4";
const OUTSIDE_FILL = "#ffffff";

/** The alignments, colours and labels from scoring.ts, each with its own pattern. */
export const ALIGNMENT_PATTERN: Record<(typeof ALIGNMENTS)[number], PatternKind> = {
  met: "solid",
  partial: "dots",
  not_met: "hatch",
  insufficient: "vlines",
  unknown: "crosshatch",
};

export function alignmentCategories(notes: Partial<Record<string, string>> = {}): Omit<MapCategory, "count">[] {
  return [
    ...ALIGNMENTS.map((a) => ({ id: a, label: ALIGNMENT_LABEL[a], colour: ALIGNMENT_COLOUR[a], pattern: ALIGNMENT_PATTERN[a], note: notes[a] })),
    { id: NO_ANSWER, label: "No answer", colour: NO_ANSWER_FILL, pattern: "solid" as const, note: notes[NO_ANSWER] },
  ];
}

/**
 * An indicator's answer values. Met, partial, not met and unknown share the alignment palette; pending and
 * reserved take two more Okabe–Ito colours (blue, reddish purple), each with its own line pattern.
 */
export function valueCategories(): Omit<MapCategory, "count">[] {
  const colour: Record<(typeof VALUES)[number], string> = {
    met: ALIGNMENT_COLOUR.met,
    partial: ALIGNMENT_COLOUR.partial,
    not_met: ALIGNMENT_COLOUR.not_met,
    pending: "#0072B2",
    reserved: "#CC79A7",
    unknown: ALIGNMENT_COLOUR.unknown,
  };
  const pattern: Record<(typeof VALUES)[number], PatternKind> = { ...ALIGNMENT_PATTERN, pending: "hlines", reserved: "vlines" };
  return [
    ...VALUES.map((v) => ({ id: v, label: VALUE_LABEL[v], colour: colour[v], pattern: pattern[v] })),
    { id: NO_ANSWER, label: "No answer", colour: NO_ANSWER_FILL, pattern: "solid" as const },
  ];
}

const safeId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "_");

/** The fill pattern's tiles: white marks on the category colour (lines and dots stay visible on every fill). */
function Pattern({ id, category }: { id: string; category: Pick<MapCategory, "colour" | "pattern"> }) {
  const { colour, pattern } = category;
  const size = pattern === "dots" ? 7 : 6;
  const line = { stroke: "#fff", strokeWidth: 1.6 };
  return (
    <pattern id={id} width={size} height={size} patternUnits="userSpaceOnUse" patternTransform={pattern === "hatch" || pattern === "crosshatch" ? "rotate(45)" : undefined}>
      <rect width={size} height={size} fill={colour} />
      {pattern === "dots" ? <circle cx={size / 2} cy={size / 2} r={1.7} fill="#fff" /> : null}
      {pattern === "hatch" || pattern === "crosshatch" || pattern === "vlines" ? <line x1={1} y1={0} x2={1} y2={size} {...line} /> : null}
      {pattern === "crosshatch" || pattern === "hlines" ? <line x1={0} y1={1} x2={size} y2={1} {...line} /> : null}
    </pattern>
  );
}

function fillOf(mapId: string, categories: MapCategory[], category: string): string {
  if (category === OUTSIDE) return OUTSIDE_FILL;
  const c = categories.find((x) => x.id === category);
  if (!c) return NO_ANSWER_FILL;
  return c.pattern === "solid" ? c.colour : `url(#${mapId}-${safeId(c.id)})`;
}

function Swatch({ mapId, category }: { mapId: string; category: Pick<MapCategory, "id" | "colour" | "pattern"> }) {
  const patternId = `${mapId}-legend-${safeId(category.id)}`;
  return (
    <svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true" focusable="false" className="map-swatch" style={{ verticalAlign: "middle" }}>
      {category.pattern === "solid" ? null : (
        <defs>
          <Pattern id={patternId} category={category} />
        </defs>
      )}
      <rect x="0.5" y="0.5" width="21" height="13" fill={category.pattern === "solid" ? category.colour : `url(#${patternId})`} stroke="#555" />
    </svg>
  );
}

const labelOf = (categories: MapCategory[], id: string) => (id === OUTSIDE ? "outside the group" : categories.find((c) => c.id === id)?.label ?? id);

export function WorldMap({ id, map, caption }: { id: string; map: MapData; caption?: string }) {
  const mapId = safeId(id);
  const patterned = map.categories.filter((c) => c.pattern !== "solid");
  const counts = map.categories
    .filter((c) => c.count > 0)
    .map((c) => `${c.label}: ${c.count}`)
    .join("; ");
  const notDrawn = map.jurisdictions.filter((j) => j.drawn === "no");
  const dots = map.jurisdictions.filter((j) => j.drawn === "dot");
  return (
    <figure className="world-map" aria-labelledby={`${mapId}-caption`}>
      <figcaption id={`${mapId}-caption`}>{caption ?? map.title}</figcaption>
      <p className="map-explanation muted">{map.explanation}</p>
      <svg
        id={mapId}
        className="world-map-svg"
        viewBox={`0 0 ${map.width} ${map.height}`}
        width={map.width}
        height={map.height}
        role="img"
        aria-label={`${map.title}. ${counts}.`}
        preserveAspectRatio="xMidYMid meet"
        style={{ width: "100%", height: "auto", display: "block" }}
      >
        <defs>
          {patterned.map((c) => (
            <Pattern key={c.id} id={`${mapId}-${safeId(c.id)}`} category={c} />
          ))}
        </defs>
        <path d={map.sphere} fill="#f4f8fb" stroke="#b8c4cc" strokeWidth={0.75} />
        <g stroke="#ffffff" strokeWidth={0.5} strokeLinejoin="round">
          {map.shapes.map((s, i) => (
            <path
              key={s.code ?? `area-${i}`}
              d={s.d}
              fill={fillOf(mapId, map.categories, s.category)}
              stroke={s.category === OUTSIDE ? "#c4c4c4" : undefined}
              data-code={s.code ?? undefined}
              data-category={s.category}
            >
              <title>{`${s.name}: ${labelOf(map.categories, s.category)}`}</title>
            </path>
          ))}
        </g>
        <g stroke="#1b1b1b" strokeWidth={0.75}>
          {map.markers.map((m) => (
            <circle key={m.code} cx={m.x} cy={m.y} r={3.5} fill={fillOf(mapId, map.categories, m.category)} data-code={m.code} data-category={m.category}>
              <title>{`${m.name}: ${labelOf(map.categories, m.category)}`}</title>
            </circle>
          ))}
        </g>
      </svg>
      <ul className="map-legend" aria-label="Legend" style={{ listStyle: "none", padding: 0, display: "flex", flexWrap: "wrap", gap: ".25rem 1.25rem" }}>
        {map.categories.map((c) => (
          <li key={c.id}>
            <Swatch mapId={mapId} category={c} /> <span className="map-legend-label">{c.label}</span> <span className="map-legend-count">({c.count})</span>
            {c.note ? <span className="muted"> — {c.note}</span> : null}
          </li>
        ))}
        {map.outside > 0 ? (
          <li>
            <Swatch mapId={mapId} category={{ id: OUTSIDE, colour: OUTSIDE_FILL, pattern: "solid" }} /> <span className="map-legend-label">Outside the group</span>{" "}
            <span className="map-legend-count">({map.outside})</span>
          </li>
        ) : null}
      </ul>
      <p className="map-summary">{map.summary}</p>
      <p className="map-note muted">
        The European Union and sub-national units (US states, Canadian provinces, Australian states, the UK nations) are not on the
        map
        {notDrawn.length > 0 && notDrawn.length <= NAMED_LIMIT ? <>: {notDrawn.map((j) => `${j.name} (${labelOf(map.categories, j.category).toLowerCase()})`).join(", ")}</> : null}
        {notDrawn.length > NAMED_LIMIT ? <> ({notDrawn.length} in scope)</> : null}.{" "}
        {dots.length > 0 ? <>States too small for the map’s scale are drawn as dots: {dots.map((j) => j.name).join(", ")}. </> : null}
        The table below lists every jurisdiction in scope.
      </p>
      <details className="map-table">
        <summary>Jurisdictions by category</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Count</th>
              <th scope="col">Jurisdictions</th>
            </tr>
          </thead>
          <tbody>
            {map.categories.map((c) => {
              const members = map.jurisdictions.filter((j) => j.category === c.id);
              return (
                <tr key={c.id}>
                  <th scope="row">{c.label}</th>
                  <td className="num">{c.count}</td>
                  <td>
                    {members.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      members.map((j, i) => (
                        <span key={j.code}>
                          {i > 0 ? ", " : ""}
                          <a href={`/jurisdictions/${encodeURIComponent(j.code)}`}>{j.name}</a> <span className="muted">({j.code}{j.drawn === "no" ? ", not on the map" : ""})</span>
                        </span>
                      ))
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
