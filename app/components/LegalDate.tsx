/**
 * An answer's two times, in reading order: when the legal position took effect (or that the date is not
 * established), then when the provision was last read. A data-entry date is never shown as a legal date.
 */
export function LegalDate({ from, status, verifiedOn, basis }: { from: string | null; status: string; verifiedOn: string | null; basis?: string }) {
  const verified = verifiedOn ? <div className="muted">verified <time dateTime={verifiedOn}>{verifiedOn}</time></div> : null;
  const why = basis ? <div className="muted">{basis}</div> : null;
  if (status === "established" && from) {
    return (
      <>
        In effect from <time dateTime={from}>{from}</time>
        {verified}
      </>
    );
  }
  if (status === "not_established") {
    return (
      <>
        <span className="date-not-established">In force, date not established</span>
        {verified}
        {why}
      </>
    );
  }
  if (status === "not_in_force_yet" && from) {
    return (
      <>
        Not yet in effect: takes effect <time dateTime={from}>{from}</time>
        {verified}
      </>
    );
  }
  return <span className="muted">—</span>;
}
