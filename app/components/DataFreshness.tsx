/**
 * One short line under a page's heading: when its data last changed and which sources it comes from.
 * `lastUpdated` is an ISO 8601 timestamp (loaders serialise Dates), or null when there is no data yet.
 */
export interface FreshnessSource {
  id: string;
  name: string;
}

export function DataFreshness({ lastUpdated, sources }: { lastUpdated: string | null; sources: FreshnessSource[] }) {
  return (
    <p className="freshness muted">
      {lastUpdated ? (
        <>
          Data last updated <time dateTime={lastUpdated}>{lastUpdated.slice(0, 10)}</time>
        </>
      ) : (
        <>No data recorded yet</>
      )}
      {sources.length > 0 ? <>, from {sources.map((s) => s.name).join(", ")}</> : null}. See <a href="/sources">Sources</a> for each source's
      last run and <a href="/methodology">Methodology</a> for how answers are made.
    </p>
  );
}
