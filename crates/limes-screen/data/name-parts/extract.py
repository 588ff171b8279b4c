#!/usr/bin/env python3
"""Extract per-culture name parts from the shared sanctions lists into name-parts.tsv.

Run from the repository root with the shared data beside it:
    python3 crates/limes-screen/data/name-parts/extract.py ../shared/data/watchlists > crates/limes-screen/data/name-parts/name-parts.tsv
Sources: UK HM Treasury consolidated list 2014-04-02 (individuals: Name 1..5 given/middle, Name 6 family) and the
US OFAC SDN list, legacy CSV of about 2021 (individuals: "FAMILY, Given Middle"). A person's culture comes from
the nationality the list gives, else from the sanctions regime or programme.
"""
import csv, collections, re, sys, unicodedata

CULTURE_BY_NATIONALITY = [
    ("arabic", r"tunisi|iraq|algeri|egypt|saudi|syria|yemen|liby|jordan|kuwait|bahrain|leban|morocc|sudan|palestin|qatar|emirat|mauritan|oman"),
    ("persian_afghan", r"afghan|iran|pakistan|tajik"),
    ("slavic", r"russia|belarus|ukrain|serbia|bosnia|montenegr|croatia|macedonia|bulgaria|moldov"),
    ("korean", r"korea"),
    ("chinese", r"china|chinese|hong kong|taiwan"),
    ("west_african", r"liberia|ivor|c.te d|guinea|\bmali|\bniger|ghana|senegal|burkina|sierra leone|gambia|togo|benin"),
    ("central_east_african", r"congo|rwand|burundi|uganda|central african|south sudan|kenya|tanzania"),
    ("somali", r"somali"),
    ("malay", r"indonesia|malaysia|philippin|filipino"),
    ("latin", r"mexic|colombia|venezuela|nicaragua|cuba|guatemala|el salvador|honduras|panama|peru|ecuador|bolivia|paraguay|argentin|dominican|spain|spanish"),
]
CULTURE_BY_PROGRAMME = [
    ("arabic", r"syria|iraq|tunisia|libya|egypt|sudan|lebanon"),
    ("persian_afghan", r"afghan|iran"),
    ("slavic", r"belarus|ukraine|russia|magnit|yugoslavia|balkans"),
    ("korean", r"korea|dprk"),
    ("chinese", r"hk-eo"),
    ("west_african", r"liberia|ivory|guinea|\bmali"),
    ("central_east_african", r"congo|drc|car$|south sudan|burundi"),
    ("somali", r"somali"),
    ("latin", r"sdntk|venezuela|nicaragua|cuba"),
]


def culture(nationality, programme):
    for table, text in ((CULTURE_BY_NATIONALITY, nationality), (CULTURE_BY_PROGRAMME, programme)):
        for name, pattern in table:
            if text and re.search(pattern, text, re.I):
                return name
    return None


def clean(part):
    part = unicodedata.normalize("NFKD", part or "")
    part = "".join(c for c in part if not unicodedata.combining(c)).upper()
    part = re.sub(r"[^A-Z' -]", " ", part).replace("'", "")
    return " ".join(part.split())


counts = collections.Counter()


def add(c, role, part):
    part = clean(part)
    if c and 2 <= len(part) <= 30 and not re.search(r"\b(UNKNOWN|NFN|LNU|FNU)\b", part):
        counts[(c, role, part)] += 1


def middle_role(c, part):
    p = clean(part)
    if c == "slavic" and re.search(r"(OVICH|EVICH|OVNA|EVNA|ICH|INICHNA)$", p):
        return "patronymic"
    return "middle"


def uk(path):
    rows = csv.reader(open(path, encoding="latin-1"))
    next(rows), next(rows)
    for row in rows:
        if len(row) < 26 or row[23] != "Individual":
            continue
        c = culture(row[10], row[25])
        family, given, middles = row[0], row[1], [x for x in row[2:6] if x.strip()]
        add(c, "family", family)
        add(c, "given", given)
        for m in middles:
            add(c, middle_role(c, m), m)


def ofac(path):
    for row in csv.reader(open(path, encoding="latin-1")):
        if len(row) < 12 or row[2].strip() != "individual" or "," not in row[1]:
            continue
        m = re.findall(r"(?:nationality|citizen) ([A-Za-z ]+?)[;.,]", row[11])
        c = culture(" ".join(m), row[3])
        family, rest = row[1].split(",", 1)
        add(c, "family", family)
        given = rest.split()
        if given:
            add(c, "given", given[0])
            for g in given[1:]:
                add(c, middle_role(c, g), g)


base = sys.argv[1]
uk(f"{base}/uk-hmt-conlist-2014-04-02.csv")
ofac(f"{base}/ofac-sdn-2021.csv")
print("culture\trole\tpart\tcount")
for (c, role, part), n in sorted(counts.items()):
    print(f"{c}\t{role}\t{part}\t{n}")
