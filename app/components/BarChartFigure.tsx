import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from "recharts";

/** Okabe–Ito blue: colour-blind safe and ≥ 3:1 against white. Values are also printed on the bars. */
const BAR_COLOUR = "#0072B2";

/**
 * Category labels as plain SVG text: recharts' own tick measures text in the browser to wrap it, which
 * renders differently from the server and breaks hydration.
 */
function CategoryTick({ x, y, payload }: { x?: number; y?: number; payload?: { value: string } }) {
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill="#333">
      {payload?.value}
    </text>
  );
}

export interface BarDatum {
  label: string;
  value: number;
}

/**
 * A bar chart whose SVG is rendered on the server (recharts 2.x with a fixed size; no ResponsiveContainer,
 * which renders nothing until the browser measures it).
 */
export function BarChartFigure({ id, data, title, valueLabel }: { id: string; data: BarDatum[]; title: string; valueLabel: string }) {
  return (
    <div className="chart" role="img" aria-label={`${title}: ${data.map((d) => `${d.label} ${d.value}`).join(", ")}`}>
      {/* A fixed id keeps recharts' clip-path ids equal on server and client (its counter differs per request). */}
      {/* Horizontal bars: long category names stay readable. */}
      <BarChart id={id} layout="vertical" width={640} height={40 + data.length * 36} data={data} margin={{ top: 8, right: 40, bottom: 24, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} label={{ value: valueLabel, position: "insideBottom", offset: -12, fontSize: 12 }} />
        <YAxis type="category" dataKey="label" width={230} interval={0} tick={<CategoryTick />} />
        <Bar dataKey="value" fill={BAR_COLOUR} isAnimationActive={false}>
          <LabelList dataKey="value" position="right" />
        </Bar>
      </BarChart>
    </div>
  );
}
