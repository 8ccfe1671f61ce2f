import { describe, expect, it } from "vitest";
import { citationAddressProblem } from "../../domain/citations";

describe("a citation names the provision, not a portal's home or search page", () => {
  it.each([
    // Home pages and search pages: the reader learns nothing about where the rule is written.
    ["https://www.krisdika.go.th/", "is a portal's home page, not a provision"],
    ["https://flk.npc.gov.cn", "is a portal's home page, not a provision"],
    ["https://alison.legislature.state.al.us/index.html", "is a portal's home page, not a provision"],
    ["https://example.gov/Home", "is a portal's home page, not a provision"],
    ["https://peraturan.bpk.go.id/Search?keywords=Undang-Undang+Nomor+44", "is a search page (a search query in the address)"],
    ["https://www.legislation.gov.uk/search?title=online+safety", "is a search page, not a provision"],
    ["https://example.gov/en/recherche.aspx", "is a search page, not a provision"],
    ["https://example.gov/laws?q=child", "is a search page (a search query in the address)"],
    ["https://example.gov/laws?Query=child", "is a search page (a search query in the address)"],
    // A portal's root stays its home page whatever the query; `?q=` is a search even when it carries a page path.
    ["https://vanban.chinhphu.vn/?pageid=27160&docid=183073", "is a portal's home page, not a provision"],
    ["https://www.mj.gov.tl/jornal/?q=node/1270", "is a search page (a search query in the address)"],
    ["https://www.njleg.state.nj.us/bill-search/2026/S2625", "is a search page, not a provision"],
    ["not a url", "is not a URL"],
  ])("%s %s", (url, problem) => {
    expect(citationAddressProblem(url)).toBe(problem);
  });

  it.each([
    "https://www.legislation.gov.uk/ukpga/1988/33/section/160",
    "https://www.gesetze-im-internet.de/stgb/__184b.html",
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12-a&chapter=18&clang=_en",
    "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=201",
    // A chapter's index page deeper in a code is a document; so is a landing path with a document id.
    "https://delcode.delaware.gov/title11/c005/sc02/index.html",
    "https://example.gov/laws/default.aspx?pageid=27160&docid=183073",
    // A search-path page that names one document is that document's page.
    "https://www.boe.es/buscar/act.php?id=BOE-A-1995-25444",
    // A first path segment that reads like a landing page, deeper in a document's address.
    "https://example.gov/home/acts/1998/22",
    // `s` is a session here, not a search.
    "https://legis.la.gov/legis/BillInfo.aspx?s=23RS&b=SB175",
  ])("accepts %s", (url) => {
    expect(citationAddressProblem(url)).toBeNull();
  });
});
