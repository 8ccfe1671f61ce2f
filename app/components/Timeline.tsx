/**
 * A plain, server-rendered SVG timeline: one row per instrument or treaty, dates on the X axis, one marker
 * per dated step. Markers differ by SHAPE (and carry a <title>), so colour is never the only cue; the page
 * puts the same events in a table beside it. No browser measurement, so server and client render alike.
 */

export type TimelineKind = "introduced" | "enacted" | "in_force" | "provision" | "signed" | "bound";

export interface TimelinePoint {
  label: string;
  date: string;
  kind: TimelineKind;
  group: "instrument" | "treaty";
}

export const TIMELINE_KIND_LABEL: Record<TimelineKind, string> = {
  introduced: "Introduced",
  enacted: "Enacted or made",
  in_force: "In force",
  provision: "Cited provision in effect",
  signed: "Treaty signed",
  bound: "Treaty ratified or acceded",
};

/** Okabe–Ito blue for laws, vermilion for treaties (both ≥ 3:1 on white); the shape tells the step. */
const GROUP_COLOUR = { instrument: "#0072B2", treaty: "#D55E00" } as const;

const WIDTH = 800;
const LABEL_WIDTH = 250;
const RIGHT = 24;
const ROW = 22;
const TOP = 58;
const BOTTOM = 34;

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

function Marker({ kind, x, y, colour }: { kind: TimelineKind; x: number; y: number; colour: string }) {
  switch (kind) {
    case "introduced":
      return <circle cx={x} cy={y} r={5} fill="#fff" stroke={colour} strokeWidth={2} />;
    case "enacted":
      return <rect x={x - 5} y={y - 5} width={10} height={10} fill={colour} />;
    case "in_force":
      return <polygon points={`${x},${y - 6} ${x + 6},${y + 5} ${x - 6},${y + 5}`} fill={colour} />;
    case "provision":
      return <rect x={x - 5} y={y - 5} width={10} height={10} fill="#fff" stroke={colour} strokeWidth={2} />;
    case "signed":
      return <polygon points={`${x},${y - 6} ${x + 6},${y} ${x},${y + 6} ${x - 6},${y}`} fill="#fff" stroke={colour} strokeWidth={2} />;
    case "bound":
      return <polygon points={`${x},${y - 6} ${x + 6},${y} ${x},${y + 6} ${x - 6},${y}`} fill={colour} />;
  }
}

export function Timeline({ id, title, points, maxRows = 30 }: { id: string; title: string; points: TimelinePoint[]; maxRows?: number }) {
  const rowsAll: { label: string; group: TimelinePoint["group"]; first: string }[] = [];
  for (const p of [...points].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!rowsAll.some((r) => r.label === p.label && r.group === p.group)) rowsAll.push({ label: p.label, group: p.group, first: p.date });
  }
  // Most recent rows when there are too many; the table beside the chart lists them all.
  const rows = rowsAll.slice(-maxRows);
  const shown = points.filter((p) => rows.some((r) => r.label === p.label && r.group === p.group));
  if (shown.length === 0) return null;

  const days = shown.map((p) => dayNumber(p.date));
  const firstYear = new Date(Math.min(...days) * 86_400_000).getUTCFullYear();
  const lastYear = new Date(Math.max(...days) * 86_400_000).getUTCFullYear() + 1;
  const from = dayNumber(`${firstYear}-01-01`);
  const to = dayNumber(`${lastYear}-01-01`);
  const plotLeft = LABEL_WIDTH + 10;
  const plotWidth = WIDTH - plotLeft - RIGHT;
  const x = (iso: string) => plotLeft + ((dayNumber(iso) - from) / (to - from)) * plotWidth;
  const height = TOP + rows.length * ROW + BOTTOM;
  const span = lastYear - firstYear;
  const step = Math.max(1, Math.ceil(span / 10));
  const years: number[] = [];
  for (let y = firstYear; y <= lastYear; y += step) years.push(y);
  const kinds = [...new Set(shown.map((p) => p.kind))];
  const summary = `${title}: ${shown.length} dated steps of ${rows.length} instruments and treaties, ${firstYear} to ${lastYear - 1}.`;

  return (
    <div className="chart timeline">
      <svg id={id} width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title`} className="timeline-svg">
        <title id={`${id}-title`}>{summary}</title>
        {/* Legend: shape and name of each kind of step shown. */}
        {kinds.map((k, n) => {
          // Each legend entry is as wide as its label (about 6.5 px a character at 12 px) plus the marker.
          const lx = 8 + kinds.slice(0, n).reduce((w, kk) => w + TIMELINE_KIND_LABEL[kk].length * 6.5 + 34, 0);
          return (
            <g key={k}>
              <Marker kind={k} x={lx + 6} y={34} colour="#1b1b1b" />
              <text x={lx + 16} y={38} fontSize={12} fill="#1b1b1b">{TIMELINE_KIND_LABEL[k]}</text>
            </g>
          );
        })}
        <text x={8} y={18} fontSize={12} fill="#1b1b1b">
          <tspan fill={GROUP_COLOUR.instrument} fontWeight={700}>■</tspan> law or bill{"  "}
          <tspan fill={GROUP_COLOUR.treaty} fontWeight={700}>◆</tspan> treaty
        </text>
        {years.map((y) => {
          const gx = x(`${y}-01-01`);
          return (
            <g key={y}>
              <line x1={gx} x2={gx} y1={TOP - 8} y2={height - BOTTOM + 4} stroke="#d0d0d0" strokeDasharray="3 3" />
              <text x={gx} y={height - BOTTOM + 18} fontSize={11} textAnchor="middle" fill="#333">{y}</text>
            </g>
          );
        })}
        <text x={plotLeft + plotWidth / 2} y={height - 4} fontSize={11} textAnchor="middle" fill="#333">Date</text>
        {rows.map((r, n) => {
          const cy = TOP + n * ROW + ROW / 2;
          const mine = shown.filter((p) => p.label === r.label && p.group === r.group);
          const xs = mine.map((p) => x(p.date));
          const text = r.label.length > 38 ? `${r.label.slice(0, 37)}…` : r.label;
          return (
            <g key={`${r.group}-${r.label}`}>
              <text x={LABEL_WIDTH} y={cy + 4} fontSize={11} textAnchor="end" fill="#1b1b1b">
                <title>{r.label}</title>
                {text}
              </text>
              {xs.length > 1 ? <line x1={Math.min(...xs)} x2={Math.max(...xs)} y1={cy} y2={cy} stroke="#9a9a9a" strokeWidth={2} /> : null}
              {mine.map((p) => (
                <g key={`${p.kind}-${p.date}`}>
                  <title>{`${p.label} — ${TIMELINE_KIND_LABEL[p.kind].toLowerCase()} ${p.date}`}</title>
                  <Marker kind={p.kind} x={x(p.date)} y={cy} colour={GROUP_COLOUR[p.group]} />
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      {rowsAll.length > rows.length ? <p className="muted">The chart shows the {rows.length} most recent of {rowsAll.length} rows; the table lists all.</p> : null}
    </div>
  );
}
