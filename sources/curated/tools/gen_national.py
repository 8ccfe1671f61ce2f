# Generates data/baseline/national-law.csv (States and the EU) and data/baseline/us-states.csv.
# Only statutes the curators could cite with instrument, provision and official URL are listed; everything else stays
# unknown. Confidence "high" = long-standing, well-known provision; "medium" = recent change, commencement or scope
# nuance that a reviewer should confirm.
import csv, sys, os
BY = "Harmonia founding team (curated baseline)"
ON = "2026-11-22"
COLS = ["jurisdiction_code","indicator_id","value","rationale","instrument_title","provision","citation_url","quote","as_of","confidence","curated_by","curated_on"]
nat, us = [], []
def row(target, j, ind, val, why, title, prov, url, asof, conf, quote=""):
    target.append([j, ind, val, why, title, prov, url, quote, asof, conf, BY, ON])
def n(*a, **k): row(nat, *a, **k)
def s(*a, **k): row(us, *a, **k)

LGU = "https://www.legislation.gov.uk/"
# ------------------------------------------------------------------ United Kingdom (England and Wales law cited)
n("GB","csam.specific-law","met","Specific offences of taking, making, distributing and publishing indecent photographs or pseudo-photographs of children (England and Wales).","Protection of Children Act 1978","s.1",LGU+"ukpga/1978/37/section/1","2026-11-22","high")
n("GB","csam.simple-possession","met","Possession of an indecent photograph or pseudo-photograph of a child is an offence (England and Wales).","Criminal Justice Act 1988","s.160",LGU+"ukpga/1988/33/section/160","2026-11-22","high")
n("GB","aicsam.morphed-real-child","met","'Pseudo-photograph' (an image made by computer graphics or otherwise which appears to be a photograph) is covered, including altered images of real children.","Protection of Children Act 1978","s.7(7)–(9)",LGU+"ukpga/1978/37/section/7","2026-11-22","high")
n("GB","aicsam.realistic-synthetic","met","Photo-realistic computer-generated images are 'pseudo-photographs' (s.7(7)); non-photographic images are covered by CJA 2009 s.62.","Protection of Children Act 1978","s.7(7)",LGU+"ukpga/1978/37/section/7","2026-11-22","high")
n("GB","aicsam.non-photographic","met","Possession of a prohibited (non-photographic) image of a child, e.g. CGI, cartoons, drawings; in force 6 Apr 2010 (England and Wales).","Coroners and Justice Act 2009","s.62",LGU+"ukpga/2009/25/section/62","2026-11-22","high")
n("GB","aicsam.tool-offence","pending","New offence of making, adapting, possessing, supplying or offering a 'CSA image generator' (new SOA 2003 s.46A) in the Crime and Policing Bill; passed the House of Commons 17 Jun 2025, Lords stages followed. Enactment not verified by the curators.","Crime and Policing Bill (HC Bill, 2024–25)","clause inserting Sexual Offences Act 2003 s.46A","https://bills.parliament.uk/bills/3938","2025-06-17","medium")
n("GB","csam.isp-reporting","met","Regulated user-to-user and search services must report detected and unreported UK-linked CSEA content to the National Crime Agency; in force 3 Nov 2025 (SI 2025/368 regulations).","Online Safety Act 2023","s.66",LGU+"ukpga/2023/50/section/66","2025-11-03","high")
n("GB","platform.risk-assessment","met","All regulated user-to-user services must carry out an illegal content risk assessment (incl. CSEA and trafficking priority offences) and take proportionate mitigation measures.","Online Safety Act 2023","ss.9–10",LGU+"ukpga/2023/50/section/9","2026-11-22","high")
n("GB","tfe.grooming","met","Sexual communication with a child (online or offline) is an offence without any meeting being required.","Sexual Offences Act 2003","s.15A",LGU+"ukpga/2003/42/section/15A","2026-11-22","high")
n("GB","tfe.intimate-deepfakes","met","Creating, or requesting the creation of, a purported intimate image of an adult without consent is an offence (new SOA 2003 s.66E); in force 6 Feb 2026. Sharing such images was already an offence under s.66B.","Data (Use and Access) Act 2025","s.138 (inserting Sexual Offences Act 2003 s.66E)",LGU+"ukpga/2025/18/section/138","2026-02-06","medium")
n("GB","tfe.thb-offence","met","Human trafficking offence covering arranging or facilitating travel with a view to exploitation (England and Wales).","Modern Slavery Act 2015","s.2",LGU+"ukpga/2015/30/section/2","2026-11-22","high")
n("GB","capacity.le-data-protection","met","Law-enforcement processing is governed by Part 3 of the DPA 2018, supervised by the Information Commissioner.","Data Protection Act 2018","Part 3 (ss.29–81)",LGU+"ukpga/2018/12/part/3","2026-11-22","high")

USC = "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title{t}-section{s}&num=0&edition=prelim"
def usc(t, s_): return USC.format(t=t, s=s_)
# ------------------------------------------------------------------ United States (federal)
n("US","csam.specific-law","met","Federal offences specific to the sexual exploitation of children and child pornography.","18 U.S.C. ch. 110","§§2251–2252A",usc(18,"2252A"),"2026-11-22","high")
n("US","csam.definition","met","'Child pornography' is defined, including computer-generated images indistinguishable from a minor.","18 U.S.C. §2256","§2256(8)",usc(18,"2256"),"2026-11-22","high")
n("US","csam.age-18","met","'Minor' means any person under 18 years.","18 U.S.C. §2256","§2256(1)",usc(18,"2256"),"2026-11-22","high")
n("US","csam.simple-possession","met","Knowing possession of, or access with intent to view, child pornography is an offence.","18 U.S.C. §2252A","§2252A(a)(5)(B)",usc(18,"2252A"),"2026-11-22","high")
n("US","csam.knowing-access","met","'Knowingly accesses with intent to view' is an offence.","18 U.S.C. §2252A","§2252A(a)(5)(B)",usc(18,"2252A"),"2026-11-22","high")
n("US","aicsam.realistic-synthetic","met","Digital or computer-generated images that are 'indistinguishable' (virtually indistinguishable to an ordinary viewer) from a minor in sexually explicit conduct are child pornography.","18 U.S.C. §2256","§2256(8)(B), §2256(11)",usc(18,"2256"),"2026-11-22","high")
n("US","aicsam.morphed-real-child","met","Images created, adapted or modified to appear that an identifiable minor is engaging in sexually explicit conduct are covered.","18 U.S.C. §2256","§2256(8)(C)",usc(18,"2256"),"2026-11-22","high")
n("US","aicsam.non-photographic","partial","Drawings, cartoons, sculptures and paintings are prohibited only when obscene (or lacking serious value under §1466A(a)(2)); §2256(11) excludes them from 'indistinguishable'.","18 U.S.C. §1466A","§1466A(a)–(b)",usc(18,"1466A"),"2026-11-22","high")
n("US","aicsam.explicit-ai","partial","Federal law covers 'computer-generated' images but does not name artificial intelligence.","18 U.S.C. §2256","§2256(8)(B)",usc(18,"2256"),"2026-11-22","high")
n("US","csam.isp-reporting","met","Electronic communication service and remote computing service providers must report apparent violations to the NCMEC CyberTipline.","18 U.S.C. §2258A","§2258A(a)",usc(18,"2258A"),"2026-11-22","high")
n("US","platform.reporting-scope-trafficking","met","The REPORT Act (Pub. L. 118-59, 7 May 2024) extended the §2258A duty to child sex trafficking (§1591) and coercion and enticement (§2422(b)).","REPORT Act, Pub. L. 118-59","s.2 (amending 18 U.S.C. §2258A)","https://www.govinfo.gov/link/plaw/118/public/59?link-type=html","2024-05-07","high")
n("US","platform.preservation","met","Providers must preserve reported contents for 1 year (raised from 90 days by the REPORT Act).","18 U.S.C. §2258A","§2258A(h)",usc(18,"2258A"),"2024-05-07","high")
n("US","platform.safe-harbour","met","Limited liability for providers reporting and preserving under §2258A; the REPORT Act extended it to NCMEC-contracted vendors.","18 U.S.C. §2258B","§2258B",usc(18,"2258B"),"2024-05-07","medium")
n("US","platform.hotline-mandate","met","NCMEC operates the CyberTipline under statutory mandate.","34 U.S.C. §11293","§11293(b)",usc(34,"11293"),"2026-11-22","medium")
n("US","platform.notice-takedown-deadline","met","Covered platforms must remove non-consensual intimate visual depictions (including digital forgeries) within 48 hours of a valid request; the platform duty applies from 19 May 2026 (FTC enforcement).","TAKE IT DOWN Act, Pub. L. 119-12","s.3","https://www.congress.gov/bill/119th-congress/senate-bill/146","2026-05-19","medium")
n("US","tfe.intimate-deepfakes","met","Knowingly publishing non-consensual intimate visual depictions, including AI 'digital forgeries', is a federal crime, with higher penalties where a minor is depicted (signed 19 May 2025).","TAKE IT DOWN Act, Pub. L. 119-12","s.2 (47 U.S.C. §223(h))","https://www.congress.gov/bill/119th-congress/senate-bill/146","2025-05-19","high")
n("US","tfe.grooming","met","Using interstate commerce facilities (incl. the internet) to persuade, induce, entice or coerce a minor to engage in sexual activity is an offence; attempt suffices.","18 U.S.C. §2422","§2422(b)",usc(18,"2422"),"2026-11-22","high")
n("US","tfe.thb-offence","met","Sex trafficking of children or by force, fraud or coercion.","18 U.S.C. §1591","§1591(a)",usc(18,"1591"),"2026-11-22","high")
n("US","tfe.platform-liability-thb","met","Owning, managing or operating an interactive computer service with intent to promote or facilitate prostitution (FOSTA, 2018), aggravated where it contributes to sex trafficking.","18 U.S.C. §2421A","§2421A(a)–(b)",usc(18,"2421A"),"2026-11-22","medium")
n("US","tfe.limitation-period","met","No limitation period for felonies under ch. 110 (sexual exploitation of children) and other listed child sex offences.","18 U.S.C. §3299","§3299",usc(18,"3299"),"2026-11-22","high")

JL = "https://laws-lois.justice.gc.ca/eng/acts/"
# ------------------------------------------------------------------ Canada
n("CA","csam.specific-law","met","Specific child pornography offences (making, distribution, possession, accessing).","Criminal Code (R.S.C. 1985, c. C-46)","s.163.1",JL+"c-46/section-163.1.html","2026-11-22","high")
n("CA","csam.definition","met","'Child pornography' is defined (visual representations, written material, audio recordings).","Criminal Code (R.S.C. 1985, c. C-46)","s.163.1(1)",JL+"c-46/section-163.1.html","2026-11-22","high")
n("CA","csam.any-representation","met","Visual representation 'whether or not it was made by electronic or mechanical means', written material and audio recordings.","Criminal Code (R.S.C. 1985, c. C-46)","s.163.1(1)(a)–(d)",JL+"c-46/section-163.1.html","2026-11-22","high")
n("CA","csam.written-audio","met","Written material and audio recordings that depict or advocate sexual activity with persons under 18 are child pornography.","Criminal Code (R.S.C. 1985, c. C-46)","s.163.1(1)(b)–(d)",JL+"c-46/section-163.1.html","2026-11-22","high")
n("CA","csam.simple-possession","met","Possession of child pornography is an offence.","Criminal Code (R.S.C. 1985, c. C-46)","s.163.1(4)",JL+"c-46/section-163.1.html","2026-11-22","high")
n("CA","csam.knowing-access","met","Accessing child pornography is an offence.","Criminal Code (R.S.C. 1985, c. C-46)","s.163.1(4.1)",JL+"c-46/section-163.1.html","2026-11-22","high")
n("CA","aicsam.non-photographic","met","Any visual representation of a person who is or is depicted as under 18, however made (drawings and CGI included; R. v. Sharpe exceptions for private self-created material).","Criminal Code (R.S.C. 1985, c. C-46)","s.163.1(1)(a)",JL+"c-46/section-163.1.html","2026-11-22","medium")
n("CA","aicsam.realistic-synthetic","met","The definition covers persons 'depicted as being under the age of eighteen', so synthetic depictions of non-existent children are included.","Criminal Code (R.S.C. 1985, c. C-46)","s.163.1(1)(a)(i)",JL+"c-46/section-163.1.html","2026-11-22","medium")
n("CA","csam.isp-reporting","met","Internet service providers must report URLs of child sexual abuse material to the designated organisation and notify police where they believe an offence is committed, and preserve data.","Act respecting the mandatory reporting of Internet child sexual abuse and exploitation material by persons who provide an Internet service (S.C. 2011, c. 4)","ss.2–4",JL+"i-20.7/page-1.html","2026-11-22","high")
n("CA","csam.modern-terminology","partial","The reporting Act was renamed to use 'child sexual abuse and exploitation material' (2024, c. 23, s. 12), while the Criminal Code offence still uses 'child pornography'.","Act respecting the mandatory reporting of Internet child sexual abuse and exploitation material by persons who provide an Internet service (S.C. 2011, c. 4)","long title, as amended by S.C. 2024, c. 23, s. 12",JL+"i-20.7/page-1.html","2026-11-22","medium")
n("CA","platform.preservation","partial","Providers must preserve computer data related to a notification for 21 days.","S.C. 2011, c. 4","s.4",JL+"i-20.7/page-1.html","2026-11-22","high")
n("CA","tfe.grooming","met","Luring a child by means of telecommunication is an offence.","Criminal Code (R.S.C. 1985, c. C-46)","s.172.1",JL+"c-46/section-172.1.html","2026-11-22","high")
n("CA","tfe.thb-offence","met","Trafficking in persons.","Criminal Code (R.S.C. 1985, c. C-46)","s.279.01",JL+"c-46/section-279.01.html","2026-11-22","high")

AUCC = "https://www.legislation.gov.au/C2004A04868/latest/text"
AUOSA = "https://www.legislation.gov.au/C2021A00076/latest/text"
# ------------------------------------------------------------------ Australia (Commonwealth)
n("AU","csam.specific-law","met","Commonwealth 'child abuse material' offences (carriage service and postal).","Criminal Code Act 1995 (Cth), Schedule (Criminal Code)","Div. 474 Subdiv. D (ss.474.22–474.24)",AUCC,"2026-11-22","high")
n("AU","csam.definition","met","'Child abuse material' is defined.","Criminal Code Act 1995 (Cth), Schedule (Criminal Code)","s.473.1",AUCC,"2026-11-22","high")
n("AU","csam.modern-terminology","met","The Commonwealth Criminal Code uses 'child abuse material' since 2019 amendments.","Criminal Code Act 1995 (Cth), Schedule (Criminal Code)","s.473.1",AUCC,"2026-11-22","medium")
n("AU","csam.any-representation","met","Material that 'depicts', 'represents' or 'describes' a person under 18 (or who appears to be) — medium-neutral, incl. text.","Criminal Code Act 1995 (Cth), Schedule (Criminal Code)","s.473.1 (definition of child abuse material)",AUCC,"2026-11-22","medium")
n("AU","csam.tech-facilitated","met","Using a carriage service for child abuse material is an offence.","Criminal Code Act 1995 (Cth), Schedule (Criminal Code)","s.474.22",AUCC,"2026-11-22","high")
n("AU","csam.isp-reporting","met","Internet service providers and content hosts must refer child abuse material to the AFP within a reasonable time.","Criminal Code Act 1995 (Cth), Schedule (Criminal Code)","s.474.25",AUCC,"2026-11-22","high")
n("AU","tfe.grooming","met","Using a carriage service to 'groom' a person under 16 for sexual activity.","Criminal Code Act 1995 (Cth), Schedule (Criminal Code)","s.474.27",AUCC,"2026-11-22","high")
n("AU","platform.industry-codes","met","Registered industry codes (Phase 1, in effect 16 Dec 2023) and industry standards (Designated Internet Services and Relevant Electronic Services, 2024) with civil penalties.","Online Safety Act 2021 (Cth)","Part 9, Div. 7 (ss.132–150)",AUOSA,"2026-11-22","medium")
n("AU","platform.regulator-transparency","met","The eSafety Commissioner can require reports on compliance with the Basic Online Safety Expectations.","Online Safety Act 2021 (Cth)","Part 4 (ss.45–64)",AUOSA,"2026-11-22","high")
n("AU","platform.genai-service-controls","met","The Designated Internet Services industry standard (registered 2024) imposes controls on generative-AI and 'nudify' services against synthetic child sexual exploitation material.","Online Safety Act 2021 (Cth)","s.145 (industry standards); Online Safety (Designated Internet Services — Class 1A and Class 1B Material) Industry Standard 2024",AUOSA,"2026-11-22","medium")

EUR = "https://eur-lex.europa.eu/eli/"
# ------------------------------------------------------------------ European Union
n("EU","csam.specific-law","met","Minimum rules on child pornography offences binding on Member States.","Directive 2011/93/EU (child sexual abuse and exploitation)","art. 5",EUR+"dir/2011/93/oj","2026-11-22","high")
n("EU","csam.definition","met","'Child pornography' defined, incl. realistic images of a child.","Directive 2011/93/EU","art. 2(c)",EUR+"dir/2011/93/oj","2026-11-22","high")
n("EU","csam.age-18","met","'Child' means any person below 18.","Directive 2011/93/EU","art. 2(a)",EUR+"dir/2011/93/oj","2026-11-22","high")
n("EU","csam.simple-possession","met","Acquisition or possession of child pornography must be punishable.","Directive 2011/93/EU","art. 5(2)",EUR+"dir/2011/93/oj","2026-11-22","high")
n("EU","csam.knowing-access","met","Knowingly obtaining access by ICT to child pornography must be punishable.","Directive 2011/93/EU","art. 5(3)",EUR+"dir/2011/93/oj","2026-11-22","high")
n("EU","aicsam.realistic-synthetic","partial","'Realistic images' of a child are child pornography (art. 2(c)(iv)), but Member States may exempt their production and possession for private use (art. 5(8)).","Directive 2011/93/EU","art. 2(c)(iv); art. 5(8)",EUR+"dir/2011/93/oj","2026-11-22","medium")
n("EU","aicsam.explicit-ai","pending","The recast Child Sexual Abuse Directive (political agreement) expressly covers AI-generated CSAM and AI systems designed to generate it; not yet formally adopted as known to the curators.","Proposal for a recast Directive on combating the sexual abuse and sexual exploitation of children, COM(2024) 60","recast arts. 2, 5 and new AI-system offence","https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52024PC0060","2025-06-17","medium")
n("EU","aicsam.tool-offence","pending","Design, adaptation, supply of AI systems built to generate CSAM becomes a minimum EU offence under the recast (politically agreed, awaiting adoption).","Proposal for a recast Directive on combating the sexual abuse and sexual exploitation of children, COM(2024) 60","recast (AI-system offence)","https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52024PC0060","2025-06-17","low")
n("EU","tfe.grooming","partial","Solicitation of children by ICT must be punishable only when 'followed by material acts leading to such a meeting'.","Directive 2011/93/EU","art. 6",EUR+"dir/2011/93/oj","2026-11-22","high")
n("EU","tfe.intimate-deepfakes","met","Member States must criminalise producing or manipulating and making accessible material that makes it appear a person engages in sexually explicit activities without consent; transposition deadline 14 Jun 2027.","Directive (EU) 2024/1385 on combating violence against women and domestic violence","art. 5(1)(b)",EUR+"dir/2024/1385/oj","2026-11-22","medium")
n("EU","tfe.thb-offence","met","Minimum definition and penalties for trafficking in human beings.","Directive 2011/36/EU (as amended by Directive (EU) 2024/1712)","art. 2",EUR+"dir/2011/36/oj","2026-11-22","high")
n("EU","platform.notice-takedown-deadline","partial","Hosting providers must put in place notice-and-action mechanisms and act in a timely, diligent manner, but no fixed deadline.","Regulation (EU) 2022/2065 (Digital Services Act)","art. 16",EUR+"reg/2022/2065/oj","2026-11-22","high")
n("EU","platform.notify-life-threat","met","Hosting providers must inform authorities of information giving rise to a suspicion of a criminal offence involving a threat to life or safety (applies to all hosting providers from 17 Feb 2024).","Regulation (EU) 2022/2065 (Digital Services Act)","art. 18",EUR+"reg/2022/2065/oj","2026-11-22","high")
n("EU","platform.risk-assessment","partial","Systemic risk assessment (incl. illegal content) and mitigation apply to very large online platforms and search engines only.","Regulation (EU) 2022/2065 (Digital Services Act)","arts. 34–35",EUR+"reg/2022/2065/oj","2026-11-22","high")
n("EU","platform.regulator-transparency","met","Transparency reporting duties and Commission information and investigation powers over VLOPs/VLOSEs.","Regulation (EU) 2022/2065 (Digital Services Act)","arts. 15, 24, 42, 67",EUR+"reg/2022/2065/oj","2026-11-22","high")
n("EU","platform.ai-labelling","met","Providers must mark synthetic output in a machine-readable format; deployers must disclose deepfakes; applicable from 2 Aug 2026 (any later postponement not verified).","Regulation (EU) 2024/1689 (Artificial Intelligence Act)","art. 50(2), 50(4)",EUR+"reg/2024/1689/oj","2026-08-02","medium")
n("EU","capacity.le-ai-safeguards","met","Real-time remote biometric identification by police is prohibited save narrow exceptions; law-enforcement AI uses are high-risk with human oversight duties.","Regulation (EU) 2024/1689 (Artificial Intelligence Act)","art. 5(1)(h); art. 6(2) and Annex III point 6; art. 14",EUR+"reg/2024/1689/oj","2026-08-02","medium")
n("EU","capacity.le-data-protection","met","Binding data-protection rules for police and criminal-justice processing with independent supervisory authorities.","Directive (EU) 2016/680 (Law Enforcement Directive)","arts. 1, 41",EUR+"dir/2016/680/oj","2026-11-22","high")
n("EU","capacity.e-evidence","partial","European Production and Preservation Orders for electronic evidence; the Regulation applies from 18 Aug 2026.","Regulation (EU) 2023/1543 (e-Evidence)","arts. 4–6, 34",EUR+"reg/2023/1543/oj","2026-08-18","low")

# ------------------------------------------------------------------ Philippines
PH = "https://lawphil.net/statutes/repacts/ra2022/ra_11930_2022.html"
n("PH","csam.specific-law","met","Anti-Online Sexual Abuse or Exploitation of Children (OSAEC) and Anti-CSAEM Act (30 Jul 2022).","Republic Act No. 11930","s.4",PH,"2026-11-22","medium")
n("PH","csam.modern-terminology","met","The Act uses 'child sexual abuse or exploitation material (CSAEM)'.","Republic Act No. 11930","s.3 (definitions)",PH,"2026-11-22","medium")
n("PH","tfe.grooming","met","Grooming of a child, including online, is an offence.","Republic Act No. 11930","s.4",PH,"2026-11-22","medium")
n("PH","tfe.livestreaming","met","Streaming live OSAEC and knowingly subscribing to, paying for or viewing it are offences.","Republic Act No. 11930","s.4",PH,"2026-11-22","medium")
n("PH","platform.takedown-preserve-transmit","met","Internet intermediaries must block/take down CSAEM, preserve evidence and report to law enforcement, with penalties up to licence revocation.","Republic Act No. 11930","ss.9–10, 15",PH,"2026-11-22","medium")
n("PH","tfe.financial-hooks","met","The Act amends the Anti-Money Laundering Act (RA 9160) to cover OSAEC-related transactions.","Republic Act No. 11930","amendment of RA 9160",PH,"2026-11-22","low")

# ------------------------------------------------------------------ United States — states
CAB = "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=202320240AB1831"
s("US-CA","aicsam.explicit-ai","met","AB 1831 (Ch. 926, Stats. 2024; signed 29 Sep 2024; effective 1 Jan 2025) extends the child pornography offences to matter 'digitally altered or generated by the use of artificial intelligence'.","California AB 1831 (2024), Ch. 926, Statutes of 2024","Penal Code §§311, 311.2, 311.11, 311.12 as amended",CAB,"2025-01-01","high")
s("US-CA","aicsam.realistic-synthetic","met","AB 1831 covers AI-generated matter whether or not a real child is depicted (obscene-matter definition extended to AI-generated depictions).","California AB 1831 (2024), Ch. 926, Statutes of 2024","Penal Code §§311, 311.11 as amended",CAB,"2025-01-01","medium")
s("US-CA","csam.simple-possession","met","Knowing possession or control of matter depicting a person under 18 engaging in or simulating sexual conduct.","California Penal Code","§311.11(a)","https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=PEN&sectionNum=311.11","2026-11-22","high")
s("US-AL","aicsam.realistic-synthetic","met","Alabama Child Protection Act of 2024 (HB 168; effective 1 Oct 2024) expands the definition of child sexual abuse material to 'virtually indistinguishable depictions' created, altered or produced by digital, computer-generated or other means.","Alabama HB 168 (2024), Alabama Child Protection Act of 2024","Code of Alabama §13A-12-190 et seq. as amended","https://alison.legislature.state.al.us/","2024-10-01","medium")
s("US-AL","aicsam.explicit-ai","partial","HB 168 covers material 'created, altered, or produced by digital, computer-generated, or other means' without naming AI expressly (as summarised by the Orrick US AI law tracker).","Alabama HB 168 (2024), Alabama Child Protection Act of 2024","Code of Alabama §13A-12-190 as amended","https://alison.legislature.state.al.us/","2024-10-01","low")
state_possession = [
 ("US-TX","Texas Penal Code","§43.26 (possession or promotion of child pornography)","https://statutes.capitol.texas.gov/Docs/PE/htm/PE.43.htm#43.26"),
 ("US-NY","New York Penal Law","§263.16 (possessing a sexual performance by a child)","https://www.nysenate.gov/legislation/laws/PEN/263.16"),
 ("US-FL","Florida Statutes","§827.071(5)","https://www.flsenate.gov/Laws/Statutes/2024/827.071"),
 ("US-IL","Illinois Compiled Statutes","720 ILCS 5/11-20.1(a)(6)","https://www.ilga.gov/legislation/ilcs/fulltext.asp?DocName=072000050K11-20.1"),
 ("US-WA","Revised Code of Washington","RCW 9.68A.070","https://app.leg.wa.gov/RCW/default.aspx?cite=9.68A.070"),
 ("US-PA","Pennsylvania Consolidated Statutes","18 Pa.C.S. §6312(d)","https://www.legis.state.pa.us/cfdocs/legis/LI/consCheck.cfm?txtType=HTM&ttl=18&div=0&chpt=63&sctn=12&subsctn=0"),
 ("US-OH","Ohio Revised Code","§2907.323(A)(3)","https://codes.ohio.gov/ohio-revised-code/section-2907.323"),
 ("US-MI","Michigan Compiled Laws","MCL 750.145c(4)","https://www.legislature.mi.gov/Laws/MCL?objectName=mcl-750-145c"),
 ("US-NC","North Carolina General Statutes","G.S. 14-190.17A","https://www.ncleg.gov/EnactedLegislation/Statutes/HTML/BySection/Chapter_14/GS_14-190.17A.html"),
 ("US-VA","Code of Virginia","§18.2-374.1:1(A)","https://law.lis.virginia.gov/vacode/title18.2/chapter8/section18.2-374.1:1/"),
 ("US-MA","General Laws of Massachusetts","ch. 272 §29C","https://malegislature.gov/Laws/GeneralLaws/PartIV/TitleI/Chapter272/Section29C"),
 ("US-AZ","Arizona Revised Statutes","§13-3553(A)(2)","https://www.azleg.gov/ars/13/03553.htm"),
 ("US-MN","Minnesota Statutes","§617.247 subd. 4","https://www.revisor.mn.gov/statutes/cite/617.247"),
]
for j, title, prov, url in state_possession:
    conf = "high"
    s(j, "csam.simple-possession", "met", "Knowing possession of material depicting a minor in sexual conduct is a state offence.", title, prov, url, "2026-11-22", conf)

here = os.path.dirname(os.path.abspath(__file__))
for name, rows in (("national-law.csv", nat), ("us-states.csv", us)):
    with open(os.path.join(here, "..", "data", "baseline", name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n"); w.writerow(COLS); w.writerows(rows)
    print(name, len(rows))
