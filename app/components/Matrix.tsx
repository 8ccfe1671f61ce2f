import type { Value } from "../../domain/alignment";
import { VALUE_LABEL } from "./DistributionChart";

/**
 * The dual-criminality matrix for an offence indicator: is the conduct a crime in both jurisdictions of a
 * pair? Pure rules here (shared by the page and its exports), the table below.
 */

export type DualCriminality = "yes" | "no" | "partly" | "unknown";

/** How far an answer makes the conduct a crime: met yes; partial or reserved partly; not met or only pending no. */
export type Criminalised = "crime" | "partly" | "none" | "unknown";

export function criminalised(value: Value): Criminalised {
  if (value === "met") return "crime";
  if (value === "partial" || value === "reserved") return "partly";
  if (value === "not_met" || value === "pending") return "none";
  return "unknown";
}

/**
 * yes: a crime in both; no: not a crime in at least one (a pending bill is not yet law); partly: a crime in
 * both only in part; unknown: one side has no cited answer.
 */
export function dualCriminality(a: Value, b: Value): DualCriminality {
  const x = criminalised(a);
  const y = criminalised(b);
  if (x === "unknown" || y === "unknown") return "unknown";
  if (x === "none" || y === "none") return "no";
  if (x === "crime" && y === "crime") return "yes";
  return "partly";
}

/** The obstacle the documents describe: a crime (or partly) on one side and not a crime on the other. */
export function isGap(a: Value, b: Value): boolean {
  const x = criminalised(a);
  const y = criminalised(b);
  return (x === "none" && (y === "crime" || y === "partly")) || (y === "none" && (x === "crime" || x === "partly"));
}

type Mark = "gap" | "neither" | "yes" | "partly" | "unknown";

function markOf(a: Value, b: Value): Mark {
  if (isGap(a, b)) return "gap";
  const d = dualCriminality(a, b);
  return d === "no" ? "neither" : d;
}

export const MARK: Record<Mark, { symbol: string; text: string }> = {
  gap: { symbol: "✗", text: "Gap: a crime in one, not in the other" },
  neither: { symbol: "–", text: "A crime in neither" },
  yes: { symbol: "✓", text: "A crime in both" },
  partly: { symbol: "◐", text: "A crime in both, but only in part in at least one" },
  unknown: { symbol: "?", text: "Unknown: no cited answer on one side" },
};

export interface MatrixJurisdiction {
  code: string;
  name: string;
  value: Value;
}

/** Rows and columns are the same jurisdictions; each cell shows a symbol and its meaning for screen readers. */
export function Matrix({ jurisdictions, caption }: { jurisdictions: MatrixJurisdiction[]; caption: string }) {
  return (
    <div className="matrix-wrap">
      <table className="matrix">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td className="corner" />
            {jurisdictions.map((j) => (
              <th key={j.code} scope="col" title={`${j.name}: ${VALUE_LABEL[j.value]}`}>
                <abbr title={j.name}>{j.code}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {jurisdictions.map((row) => (
            <tr key={row.code}>
              <th scope="row">
                <abbr title={row.name}>{row.code}</abbr> <span className="matrix-value">{VALUE_LABEL[row.value].toLowerCase()}</span>
              </th>
              {jurisdictions.map((col) => {
                if (col.code === row.code) {
                  return (
                    <td key={col.code} className="matrix-self">
                      <span aria-hidden="true">·</span>
                      <span className="sr-only">same jurisdiction</span>
                    </td>
                  );
                }
                const mark = markOf(row.value, col.value);
                return (
                  <td key={col.code} className={`matrix-${mark}`} title={`${row.code} ${VALUE_LABEL[row.value]} / ${col.code} ${VALUE_LABEL[col.value]}: ${MARK[mark].text}`}>
                    <span aria-hidden="true">{MARK[mark].symbol}</span>
                    <span className="sr-only">{`${row.code} ${VALUE_LABEL[row.value]}, ${col.code} ${VALUE_LABEL[col.value]}: ${MARK[mark].text}`}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="matrix-legend">
        {(Object.keys(MARK) as Mark[]).map((m) => (
          <div key={m}>
            <dt className={`matrix-${m}`}>{MARK[m].symbol}</dt>
            <dd>{MARK[m].text}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
