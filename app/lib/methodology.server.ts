import type { Kysely } from "kysely";
import { listGroupsWithMembers, listIndicators, listRecommendations } from "../../db/repositories/knowledge";
import type { Database } from "../../db/schema";
import { allSources } from "../../sources/registry";
import { AUDIT_DICTIONARY } from "./admin.server";
import { dataDictionary } from "./api.server";
import { COMPARE_DICTIONARY } from "./compare.server";
import { INDICATOR_DICTIONARY } from "./indicator.server";
import { CHANGES_DICTIONARY } from "./changes.server";
import { INSTRUMENT_DICTIONARY } from "./instruments.server";
import { MAP_DICTIONARY } from "./map.server";
import { NOTES_DICTIONARY } from "./notes.server";
import { RECOMMENDATION_DICTIONARY } from "./recommendation.server";
import { JURISDICTION_DICTIONARY } from "./jurisdiction.server";
import { GAP_CSV_COLUMNS, OVERVIEW_CSV_COLUMNS } from "./overview.server";
import { SOURCE_COLUMNS } from "./sources.server";

/** Everything /methodology shows, read from the same catalogue, registry and dataset definitions the app uses. */
export async function methodologyData(db: Kysely<Database>) {
  const [indicators, recommendations, groups, topics] = await Promise.all([
    listIndicators(db),
    listRecommendations(db),
    listGroupsWithMembers(db),
    db.selectFrom("topic").selectAll().execute(),
  ]);
  return {
    topics,
    indicators,
    recommendations,
    groups: groups.map(({ members, ...g }) => ({ ...g, members: members.length })),
    sources: allSources.map((s) => ({
      id: s.manifest.id,
      name: s.manifest.name,
      homepage: s.manifest.homepage,
      endpoints: s.manifest.endpoints.length,
      everyMs: s.manifest.everyMs,
      apiKeyEnv: s.manifest.apiKey?.env ?? null,
    })),
    dictionary: [
      ...dataDictionary().map((d) => ({ ...d, name: `/api/v1/${d.name}` })),
      {
        name: "/api/v1/sources",
        description: "Every source with its last run, status, next run and counts (the /sources page).",
        parameters: {},
        columns: [...SOURCE_COLUMNS],
      },
      {
        name: "overview gaps (/overview/gaps.csv)",
        description: "The overview's gap table for the chosen group and date.",
        parameters: { group: "A group id.", as_of: "YYYY-MM-DD." },
        columns: GAP_CSV_COLUMNS.map((name) => ({ name, description: GAP_COLUMN_HELP[name] })),
      },
      {
        name: "instruments by topic (/overview.csv)",
        description: "Tracked instruments per topic.",
        parameters: {},
        columns: OVERVIEW_CSV_COLUMNS.map((name) => ({ name, description: OVERVIEW_COLUMN_HELP[name] })),
      },
      ...JURISDICTION_DICTIONARY,
      ...COMPARE_DICTIONARY,
      ...INDICATOR_DICTIONARY,
      ...RECOMMENDATION_DICTIONARY,
      ...INSTRUMENT_DICTIONARY,
      ...MAP_DICTIONARY,
      ...CHANGES_DICTIONARY,
      ...NOTES_DICTIONARY,
      ...AUDIT_DICTIONARY,
    ],
  };
}

const GAP_COLUMN_HELP: Record<(typeof GAP_CSV_COLUMNS)[number], string> = {
  recommendation_id: "Recommendation id (see /api/v1/recommendations).",
  title: "Short title of the recommendation.",
  combine_rule: "How its indicators combine: all, any or mean (see Scoring).",
  indicators: "Indicator ids that measure it, |-joined.",
  met: "Jurisdictions in scope whose answers meet the recommendation.",
  partial: "Jurisdictions that partly meet it.",
  not_met: "Jurisdictions that do not meet it.",
  insufficient: "Jurisdictions with some cited answers, too few to decide under the recommendation's rule (insufficient evidence).",
  unknown: "Jurisdictions where none of its indicators has been researched.",
  jurisdictions: "Jurisdictions in scope (the group's members, or every jurisdiction with a cited answer).",
  group: "Group id of the scope; empty for all jurisdictions with answers.",
  as_of: "The date the answers stood on; empty for the latest.",
};

const OVERVIEW_COLUMN_HELP: Record<(typeof OVERVIEW_CSV_COLUMNS)[number], string> = {
  topic_id: "Topic id, or none for instruments no tracked topic matched.",
  topic_name: "Topic name.",
  instruments: "Tracked instruments tagged with the topic.",
  jurisdictions: "Distinct jurisdictions among them.",
};
