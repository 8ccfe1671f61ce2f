import type { InstrumentKind, TopicTag } from "../types";

interface TrackedProcedure {
  /** The legislative instrument the procedure is about; the EP data does not say it. */
  kind: InstrumentKind;
  topics: TopicTag[];
}

/** Procedures followed by id (`YYYY-NNNN`), with the topics they bear on. */
export const TRACKED_PROCEDURES: Record<string, TrackedProcedure> = {
  "2022-0155": {
    kind: "regulation",
    topics: [
      { topic: "platform-duties", reason: "tracked procedure: CSA Regulation, detection, reporting and removal orders for online services" },
      { topic: "tf-exploitation", reason: "tracked procedure: CSA Regulation, detection of the solicitation of children (grooming)" },
    ],
  },
  "2024-0035": {
    kind: "directive",
    topics: [
      { topic: "ai-csam", reason: "tracked procedure: recast CSA Directive, CSAM offences incl. AI-generated material" },
      { topic: "tf-exploitation", reason: "tracked procedure: recast CSA Directive, grooming and livestreamed abuse offences" },
    ],
  },
};
