/**
 * legislation.gov.uk CLML documents (`/ukpga/2023/50/contents/data.xml`, `…/enacted/data.xml`,
 * `…/data.xml`): the `ukm:Metadata` of one item becomes one instrument.
 *
 * Stage: a draft is `introduced`; a made or enacted item is `in_force` once a coming-into-force date
 * (secondary legislation) is on or before the document's valid date, or, for a revised version, once the
 * revised text has effect by then (`RestrictStartDate`); a revised version marked `Repealed` is `repealed`.
 */
import type { CheerioAPI } from "cheerio";
import { UnexpectedFormatError, type InstrumentRecord, type InstrumentStage, type Payload } from "../types";
import { documentType, externalIdOf, isoDate, itemPath, officialUrlOf, squash, topicsFor } from "./item";

/** A cheerio selection; cheerio does not re-export domhandler's node types. */
type Selection = ReturnType<CheerioAPI>;

/** The English text among elements that may come in English and Welsh (`xml:lang="cy"`). */
function englishText($: CheerioAPI, elements: Selection): string {
  const english = elements.filter((_, e) => ($(e).attr("xml:lang") ?? "en") === "en").first();
  return squash(english.text());
}

interface StageFacts {
  draft: boolean;
  revised: boolean;
  /** `Status` of the whole document in a revised version: `Prospective`, `Repealed`… */
  documentStatus: string | undefined;
  comingIntoForce: string | null;
  revisedFrom: string | null;
  validOn: string;
}

export function stageOf(f: StageFacts): InstrumentStage {
  if (f.draft) return "introduced";
  if (f.revised && f.documentStatus === "Repealed") return "repealed";
  if (f.comingIntoForce !== null && f.comingIntoForce <= f.validOn) return "in_force";
  if (f.revised && f.documentStatus === undefined && f.revisedFrom !== null && f.revisedFrom <= f.validOn) return "in_force";
  return "enacted";
}

export function parseClml($: CheerioAPI, legislation: Selection, payload: Payload): InstrumentRecord[] {
  const { url } = payload;
  const metadata = legislation.children("ukm\\:Metadata");
  if (metadata.length === 0) throw new UnexpectedFormatError(`${url}: CLML document has no ukm:Metadata`);
  const idUri = legislation.attr("IdURI") ?? "";
  const path = itemPath(idUri);
  if (!path) throw new UnexpectedFormatError(`${url}: CLML IdURI "${idUri}" is not a legislation.gov.uk id URI`);

  const title = englishText($, metadata.children("dc\\:title"));
  const typed = metadata.children("ukm\\:PrimaryMetadata, ukm\\:SecondaryMetadata").first();
  const classification = typed.children("ukm\\:DocumentClassification");
  const mainType = classification.children("ukm\\:DocumentMainType").attr("Value");
  if (!title || !mainType) {
    throw new UnexpectedFormatError(`${url}: CLML metadata has no dc:title or no ukm:PrimaryMetadata|SecondaryMetadata DocumentMainType`);
  }
  const { kind, jurisdictionCode, draft } = documentType(mainType);

  const enactedOn = draft ? null : isoDate(typed.children("ukm\\:EnactmentDate, ukm\\:Made").first().attr("Date"));
  // Staged commencement lists several dates; the first is when the item starts to have effect.
  const comingIntoForce =
    typed
      .children("ukm\\:ComingIntoForce")
      .children("ukm\\:DateTime")
      .map((_, e) => isoDate($(e).attr("Date")))
      .get()
      .sort()[0] ?? null;
  const stage = stageOf({
    draft,
    revised: classification.children("ukm\\:DocumentStatus").attr("Value") === "revised",
    documentStatus: legislation.attr("Status"),
    comingIntoForce,
    revisedFrom: isoDate(legislation.attr("RestrictStartDate")),
    // A document without dct:valid (an enacted or made version) is read as of its fetch.
    validOn: isoDate(squash(metadata.children("dct\\:valid").text())) ?? payload.fetchedAt.slice(0, 10),
  });

  const identifiers: Record<string, string> = { legislationGovUk: path };
  const year = typed.children("ukm\\:Year").attr("Value");
  const number = typed.children("ukm\\:Number").attr("Value");
  if (year) identifiers.year = year;
  if (number) identifiers.number = number;

  // Secondary legislation carries an explanatory dc:description; an Act's prelims carry its long title.
  const longTitle = legislation.children("Primary").children("PrimaryPrelims").children("LongTitle");
  const summary = englishText($, metadata.children("dc\\:description")) || squash(longTitle.text()) || null;

  return [
    {
      type: "instrument",
      externalId: externalIdOf(path),
      jurisdictionCode,
      title,
      kind,
      stage,
      introducedOn: null,
      enactedOn,
      // The stated date even when still ahead; the stage says whether it has been reached.
      inForceOn: draft ? null : comingIntoForce,
      identifiers,
      officialUrl: officialUrlOf(path),
      sourceUpdatedAt: isoDate(squash(metadata.children("dc\\:modified").text())),
      summary,
      topics: topicsFor(path, title, summary),
    },
  ];
}
