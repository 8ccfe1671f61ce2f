import { Bar, BarChart, CartesianGrid, Cell, LabelList, XAxis, YAxis } from "recharts";
import { ALIGNMENT_COLOUR, type Value } from "../../domain/alignment";

/** Every answer value, in the order tables and charts list them. */
export const VALUES = ["met", "partial", "not_met", "pending", "reserved", "unknown"] as const satisfies readonly Value[];

export const VALUE_LABEL: Record<Value, string> = {
  met: "Met",
  partial: "Partial",
  not_met: "Not met",
  pending: "Pending",
  reserved: "Reserved",
  unknown: "Unknown",
};

/**
 * The alignment palette of scoring.ts for the four values it shares, plus two Okabe–Ito colours for
 * pending (blue, 5.2:1 on white) and reserved (reddish purple, 3.1:1). Counts are printed beside every bar.
 */
export const VALUE_COLOUR: Record<Value, string> = {
  met: ALIGNMENT_COLOUR.met,
  partial: ALIGNMENT_COLOUR.partial,
  not_met: ALIGNMENT_COLOUR.not_met,
  pending: "#0072B2",
  reserved: "#CC79A7",
  unknown: ALIGNMENT_COLOUR.unknown,
};

export interface DistributionDatum {
  value: Value;
  count: number;
}

/** Plain SVG category text: recharts' own tick measures text in the browser and breaks hydration. */
function CategoryTick({ x, y, payload }: { x?: number; y?: number; payload?: { value: string } }) {
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill="#333">
      {payload?.value}
    </text>
  );
}

/**
 * One horizontal bar per answer value with its count printed beside it (never colour alone), rendered on
 * the server at a fixed size.
 */
export function DistributionChart({ id, data, title }: { id: string; data: DistributionDatum[]; title: string }) {
  const rows = data.map((d) => ({ ...d, label: VALUE_LABEL[d.value] }));
  return (
    <div className="chart" role="img" aria-label={`${title}: ${rows.map((d) => `${d.label} ${d.count}`).join(", ")}`}>
      <BarChart id={id} layout="vertical" width={640} height={48 + rows.length * 36} data={rows} margin={{ top: 8, right: 48, bottom: 24, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} fontSize={12} label={{ value: "Jurisdictions", position: "insideBottom", offset: -12, fontSize: 12 }} />
        <YAxis type="category" dataKey="label" width={90} interval={0} tick={<CategoryTick />} />
        <Bar dataKey="count" isAnimationActive={false}>
          {rows.map((d) => (
            <Cell key={d.value} fill={VALUE_COLOUR[d.value]} />
          ))}
          <LabelList dataKey="count" position="right" fill="#000" fontSize={12} />
        </Bar>
      </BarChart>
    </div>
  );
}
