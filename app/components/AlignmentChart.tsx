import { Bar, BarChart, CartesianGrid, LabelList, Legend, XAxis, YAxis } from "recharts";
import { ALIGNMENTS, ALIGNMENT_COLOUR, ALIGNMENT_LABEL, type Alignment } from "../../domain/alignment";

export type AlignmentCounts = Record<Alignment, number>;

export interface AlignmentDatum extends AlignmentCounts {
  label: string;
}

/** Plain SVG category text: recharts' own tick measures text in the browser and breaks hydration. */
function CategoryTick({ x, y, payload }: { x?: number; y?: number; payload?: { value: string } }) {
  const text = payload?.value ?? "";
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill="#333">
      {text.length > 44 ? `${text.slice(0, 43)}…` : text}
    </text>
  );
}

/** Legend labels in ink colour: recharts colours them like the series, too faint to read on white. */
const legendText = (value: string) => <span style={{ color: "#1b1b1b" }}>{value}</span>;

/** Hides the count in segments too narrow for it; the table beside the chart has every number. */
const countLabel = (value: unknown) => (typeof value === "number" && value > 0 ? value : "");

/**
 * One horizontal stacked bar per row (met / partly met / not met / unknown), rendered on the server at a
 * fixed size. Each segment prints its count in black (≥ 4.5:1 on every fill), so the chart does not rely on colour alone.
 */
export function AlignmentChart({ id, data, title, unit }: { id: string; data: AlignmentDatum[]; title: string; unit: string }) {
  const summary = data.map((d) => `${d.label}: ${ALIGNMENTS.map((a) => `${d[a]} ${ALIGNMENT_LABEL[a].toLowerCase()}`).join(", ")}`).join("; ");
  return (
    <div className="chart" role="img" aria-label={`${title}. ${summary}`}>
      <BarChart id={id} layout="vertical" width={760} height={90 + data.length * 30} data={data} margin={{ top: 36, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} fontSize={12} label={{ value: unit, position: "insideBottomRight", offset: -4, fontSize: 12 }} />
        <YAxis type="category" dataKey="label" width={300} interval={0} tick={<CategoryTick />} />
        <Legend verticalAlign="top" wrapperStyle={{ top: 4 }} formatter={legendText} />
        {ALIGNMENTS.map((a) => (
          <Bar key={a} dataKey={a} name={ALIGNMENT_LABEL[a]} stackId="alignment" fill={ALIGNMENT_COLOUR[a]} isAnimationActive={false}>
            <LabelList dataKey={a} position="center" fill="#000" fontSize={11} formatter={countLabel} />
          </Bar>
        ))}
      </BarChart>
    </div>
  );
}
