/**
 * Rule-based topic classifier for instrument titles (and summaries, when a source has them).
 *
 * Rules use general legal phrasing, never specific bill names, so they carry over to new titles.
 * Every tag names the rule and the words that fired it, because reviewers see it as evidence.
 * Recall is limited by design: many titles do not reveal their substance ("Crime and Policing Bill").
 */
import type { TopicId, TopicTag } from "../types";

/** The topics this classifier decides; `treaties` and `capacity-safeguards` come from curated data. */
export const CLASSIFIED_TOPICS = ["ai-csam", "platform-duties", "tf-exploitation"] as const satisfies readonly TopicId[];
export type ClassifiedTopic = (typeof CLASSIFIED_TOPICS)[number];

const CHILD = /\b(child|children|minors?|juveniles?|youth|kids?|underage|csam)\b/i;
/** Statutory names of the child sexual abuse material offence. */
const CSAM_TERM =
  /\b(child sexual abuse materials?|child sexually abusive materials?|child pornography|csam|pornography involving (a )?(minors?|children|a child)|sexual exploitation of (a |an identifiable )?(minors?|children|child))\b/i;
/** Words that on their own say the content is machine-made or synthetic. */
const STRONG_SYNTHETIC =
  /\b(artificial intelligence|artificially[- ](generated|created)|artificial|ai[- ]generated|computer[- ]generated|synthetic|deep[- ]?fakes?|morphed|generative)\b/i;
/** "AI" is only the abbreviation when upper-case. */
const AI_ABBREVIATION = /\bAI\b/;
/** Words that mean "synthetic" only in a sexual context ("virtual" also means online schooling). */
const WEAK_SYNTHETIC =
  /\b(virtual|digitally[- ](altered|created|generated|manipulated)|digitization|digital forger(y|ies)|forger(y|ies)|forged|fabricated|falsely created|indistinguishable|appear(s|ing)? to (be|depict)|give the appearance)\b/i;
const SEXUAL_CONTEXT = /\b(sexual(ly)?|pornograph\w*|obscen\w*|explicit|intimate|nud(e|ity)|abuse|exploitation)\b/i;
/**
 * Adult image-abuse wording. "Pornography" is left out on purpose: in statute titles it almost always
 * means child pornography, while adult non-consensual imagery is called intimate, private or explicit.
 */
const ADULT_SEXUAL_CONTEXT =
  /\b(sexual(ly)?|intimate|explicit|nud(e|ity)|exploitation|unlawful (disclosure|dissemination))\b/i;
const PORNOGRAPHY = /\bpornograph\w*/i;
const INTIMATE_IMAGE =
  /\b(intimate\W+(\w+\W+){0,3}?(images?|depictions?|forger(y|ies)|videos?|photo(graph)?s?|recordings?|records?|materials?|content)|private sexual (images?|photo(graph)?s?|films?|records?)|private images?|sexually explicit (images?|videos?|deepfakes?|depictions?|material)|non-?consensual\W+(\w+\W+){0,3}?(images?|edits?|sharing|videos?|deepfakes?|pornography|content|depictions?)|revenge porn\w*|nude (images?|photo(graph)?s?)|upskirting|cyber ?flashing)\b/i;

type Matcher = (text: string) => string | null;

const re =
  (pattern: RegExp): Matcher =>
  (text) =>
    pattern.exec(text)?.[0] ?? null;
const anyOf =
  (...matchers: Matcher[]): Matcher =>
  (text) => {
    for (const m of matchers) {
      const hit = m(text);
      if (hit !== null) return hit;
    }
    return null;
  };
const not =
  (matcher: Matcher): Matcher =>
  (text) =>
    matcher(text) === null ? "" : null;

const synthetic = anyOf(re(STRONG_SYNTHETIC), re(AI_ABBREVIATION), re(WEAK_SYNTHETIC));
/** A strong synthetic word, or a weak one backed by sexual wording. */
const syntheticInSexualContext: Matcher = (text) =>
  anyOf(re(STRONG_SYNTHETIC), re(AI_ABBREVIATION))(text) ??
  (SEXUAL_CONTEXT.test(text) ? re(WEAK_SYNTHETIC)(text) : null);
const online = re(/\b(online|internet|digital|cyber\w*|technolog\w*|ict|social media|platforms?|websites?|apps?)\b/i);

interface Rule {
  topic: ClassifiedTopic;
  label: string;
  /** Every matcher must fire; their hits (non-empty ones) become the reason. */
  all: Matcher[];
}

const PLATFORM_RULES: Rule[] = [
  { topic: "platform-duties", label: "social media", all: [re(/\bsocial (media|network(ing)?)\b/i)] },
  { topic: "platform-duties", label: "online safety regime", all: [re(/\bonline (safety|harms?)\b/i)] },
  {
    topic: "platform-duties",
    label: "digital services",
    all: [re(/\b(digital services?|information society services?)\b/i)],
  },
  { topic: "platform-duties", label: "intermediaries", all: [re(/\bintermediar(y|ies)\b/i)] },
  {
    topic: "platform-duties",
    label: "online service providers",
    all: [
      re(
        /\b(internet services?|online services?|hosting services?|interactive computer services?|interactive technolog(y|ies)|interpersonal communications? services?|(online|digital|internet|video[- ]sharing) platforms?|websites?|app stores?|search engines?)\b/i,
      ),
    ],
  },
  {
    topic: "platform-duties",
    label: "age assurance",
    all: [re(/\b(age[- ](verification|assurance|estimation|limitation|appropriate|gating)|minimum age)\b/i)],
  },
  {
    topic: "platform-duties",
    label: "removal and reporting duties",
    all: [
      re(/\b(take[- ]?down|notice[- ]and[- ](action|takedown)|content moderation|safe harbou?r|cybertipline|mandatory reporting)\b/i),
    ],
  },
  {
    topic: "platform-duties",
    label: "reporting of online child abuse",
    all: [re(/\breporting\b/i), anyOf(re(CSAM_TERM), online, re(CHILD))],
  },
  {
    topic: "platform-duties",
    label: "online child sexual abuse",
    all: [re(/\b(online (child )?sexual (abuse|exploitation)|child sexual (abuse|exploitation) online)\b/i)],
  },
  {
    // Laws framed as preventing the spread (not punishing the sharer) put the duty on the services.
    topic: "platform-duties",
    label: "preventing distribution of intimate images",
    all: [
      re(/\bprevent(ion|ing)?\b.*\b(distribution|dissemination|sharing|provision|spread)\b/i),
      re(INTIMATE_IMAGE),
    ],
  },
];

const AI_CSAM_RULES: Rule[] = [
  { topic: "ai-csam", label: "synthetic depiction of a child", all: [syntheticInSexualContext, re(CHILD)] },
  { topic: "ai-csam", label: "synthetic pornography", all: [synthetic, re(PORNOGRAPHY)] },
  {
    // The wording of virtual-CSAM offences such as 18 U.S.C. 1466A.
    topic: "ai-csam",
    label: "visual representation of sexual abuse",
    all: [re(/\bvisual representations?\b/i), re(/\b(sexual abuse|obscen\w*)/i)],
  },
];

/**
 * A bare CSAM offence term: such amendments now usually extend the offence to AI-generated material,
 * so the title is a candidate. Not when the title is about services' duties, or only renames the offence.
 */
const CSAM_OFFENCE_RULE: Rule = {
  topic: "ai-csam",
  label: "CSAM offence (may extend to AI-generated material)",
  all: [re(CSAM_TERM), not(re(/\brenam(e|es|ed|ing)\b/i))],
};

const TF_RULES: Rule[] = [
  { topic: "tf-exploitation", label: "intimate image abuse", all: [re(INTIMATE_IMAGE)] },
  {
    topic: "tf-exploitation",
    label: "synthetic sexual imagery of adults",
    all: [synthetic, re(ADULT_SEXUAL_CONTEXT), not(re(CHILD))],
  },
  { topic: "tf-exploitation", label: "sextortion", all: [re(/\b(sextortion|sexual extortion)\b/i)] },
  {
    topic: "tf-exploitation",
    label: "grooming or livestreamed abuse",
    all: [
      re(/\b(grooming|live[- ]?stream(ed|ing)?|sexual communication)\b/i),
      anyOf(re(CHILD), re(/\b(sexual\w*|abuse|exploitation)\b/i)),
    ],
  },
  {
    topic: "tf-exploitation",
    label: "technology-facilitated trafficking",
    all: [re(/\b(trafficking|modern slavery|forced labou?r)\b/i), online],
  },
  {
    // Sexual-offences statutes are where grooming and image offences are usually added.
    topic: "tf-exploitation",
    label: "sexual offences law",
    all: [re(/\bsexual(ly related)? (offen[cs]es?|crimes?)\b/i)],
  },
  { topic: "tf-exploitation", label: "online crime", all: [re(/\b((online|internet|cyber) (crimes?|offen[cs]es?)|cyber-?crimes?)\b/i)] },
  {
    // Violence-against-women and domestic-abuse instruments commonly carry intimate-image and cyberstalking offences.
    topic: "tf-exploitation",
    label: "violence against women / domestic abuse",
    all: [re(/\b(violence against women|domestic abuse)\b/i)],
  },
];

function apply(rule: Rule, text: string): string | null {
  const hits: string[] = [];
  for (const matcher of rule.all) {
    const hit = matcher(text);
    if (hit === null) return null;
    if (hit !== "") hits.push(`"${hit.replace(/\s+/g, " ").trim()}"`);
  }
  return `${rule.label}: ${hits.join(" + ")}`;
}

function firstMatch(rules: Rule[], text: string): string | null {
  for (const rule of rules) {
    const reason = apply(rule, text);
    if (reason !== null) return reason;
  }
  return null;
}

function classifyText(text: string): Map<ClassifiedTopic, string> {
  const found = new Map<ClassifiedTopic, string>();
  const platform = firstMatch(PLATFORM_RULES, text);
  if (platform !== null) found.set("platform-duties", platform);
  const aiCsam = firstMatch(AI_CSAM_RULES, text) ?? (platform === null ? apply(CSAM_OFFENCE_RULE, text) : null);
  if (aiCsam !== null) found.set("ai-csam", aiCsam);
  const tf = firstMatch(TF_RULES, text);
  if (tf !== null) found.set("tf-exploitation", tf);
  return found;
}

/**
 * Tags a title (and optional summary) with the topics whose rules match. Title and summary are
 * matched separately so that words far apart in a long summary cannot combine with the title's.
 */
export function classifyTitle(title: string, summary?: string | null): TopicTag[] {
  const fromTitle = classifyText(title);
  const fromSummary = summary ? classifyText(summary) : new Map<ClassifiedTopic, string>();
  const tags: TopicTag[] = [];
  for (const topic of CLASSIFIED_TOPICS) {
    const inTitle = fromTitle.get(topic);
    const inSummary = fromSummary.get(topic);
    if (inTitle !== undefined) tags.push({ topic, reason: `title: ${inTitle}` });
    else if (inSummary !== undefined) tags.push({ topic, reason: `summary: ${inSummary}` });
  }
  return tags;
}

export interface LabelledTitle {
  title: string;
  summary?: string | null;
  /** Expected topics; empty means "none". */
  topics: readonly ClassifiedTopic[];
}

export interface TopicScore {
  tp: number;
  fp: number;
  fn: number;
  /** 1 when nothing was predicted (no false claims). */
  precision: number;
  /** 1 when there was nothing to find. */
  recall: number;
}

export function evaluateClassifier(rows: readonly LabelledTitle[]): Record<ClassifiedTopic, TopicScore> {
  const counts = Object.fromEntries(CLASSIFIED_TOPICS.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<
    ClassifiedTopic,
    { tp: number; fp: number; fn: number }
  >;
  for (const row of rows) {
    const predicted = new Set(classifyTitle(row.title, row.summary).map((t) => t.topic));
    for (const topic of CLASSIFIED_TOPICS) {
      const expected = row.topics.includes(topic);
      const got = predicted.has(topic);
      if (expected && got) counts[topic].tp++;
      else if (got) counts[topic].fp++;
      else if (expected) counts[topic].fn++;
    }
  }
  const score = ({ tp, fp, fn }: { tp: number; fp: number; fn: number }): TopicScore => ({
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  });
  return {
    "ai-csam": score(counts["ai-csam"]),
    "platform-duties": score(counts["platform-duties"]),
    "tf-exploitation": score(counts["tf-exploitation"]),
  };
}
