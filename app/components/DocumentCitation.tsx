import type { DocumentView } from "../../db/repositories/knowledge";
import { OfficialLink } from "./OfficialLink";

type Document = Omit<DocumentView, "prepares"> & { prepares: Omit<DocumentView, "prepares"> | null };

/** "Title", issuing bodies, date (or what is known of it), with the official link: a document, never a file. */
function Cited({ d }: { d: Omit<DocumentView, "prepares"> }) {
  const title = <cite>{d.title}</cite>;
  return (
    <>
      {d.url ? <OfficialLink href={d.url}>{title}</OfficialLink> : title}
      {d.issued_by.length ? `, ${d.issued_by.join(" and ")}` : ""}
      {d.date ? (
        <>
          , <time dateTime={d.date}>{d.date}</time>
        </>
      ) : (
        <span className="muted"> (date: {d.date_basis})</span>
      )}
    </>
  );
}

/** Where a recommendation's wording comes from, and where in the document. */
export function DocumentCitation({ source, locator, referenceUrl }: { source: Document; locator: string; referenceUrl: string | null }) {
  return (
    <>
      {source.prepares ? (
        <>
          Quoted from the concept note of <Cited d={source.prepares} /> (the concept note: <cite>{source.title}</cite>
          {source.date ? `, ${source.date}` : ""})
        </>
      ) : (
        <>
          Quoted from <Cited d={source} />
        </>
      )}
      , {locator}.{referenceUrl ? <> Wording taken from <OfficialLink href={referenceUrl}>this page</OfficialLink>.</> : null}
      {source.note ? <span className="muted"> {source.note}</span> : null}
    </>
  );
}
