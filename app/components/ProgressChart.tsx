import { CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from "recharts";
import { PROGRESS_BANDS, PROGRESS_BAND_COLOUR, PROGRESS_BAND_LABEL, type ProgressBand } from "../../domain/progress";

export interface ProgressPoint extends Record<ProgressBand, number> {
  /** ISO date the counts stand on. */
  date: string;
}

/** Each series has its own dash pattern and marker, so lines are told apart without colour. */
const DASH: Record<ProgressBand, string | undefined> = { met: undefined, partial: "8 4", not_met: "2 3", undated: "1 3", insufficient: "6 2 1 2", unknown: "12 4 2 4" };
const MARKER: Record<ProgressBand, "circle" | "square" | "triangle" | "diamond" | "none"> = {
  met: "circle",
  partial: "square",
  not_met: "triangle",
  undated: "none",
  insufficient: "none",
  unknown: "diamond",
};

function Marker({ cx, cy, shape, colour }: { cx?: number; cy?: number; shape: (typeof MARKER)[ProgressBand]; colour: string }) {
  if (cx === undefined || cy === undefined || Number.isNaN(cx) || Number.isNaN(cy) || shape === "none") return null;
  const r = 3.5;
  if (shape === "circle") return <circle cx={cx} cy={cy} r={r} fill={colour} />;
  if (shape === "square") return <rect x={cx - r} y={cy - r} width={2 * r} height={2 * r} fill={colour} />;
  if (shape === "triangle") return <polygon points={`${cx},${cy - r - 1} ${cx + r + 1},${cy + r} ${cx - r - 1},${cy + r}`} fill={colour} />;
  return <polygon points={`${cx},${cy - r - 1} ${cx + r + 1},${cy} ${cx},${cy + r + 1} ${cx - r - 1},${cy}`} fill={colour} />;
}

/** Date ticks as plain SVG text (no browser measurement): the month of every third point, and the last. */
function DateTick({ x, y, payload, index, count }: { x?: number; y?: number; payload?: { value: string }; index?: number; count: number }) {
  const value = payload?.value ?? "";
  const i = index ?? 0;
  const last = i === count - 1;
  // Every third point, and the last; a regular tick too close to the last one is left out.
  if (!last && (i % 3 !== 0 || count - 1 - i < 3)) return null;
  return (
    <text x={x} y={y} dy={14} textAnchor="middle" fontSize={11} fill="#333">
      {value.slice(0, 7)}
    </text>
  );
}

const legendText = (value: string) => <span style={{ color: "#1b1b1b" }}>{value}</span>;

/**
 * Jurisdictions met / partly met / not met / unknown at each date of the series, one line each, rendered
 * on the server at a fixed size.
 */
export function ProgressChart({ id, data, title }: { id: string; data: ProgressPoint[]; title: string }) {
  const first = data[0];
  const last = data[data.length - 1];
  const describe = (p: ProgressPoint | undefined) => (p ? `${p.date}: ${PROGRESS_BANDS.map((a) => `${p[a]} ${PROGRESS_BAND_LABEL[a].toLowerCase()}`).join(", ")}` : "");
  return (
    <div className="chart" role="img" aria-label={`${title}. ${describe(first)}; ${describe(last)}.`}>
      <LineChart id={id} width={760} height={320} data={data} margin={{ top: 36, right: 24, bottom: 24, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" interval={0} tick={<DateTick count={data.length} />} height={30} />
        <YAxis allowDecimals={false} fontSize={12} width={48} label={{ value: "Jurisdictions", angle: -90, position: "insideLeft", fontSize: 12 }} />
        <Legend verticalAlign="top" wrapperStyle={{ top: 4 }} formatter={legendText} />
        {PROGRESS_BANDS.map((a) => (
          <Line
            key={a}
            type="stepAfter"
            dataKey={a}
            name={PROGRESS_BAND_LABEL[a]}
            stroke={PROGRESS_BAND_COLOUR[a]}
            strokeWidth={2}
            strokeDasharray={DASH[a]}
            dot={<Marker shape={MARKER[a]} colour={PROGRESS_BAND_COLOUR[a]} />}
            legendType="plainline"
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </div>
  );
}
