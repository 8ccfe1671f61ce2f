import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { registerSources } from "../db/repositories/sources";
import { listJurisdictions } from "../sources/curated/jurisdictions";
import type { Source } from "../sources/types";

/** The five topics of DESIGN.md; indicators and instruments hang off these ids. */
export const TOPICS = [
  { id: "ai-csam", name: "AI-generated CSAM", description: "Offences and definitions covering AI-generated, computer-generated, morphed or virtual child sexual abuse material, and the tools that produce it." },
  { id: "platform-duties", name: "Platform duties", description: "Duties and liability of online services: reporting, takedown, risk assessment, transparency, age assurance, labelling of synthetic content." },
  { id: "tf-exploitation", name: "Technology-facilitated exploitation", description: "Grooming, sextortion, livestreamed abuse, intimate deepfakes and ICT-facilitated trafficking." },
  { id: "treaties", name: "Treaties", description: "Ratification of the Palermo Protocol, OPSC, Lanzarote, Budapest and UN Cybercrime conventions, with reservations." },
  { id: "capacity-safeguards", name: "Capacity and safeguards", description: "Institutions, cooperation, victim safeguards and capacity that make the law work in practice." },
] as const;

/**
 * Idempotent load of the data every other table refers to: topics, jurisdictions (from maintained
 * code libraries), and the source registry.
 */
export async function loadReferenceData(db: Kysely<Database>, sources: Source[]): Promise<{ jurisdictions: number }> {
  for (const t of TOPICS) {
    await db
      .insertInto("topic")
      .values(t)
      .onConflict((oc) => oc.column("id").doUpdateSet({ name: t.name, description: t.description }))
      .execute();
  }
  const jurisdictions = listJurisdictions();
  // Parents first, so the self-reference holds on insert.
  const ordered = [...jurisdictions.filter((j) => !j.parentCode), ...jurisdictions.filter((j) => j.parentCode)];
  for (let i = 0; i < ordered.length; i += 200) {
    const chunk = ordered.slice(i, i + 200).map((j) => ({ code: j.code, name: j.name, kind: j.kind, parent_code: j.parentCode }));
    await db
      .insertInto("jurisdiction")
      .values(chunk)
      .onConflict((oc) =>
        oc.column("code").doUpdateSet(({ ref }) => ({ name: ref("excluded.name"), kind: ref("excluded.kind"), parent_code: ref("excluded.parent_code") })),
      )
      .execute();
  }
  await registerSources(db, sources.map((s) => s.manifest));
  return { jurisdictions: jurisdictions.length };
}
