import { describe, expect, it } from "vitest";
import { cleanParticipantName, jurisdictionCodeForName } from "../../sources/shared/country-names";

describe("depositary country names → jurisdiction codes (sources/shared/country-names)", () => {
  it.each([
    ["United Kingdom of Great Britain and Northern Ireland", "GB"],
    ["Bolivia (Plurinational State of)", "BO"],
    ["Venezuela (Bolivarian Republic of)", "VE"],
    ["Iran (Islamic Republic of)", "IR"],
    ["Republic of Korea", "KR"],
    ["Democratic People's Republic of Korea", "KP"],
    ["Democratic People’s Republic of Korea", "KP"],
    ["Türkiye", "TR"],
    ["Côte d'Ivoire", "CI"],
    ["State of Palestine", "PS"],
    ["Holy See", "VA"],
    ["Micronesia (Federated States of)", "FM"],
    ["Republic of Moldova", "MD"],
    ["United Republic of Tanzania", "TZ"],
    ["Lao People's Democratic Republic", "LA"],
    ["Russian Federation", "RU"],
    ["Syrian Arab Republic", "SY"],
    ["Czechia", "CZ"],
    ["North Macedonia", "MK"],
    ["Netherlands (Kingdom of the)", "NL"],
    ["Slovak Republic", "SK"],
    ["Viet Nam", "VN"],
    ["European Union", "EU"],
    ["  france ", "FR"],
  ])("%s → %s", (name, code) => {
    expect(jurisdictionCodeForName(name)).toBe(code);
  });

  it.each([
    ["United States of America<superscript>7</superscript>", "United States of America"],
    ["Albania 1", "Albania"],
    ["Austria3", "Austria"],
    ["China5,6", "China"],
    ["Albania a", "Albania"],
    ["Albania a,b", "Albania"],
    ["Bosnia  and\tHerzegovina", "Bosnia and Herzegovina"],
  ])("strips footnote markers: %j → %j", (raw, clean) => {
    expect(cleanParticipantName(raw)).toBe(clean);
  });

  it("does not guess: unknown names and codes outside Harmonia's jurisdiction list are null", () => {
    expect(jurisdictionCodeForName("Atlantis")).toBeNull();
    expect(jurisdictionCodeForName("")).toBeNull();
    // i18n-iso-countries knows Kosovo as XK, which is not an ISO 3166-1 code and not a tracked jurisdiction.
    expect(jurisdictionCodeForName("Kosovo")).toBeNull();
    expect(jurisdictionCodeForName("Serbia and Montenegro")).toBeNull();
  });
});
