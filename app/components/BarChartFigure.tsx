import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from "recharts";

/** Okabe–Ito blue: colour-blind safe and ≥ 3:1 against white. Values are also printed on the bars. */
const BAR_COLOUR = "#0072B2";

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
      <BarChart id={id} width={640} height={280} data={data} margin={{ top: 24, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" interval={0} tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} label={{ value: valueLabel, angle: -90, position: "insideLeft", fontSize: 12 }} />
        <Bar dataKey="value" fill={BAR_COLOUR} isAnimationActive={false}>
          <LabelList dataKey="value" position="top" />
        </Bar>
      </BarChart>
    </div>
  );
}
