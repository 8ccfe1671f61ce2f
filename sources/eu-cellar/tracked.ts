import type { TopicTag } from "../types";

/**
 * Instruments followed by CELEX number whatever their titles say, with the topics they bear on
 * (the indicator catalogue cites these articles). Titles such as the AI Act's name no topic.
 */
export const TRACKED_INSTRUMENTS: Record<string, TopicTag[]> = {
  "32011L0093": [
    { topic: "ai-csam", reason: "tracked instrument: Directive 2011/93/EU defines the EU child sexual abuse material offences (arts. 2(c), 5)" },
    { topic: "tf-exploitation", reason: "tracked instrument: Directive 2011/93/EU art. 6, solicitation of children for sexual purposes" },
  ],
  "32021R1232": [
    { topic: "platform-duties", reason: "tracked instrument: Regulation (EU) 2021/1232, interim derogation for voluntary detection of online CSAM" },
  ],
  "32022R2065": [
    { topic: "platform-duties", reason: "tracked instrument: Digital Services Act, notice-and-action and systemic-risk duties of online platforms" },
  ],
  "32024R1689": [
    { topic: "platform-duties", reason: "tracked instrument: AI Act art. 50, marking and disclosure of AI-generated content" },
    { topic: "capacity-safeguards", reason: "tracked instrument: AI Act art. 5(1)(h) and Annex III point 6, law-enforcement AI" },
  ],
  "52022PC0209": [
    { topic: "platform-duties", reason: "tracked instrument: proposed CSA Regulation, detection, reporting and removal orders for online services" },
    { topic: "tf-exploitation", reason: "tracked instrument: proposed CSA Regulation, detection of the solicitation of children (grooming)" },
  ],
  "52024PC0060": [
    { topic: "ai-csam", reason: "tracked instrument: proposed recast CSA Directive, CSAM offences incl. AI-generated material" },
    { topic: "tf-exploitation", reason: "tracked instrument: proposed recast CSA Directive, grooming and livestreamed abuse offences" },
  ],
};
