//! Whole cells: the layouts of a full address per country (tried in priority order through one
//! regex set), the cheap prefilter in front of them, and [`parse_address`], which says whether a
//! cell is a full postal address and in which layout. Also the parts a match is cut into
//! ([`Role`]), which the surrogates replace one by one.

use super::AddressLocale::{self, *};
use super::blocks::{ForwardSet, compile, expand};
use super::words::*;
use crate::per_thread::Pattern as Regex;
use regex::Captures;
use std::sync::{LazyLock, OnceLock};

/// Whole-cell layouts, in priority order (the first that matches wins). `generic` patterns have
/// no postcode: a capitalised city after a comma or newline stands in for it.
struct CellPattern {
    locale: AddressLocale,
    generic: bool,
    template: &'static str,
    /// Compiled on first use: the set answers most questions alone.
    re: OnceLock<Regex>,
}

impl CellPattern {
    fn re(&self) -> &Regex {
        self.re.get_or_init(|| compile(self.template))
    }
}

const CELL_TEMPLATES: &[(AddressLocale, bool, &str)] = &[
    // Brazil: CEP before the city, as Faker and the Correios print it.
    (
        PtBr,
        false,
        r"^(?P<street>«BRTYPEG»«W»(?:[ \t]+«W»){0,7}?)(?:(?:[ \t]*,[ \t]*|[ \t]+)(?P<num>«BRNUM»))?(?:«BRSEP»(?P<unit>«BRUNITS»))?(?:«BRSEP»(?P<loc>«BAIRRO»))?«BRSEP»(?i:CEP:?[ \t]*)?(?P<pc>«BRCEP»)(?:[ \t]*,[ \t]*|[ \t]+|«BRSEP»)(?P<city>«CITY»)[ \t]*[/\-–][ \t]*(?P<region>«BRUF»)(?:«SEP»(?P<country>(?i:Brasil|Brazil)))?$",
    ),
    // Brazil: city - UF, then the CEP (or none).
    (
        PtBr,
        false,
        r"^(?P<street>«BRTYPEG»«W»(?:[ \t]+«W»){0,7}?)(?:[ \t]*,[ \t]*|[ \t]+)(?P<num>«BRNUM»)(?:«BRSEP»(?P<unit>«BRUNITS»))?(?:«BRSEP»(?P<loc>«BAIRRO»))?«BRSEP»(?P<city>«CITY»)[ \t]*[/\-–][ \t]*(?P<region>«BRUF»)(?:«BRSEP»(?i:CEP:?[ \t]*)?(?P<pc>«BRCEP»))?(?:«SEP»(?P<country>(?i:Brasil|Brazil)))?$",
    ),
    (
        Pt,
        false,
        r"^(?P<street>«PTTYPEG»«W»(?:[ \t]+«W»){0,7}?)(?:[ \t]*,)?[ \t]+(?P<num>«PTNUM»)(?:(?:«HARD»|[ \t]+|[ \t]*-[ \t]*)(?P<unit>«PTUNITS»))?«SEP»(?P<pc>\d{4}-\d{3})[ \t]+(?P<city>«CITY»)(?:«SEP»(?P<country>(?i:Portugal)))?$",
    ),
    (
        Nl,
        false,
        r"^(?P<street>«NLSTREET»)[ \t]+(?P<num>«NLNUM»)(?:(?:«HARD»|[ \t]+)(?P<unit>«NLUNIT»))?«SEP»(?P<pc>«NLPC»)«SEP»(?P<city>«CITY»)(?:«SEP»(?P<country>«NLCOUNTRY»))?$",
    ),
    (
        EnUs,
        false,
        r"^(?:(?P<unit0>«ENUNIT»)«HARD»)?(?P<num>«ENNUM»)[ \t]+(?P<street>«ENSTREET»)(?:«SEP»(?P<unit>«ENUNIT»))?«SEP»(?P<city>«CITY»)(?:[ \t]*,[ \t]*|[ \t]+)(?P<region>«USSTATE»)\.?(?:[ \t]*,[ \t]*|[ \t]+)(?P<pc>\d{5}(?:-\d{4})?)(?:«SEP»(?P<country>«USCOUNTRY»))?$",
    ),
    (
        EnUs,
        false,
        r"^(?P<box>(?i:P\.?[ \t]?O\.?|Post[ \t]+Office)[ \t]*(?i:Box)[ \t]+\d{1,6})«SEP»(?P<city>«CITY»)(?:[ \t]*,[ \t]*|[ \t]+)(?P<region>«USSTATE»)\.?(?:[ \t]*,[ \t]*|[ \t]+)(?P<pc>\d{5}(?:-\d{4})?)(?:«SEP»(?P<country>«USCOUNTRY»))?$",
    ),
    (
        EnUs,
        false,
        r"^(?P<mil>(?i:PSC|CMR|Unit)[ \t]+\d{1,5}(?:[ \t]*,?[ \t]*(?i:Box)[ \t]+\d{1,5})?|(?i:USS|USNS|USNV|USCGC)[ \t]+«W»(?:[ \t]+«W»){0,3})«SEP»(?i:APO|FPO|DPO)[ \t]+(?P<keep>(?i:AA|AE|AP))[ \t]+(?P<pc>\d{5}(?:-\d{4})?)$",
    ),
    (
        EnGb,
        false,
        r"^(?:(?P<unit>«GBUNIT»)«SEP»)?(?:(?P<num>«ENNUM»)(?:[ \t]*,)?[ \t]+)?(?P<street>«ENSTREET»)(?:«HARD»(?P<loc>«CITY»))?«HARD»(?P<city>«CITY»)(?:«HARD»(?P<county>«CITY»))??«SEP»(?P<pc>«GBPC»)(?:«SEP»(?P<country>«GBCOUNTRY»))?$",
    ),
    (
        Fr,
        false,
        r"^(?:(?P<unit0>«FRUNITS»)«HARD»)?(?:(?P<num>«FRNUM»)(?:[ \t]*,)?[ \t]+)?(?P<street>«FRTYPE»\.?[ \t]+«W»(?:[ \t]+«W»){0,6})(?:«HARD»(?P<unit>«FRUNITS»))?«SEP»(?:[Ff][ \t]*-[ \t]*)?(?P<pc>\d{5})[ \t]+(?P<city>«CITY»)(?:[ \t]+(?i:cedex)(?:[ \t]+\d{1,2})?)?(?:«SEP»(?P<country>(?i:France)))?$",
    ),
    (
        It,
        false,
        r"^(?P<street>«ITTYPEG»«W»(?:[ \t]+«W»){0,6}?)(?:[ \t]*,)?[ \t]+(?P<num>«ITNUM»)(?:(?:«HARD»|[ \t]+)(?P<unit>«ITUNITS»))?«SEP»(?:[Ii][ \t]*-[ \t]*)?(?P<pc>\d{5})(?:[ \t]*,[ \t]*|[ \t]*-[ \t]*|[ \t]+)(?P<city>«CITY»)(?:[ \t]*\((?P<region>[A-Za-z]{2})\)|[ \t]+(?P<region2>(?-i:«ITPROV»)))?(?:«SEP»(?P<country>(?i:Italia|Italy)))?$",
    ),
    (
        Es,
        false,
        r"^(?P<street>«ESTYPEG»«W»(?:[ \t]+«W»){0,6}?|(?i:gran[ \t]+v[íi]a))(?:[ \t]*,)?[ \t]+(?P<num>«ESNUM»)(?:(?:«HARD»|[ \t]+)(?P<unit>«ESUNITS»))?«SEP»(?:(?P<pc>\d{5})[ \t]+(?P<city>«CITY»)|(?P<city2>«CITY»)(?:[ \t]*,[ \t]*|[ \t]+)(?P<pc2>\d{5}))(?:[ \t]*\((?P<region>«CITY»)\))?(?:«HARD»(?P<region2>«CITY»))??(?:«SEP»(?P<country>«ESCOUNTRY»))?$",
    ),
    (
        De,
        false,
        r"^(?P<street>«DESTREET»)(?:[ \t]*,)?(?:[ \t]+(?P<num>«DENUM»))?(?:(?:«HARD»|[ \t]+)(?P<unit>«DEUNIT»))?«SEP»(?:[Dd][ \t]*-[ \t]*)?(?P<pc>\d{5})[ \t]+(?P<city>«CITY»)(?:«SEP»(?P<country>«DECOUNTRY»))?$",
    ),
    // No postcode: street + house number + a capitalised city after a comma or newline.
    (
        Nl,
        true,
        r"^(?P<street>«NLSTREETS»)[ \t]+(?P<num>«NLNUM»)(?:(?:«HARD»|[ \t]+)(?P<unit>«NLUNIT»))?«HARD»(?P<city>«UCITY»)(?:«HARD»(?P<country>«NLCOUNTRY»))?$",
    ),
    (
        EnUs,
        true,
        r"^(?:(?P<unit0>«ENUNIT»)«HARD»)?(?P<num>«ENNUM»)[ \t]+(?P<street>«ENSTREETS»)(?:«SEP»(?P<unit>«ENUNIT»))?«HARD»(?P<city>«UCITY»)(?:«HARD»(?P<country>«USCOUNTRY»|«GBCOUNTRY»))?$",
    ),
    (
        Fr,
        true,
        r"^(?P<num>«FRNUM»)(?:[ \t]*,)?[ \t]+(?P<street>«FRTYPE»\.?[ \t]+«W»(?:[ \t]+«W»){0,6}?)(?:«HARD»(?P<unit>«FRUNITS»))?«HARD»(?P<city>«UCITY»)(?:«HARD»(?P<country>(?i:France)))?$",
    ),
    (
        It,
        true,
        r"^(?P<street>«ITTYPEG»«W»(?:[ \t]+«W»){0,6}?)(?:[ \t]*,)?[ \t]+(?P<num>«ITNUM»)(?:(?:«HARD»|[ \t]+)(?P<unit>«ITUNITS»))?«HARD»(?P<city>«UCITY»)(?:[ \t]*\((?P<region>[A-Za-z]{2})\)|[ \t]+(?P<region2>(?-i:«ITPROV»)))?(?:«HARD»(?P<country>(?i:Italia|Italy)))?$",
    ),
    (
        Es,
        true,
        r"^(?P<street>«ESTYPEG»«W»(?:[ \t]+«W»){0,6}?|(?i:gran[ \t]+v[íi]a))(?:[ \t]*,)?[ \t]+(?P<num>«ESNUM»)(?:(?:«HARD»|[ \t]+)(?P<unit>«ESUNITS»))?«HARD»(?P<city>«UCITY»)(?:«HARD»(?P<country>«ESCOUNTRY»))?$",
    ),
    (
        Pt,
        true,
        r"^(?P<street>«PTTYPEG»«W»(?:[ \t]+«W»){0,7}?)(?:[ \t]*,)?[ \t]+(?P<num>«PTNUM»)(?:(?:«HARD»|[ \t]+|[ \t]*-[ \t]*)(?P<unit>«PTUNITS»))?«HARD»(?P<city>«UCITY»)(?:«HARD»(?P<country>(?i:Portugal|Brasil|Brazil)))?$",
    ),
    (
        De,
        true,
        r"^(?P<street>«DESTREETS»)(?:[ \t]*,)?[ \t]+(?P<num>«DENUM»)(?:(?:«HARD»|[ \t]+)(?P<unit>«DEUNIT»))?«HARD»(?P<city>«UCITY»)(?:«HARD»(?P<country>«DECOUNTRY»))?$",
    ),
];

static CELL: LazyLock<(ForwardSet, Vec<CellPattern>)> = LazyLock::new(|| {
    let expanded: Vec<String> = CELL_TEMPLATES.iter().map(|(_, _, t)| expand(t)).collect();
    let set = ForwardSet::new(&expanded, 256 << 20, 64 << 20);
    let pats = CELL_TEMPLATES
        .iter()
        .map(|(locale, generic, t)| CellPattern {
            locale: *locale,
            generic: *generic,
            template: t,
            re: OnceLock::new(),
        })
        .collect();
    (set, pats)
});

/// Compiles the set of whole-cell layouts (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&CELL);
}

/// What a part of a parsed address is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Street,
    /// House number, PO box or military unit: digits and single letters are re-drawn.
    Num,
    Unit,
    City,
    Postcode,
    Region,
    /// A locality or neighbourhood line (UK locality, Brazilian bairro).
    Locality,
    County,
    /// Kept as is (country, military region code).
    Keep,
}

fn role_of(group: &str) -> Role {
    match group.trim_end_matches(|c: char| c.is_ascii_digit()) {
        "street" => Role::Street,
        "num" | "box" | "mil" => Role::Num,
        "unit" => Role::Unit,
        "city" => Role::City,
        "pc" => Role::Postcode,
        "region" => Role::Region,
        "loc" => Role::Locality,
        "county" => Role::County,
        _ => Role::Keep,
    }
}

pub(super) struct Parsed {
    pub(super) locale: AddressLocale,
    /// (role, start, end) into the original string, sorted, non-overlapping.
    pub(super) parts: Vec<(Role, usize, usize)>,
}

/// Cheap checks before any regex: a digit and a letter, at least three tokens, and either a run
/// of four digits (a postcode), a comma/newline/semicolon, or a UK-style inward code at the end.
fn prefilter(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || b.len() > 400 {
        return false;
    }
    let (mut digit, mut alpha, mut hard) = (false, false, false);
    let (mut tokens, mut in_tok, mut run, mut max_run) = (0u32, false, 0u32, 0u32);
    for &ch in b {
        if ch.is_ascii_digit() {
            digit = true;
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
            if ch.is_ascii_alphabetic() || ch >= 0x80 {
                alpha = true;
            }
        }
        let sep = matches!(ch, b' ' | b'\t' | b'\n' | b'\r' | b',' | b';');
        if matches!(ch, b',' | b'\n' | b';') {
            hard = true;
        }
        if sep {
            in_tok = false;
        } else if !in_tok {
            in_tok = true;
            tokens += 1;
        }
    }
    if !(digit && alpha && tokens >= 3) {
        return false;
    }
    if max_run >= 4 || hard {
        return true;
    }
    // UK inward code at the end: digit + two letters.
    let t = s.trim_end().as_bytes();
    t.len() >= 3
        && t[t.len() - 3].is_ascii_digit()
        && t[t.len() - 2].is_ascii_alphabetic()
        && t[t.len() - 1].is_ascii_alphabetic()
}

pub(super) fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Which locale's table knows this city, if any.
fn city_locale(city: &str) -> Option<AddressLocale> {
    let c = norm(city);
    let tables: [(AddressLocale, &[City]); 9] = [
        (EnGb, &GB_CITIES),
        (EnUs, &US_CITIES),
        (De, &DE_CITIES),
        (Fr, &FR_CITIES),
        (Es, &ES_CITIES),
        (It, &IT_CITIES),
        (Nl, &NL_CITIES),
        (Pt, &PT_CITIES),
        (PtBr, &BR_CITIES),
    ];
    tables
        .iter()
        .find(|(_, t)| t.iter().any(|x| norm(x.name) == c))
        .map(|(l, _)| *l)
}

fn country_locale(country: &str) -> Option<AddressLocale> {
    let c = norm(country);
    Some(match c.as_str() {
        "usa"
        | "u.s.a."
        | "u.s.a"
        | "u.s."
        | "us"
        | "united states"
        | "united states of america" => EnUs,
        "uk" | "u.k." | "united kingdom" | "great britain" | "gb" | "england" | "scotland"
        | "wales" | "northern ireland" => EnGb,
        "portugal" => Pt,
        "brasil" | "brazil" => PtBr,
        _ => return None,
    })
}

pub(super) fn parts_of(re: &Regex, caps: &Captures, offset: usize) -> Vec<(Role, usize, usize)> {
    let mut parts: Vec<(Role, usize, usize)> = re
        .capture_names()
        .flatten()
        .filter_map(|n| {
            caps.name(n)
                .map(|m| (role_of(n), m.start() + offset, m.end() + offset))
        })
        .filter(|(_, s, e)| e > s)
        .collect();
    parts.sort_by_key(|p| p.1);
    parts
}

/// An all-lowercase value with each word capitalised, byte for byte the same length (so match
/// offsets still fit the original); `None` when the value has capitals already.
fn title_cased(s: &str) -> Option<String> {
    if s.chars().any(char::is_uppercase) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for ch in s.chars() {
        let mut up = ch.to_uppercase();
        match (start, up.next(), up.next()) {
            (true, Some(u), None) if u.len_utf8() == ch.len_utf8() => out.push(u),
            _ => out.push(ch),
        }
        start = !ch.is_alphanumeric() && !matches!(ch, '\'' | '’');
    }
    Some(out)
}

pub(super) fn parse_parts(value: &str) -> Option<Parsed> {
    let read = read_cell(value)?;
    parts_among(&read)
}

/// A cell as the whole-cell set read it once: the cell trimmed (title-cased if it was all
/// lower-case, same offsets), how far it was trimmed at the front, and the layouts that
/// matched (in the set's order when iterated).
struct CellRead<'a> {
    text: std::borrow::Cow<'a, str>,
    offset: usize,
    matches: regex_automata::PatternSet,
}

/// Reads `value` with the whole-cell set; `None` when the prefilter or every layout turns it
/// down.
fn read_cell(value: &str) -> Option<CellRead<'_>> {
    let trimmed = value.trim();
    if !prefilter(trimmed) {
        return None;
    }
    let offset = value.len() - value.trim_start().len();
    // Title-casing keeps byte offsets, so the parts found in `t` fit `value` too.
    let text = title_cased(trimmed).map_or(std::borrow::Cow::Borrowed(trimmed), Into::into);
    let (set, _) = &*CELL;
    let matches = set.matches(&text);
    (!matches.is_empty()).then_some(CellRead {
        text,
        offset,
        matches,
    })
}

/// The parts of the first layout among those the set matched whose pattern reads the cell
/// (and, in English layouts, whose street passes [`en_street_ok`]).
fn parts_among(read: &CellRead) -> Option<Parsed> {
    let (_, pats) = &*CELL;
    let t = &*read.text;
    for i in read.matches.iter() {
        let p = &pats[i.as_usize()];
        let re = p.re();
        let Some(caps) = re.captures(t) else { continue };
        if matches!(p.locale, EnUs | EnGb)
            && caps
                .name("street")
                .is_some_and(|m| !en_street_ok(m.as_str(), caps.name("num").is_some()))
        {
            continue;
        }
        let mut locale = p.locale;
        if p.generic {
            let by_country = caps
                .name("country")
                .and_then(|m| country_locale(m.as_str()));
            let by_city = caps.name("city").and_then(|m| city_locale(m.as_str()));
            let compatible = |l: AddressLocale| match p.locale {
                EnUs | EnGb => matches!(l, EnUs | EnGb),
                Es | Pt | PtBr => matches!(l, Es | Pt | PtBr),
                other => l == other,
            };
            if let Some(l) = by_country.or(by_city).filter(|l| compatible(*l)) {
                locale = l;
            }
        }
        return Some(Parsed {
            locale,
            parts: parts_of(re, &caps, read.offset),
        });
    }
    None
}

/// The layout of a read cell as [`parse_address`] gives it, `parsed` being the locale of its
/// [`parts_among`] (worked out only when the first layout matched needs it).
fn locale_of(
    read: &CellRead,
    parsed: impl FnOnce() -> Option<AddressLocale>,
) -> Option<AddressLocale> {
    let (_, pats) = &*CELL;
    let first = &pats[read.matches.iter().next()?.as_usize()];
    let en = matches!(first.locale, EnUs | EnGb);
    if !(first.generic || en && has_en_not_name(&read.text)) {
        return Some(first.locale);
    }
    parsed()
}

/// [`parse_parts`] and [`parse_address`] of one cell, the cell read by the set once (a
/// surrogate address needs both).
pub(super) fn parse_both(value: &str) -> (Option<Parsed>, Option<AddressLocale>) {
    let Some(read) = read_cell(value) else {
        return (None, None);
    };
    let parts = parts_among(&read);
    let locale = locale_of(&read, || parts.as_ref().map(|p| p.locale));
    (parts, locale)
}

/// Whether a whole cell (trimmed) is a full postal address; which layout.
///
/// Accepts street + house number (+ unit) + postcode + city (+ region, country) in each
/// layout's order, separated by commas, newlines or spaces. Without a postcode, only a house
/// number and a capitalised city after a comma or newline will do ("Hauptstraße 12, Berlin").
/// A street or a city alone, a label in front ("Bitte an …"), or anything without a street word
/// is no full address. All-lowercase cells are read as if title-cased.
pub fn parse_address(value: &str) -> Option<AddressLocale> {
    let read = read_cell(value)?;
    locale_of(&read, || parts_among(&read).map(|p| p.locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(locale: AddressLocale, examples: &[&str]) {
        for e in examples {
            assert_eq!(parse_address(e), Some(locale), "{e:?}");
        }
    }

    #[test]
    fn en_us() {
        check(
            EnUs,
            &[
                "123 Main St, Springfield, IL 62704",
                "456 Oak Avenue Apt 4B, Brooklyn, NY 11201",
                "1600 Pennsylvania Ave NW, Washington, DC 20500",
                "789 W 34th St., Suite 200, New York, NY 10001, USA",
                "PO Box 1234, Austin, TX 78701",
                "2210 Elm Street Denver CO 80202",
                "77 Massachusetts Avenue, Cambridge, MA 02139-4307",
            ],
        );
    }

    #[test]
    fn en_gb() {
        check(
            EnGb,
            &[
                "10 Downing Street, London SW1A 2AA",
                "Flat 3, 25 Victoria Road, Manchester M14 5RE",
                "221B Baker Street, London, NW1 6XE",
                "14 Kings Road, Chelsea, London, SW3 4UD, United Kingdom",
                "3 Castle Close, York YO1 7HY",
            ],
        );
    }

    #[test]
    fn de() {
        check(
            De,
            &[
                "Hauptstraße 12, 10115 Berlin",
                "Am Markt 3a, 28195 Bremen",
                "Berliner Str. 45, 60311 Frankfurt am Main",
                "Unter den Linden 77, 10117 Berlin, Deutschland",
                "Goethestraße 10, 2. OG, 80336 München",
                "Konrad-Adenauer-Allee 1-3, 53113 Bonn",
            ],
        );
    }

    #[test]
    fn fr() {
        check(
            Fr,
            &[
                "12 rue de la Paix, 75002 Paris",
                "5 bis avenue Foch, 75116 Paris",
                "8, boulevard Haussmann, 75009 PARIS, France",
                "Appartement 12, Bâtiment B, 3 allée des Tilleuls, 69003 Lyon",
                "27 impasse des Lilas 33000 Bordeaux",
                "14 Place Bellecour, 69002 Lyon",
            ],
        );
    }

    #[test]
    fn es() {
        check(
            Es,
            &[
                "Calle Mayor 5, 3º B, 28013 Madrid",
                "C/ Gran Vía 32, 2º izq., 28013 Madrid",
                "Avda. de la Constitución 12, 41004 Sevilla",
                "Carrer de Balmes 150, 08008 Barcelona",
                "Plaza Mayor, 1, 37002 Salamanca",
                "Paseo de la Castellana 259, 28046 Madrid, España",
            ],
        );
    }

    #[test]
    fn it() {
        check(
            It,
            &[
                "Via Roma 10, 00184 Roma RM",
                "Piazza del Duomo, 1, 20122 Milano (MI)",
                "Corso Vittorio Emanuele II 24, 10123 Torino TO",
                "Via dei Mille 12/B, 80121 Napoli",
                "Viale Europa 5, Scala A, Int. 3, 00144 Roma",
            ],
        );
    }

    #[test]
    fn nl() {
        check(
            Nl,
            &[
                "Kalverstraat 12, 1012 NX Amsterdam",
                "Laan van Meerdervoort 1, 2517 AA Den Haag",
                "Prinsengracht 263-267, 1016 GV Amsterdam",
                "Coolsingel 40, 3011AD Rotterdam, Nederland",
                "Stationsweg 5a, 2312 AV Leiden",
            ],
        );
    }

    #[test]
    fn pt() {
        check(
            Pt,
            &[
                "Rua Augusta 120, 1100-053 Lisboa",
                "Av. da Liberdade, 110, 1269-046 Lisboa",
                "Rua de Santa Catarina 112, 3º Esq., 4000-442 Porto",
                "Praça do Comércio, S/N, 1100-148 Lisboa",
                "Travessa do Carmo 5, 1200-095 Lisboa, Portugal",
            ],
        );
    }

    #[test]
    fn pt_br() {
        check(
            PtBr,
            &[
                "Rua X, 123 - Bairro, São Paulo - SP, 01310-100",
                "Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200",
                "Rua Oscar Freire, 379, apto 12 - Jardins, São Paulo/SP, CEP 01426-001",
                "Avenida Atlântica, 1702 - Copacabana, Rio de Janeiro - RJ, 22021-001",
                "Rua da Bahia, 1148, Centro, 30160-011 Belo Horizonte / MG",
            ],
        );
    }

    #[test]
    fn multi_line() {
        for (e, l) in [
            ("123 Main St\nApt 4B\nSpringfield, IL 62704", EnUs),
            ("Flat 3\n25 Victoria Road\nManchester\nM14 5RE", EnGb),
            ("Hauptstraße 12\n10115 Berlin\nDeutschland", De),
            ("Bâtiment B\n3 allée des Tilleuls\n69003 Lyon", Fr),
            ("Calle Mayor 5, 3º B\n28013 Madrid", Es),
            ("Calle Mayor 5\n3º B\n28013 Madrid", Es),
            ("Via Roma 10\n00184 Roma RM", It),
            ("Kalverstraat 12\n1012 NX  AMSTERDAM", Nl),
            ("Rua Augusta 120\n1100-053 Lisboa", Pt),
            ("Rua X, 123 - Bairro\nSão Paulo - SP\n01310-100", PtBr),
        ] {
            assert_eq!(parse_address(e), Some(l), "{e:?}");
        }
    }

    #[test]
    fn without_postcode() {
        assert_eq!(parse_address("Hauptstraße 12, Berlin"), Some(De));
        assert_eq!(parse_address("42 Baker Street, London"), Some(EnGb));
        assert_eq!(parse_address("12 rue de la Paix, Paris"), Some(Fr));
        assert_eq!(parse_address("Via Roma 10, Milano"), Some(It));
    }

    #[test]
    fn lowercase_variants() {
        assert_eq!(parse_address("12 rue de la paix, 75002 paris"), Some(Fr));
        assert_eq!(parse_address("hauptstr. 5, 10115 berlin"), Some(De));
        assert_eq!(
            parse_address("123 main st, springfield, il 62704"),
            Some(EnUs)
        );
        assert_eq!(parse_address("calle mayor 5, 28013 madrid"), Some(Es));
    }

    #[test]
    fn the_layout_set_answers_as_a_regex_set_does() {
        // What `regex::RegexSet` says of the same patterns, on addresses of every layout, on
        // text that is none, and on non-ASCII letters, where the lazy DFA hands over.
        let expanded: Vec<String> = CELL_TEMPLATES.iter().map(|(_, _, t)| expand(t)).collect();
        let reference = regex::RegexSetBuilder::new(&expanded)
            .size_limit(256 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .unwrap();
        let texts = [
            "1600 Pennsylvania Avenue NW, Washington, DC 20500",
            "10 Downing Street, London SW1A 2AA",
            "Hauptstraße 12, 10115 Berlin",
            "Königsallee 27a\n40212 Düsseldorf\nDeutschland",
            "12 rue de la Paix, 75002 Paris",
            "Calle de Alcalá 48, 28014 Madrid, España",
            "Via Roma 10, 00184 Roma (RM)",
            "Kalverstraat 12, 1012 NX Amsterdam",
            "Rua São João 10, 1200-195 Lisboa",
            "Avenida Paulista 1578, Bela Vista, São Paulo - SP, 01310-200",
            "Müller & Söhne GmbH",
            "Order 12 shipped to Berlin on 12.03.",
            "Ölmühlenweg 3, 12345 Überlingen",
            "",
        ];
        let mut matched = 0;
        for text in texts {
            let ours: Vec<usize> = CELL.0.matches(text).iter().map(|p| p.as_usize()).collect();
            let theirs: Vec<usize> = reference.matches(text).iter().collect();
            assert_eq!(ours, theirs, "{text:?}");
            matched += usize::from(!ours.is_empty());
        }
        assert!(matched >= 10, "only {matched} texts matched a layout");
    }

    #[test]
    fn not_addresses() {
        for v in [
            "Berlin",
            "12.50 EUR",
            "Order 4711, Hamburg",
            "2024-03-12 10:15:00",
            "2024-03-12T10:15:00Z",
            "SKU-4711-XL",
            "iPhone 15 Pro Max 256 GB",
            "Samsung Galaxy S21 Ultra, 128 GB",
            "Müller & Söhne GmbH",
            "ACME Corp., Suite 5",
            "Hauptstraße 12",
            "42 Baker Street",
            "12 rue de la Paix",
            "Calle Mayor 5",
            "Order 12 shipped to Berlin on 12.03.",
            "Paid 12 invoices, 3400 EUR total",
            "The meeting is on 12 March 2024, London office",
            "Rechnung 4711, 20095 Hamburg",
            "Room 12, Building 4",
            "3 apples, 4 pears and 10 bananas",
            "Version 2.3.1, build 4471",
            "Tel. +49 30 1234567, Fax 1234568",
            "Berlin, Hamburg, München 2024",
            "Kapitel 12, Abschnitt 3",
            "Invoice INV-2024-0042, due 30 days",
            "We sold 12 units in 2023, mostly in Texas",
            "Bitte an Hauptstraße 12, 10115 Berlin senden.",
            "12 people live on Main Street, Springfield, IL 62704",
            "Graag Kalverstraat 12, 1012 NX Amsterdam bezorgen",
            "Platz 3, 10117 Berlin",
            "Weg 12, 1012 NX Amsterdam",
            "Ring 2, Reihe 12, 10115 Berlin",
            "15 Minutes Drive, Berlin",
            "2 Mile Walk, Central Park, New York, NY 10024",
        ] {
            assert_eq!(parse_address(v), None, "{v:?}");
        }
    }
}
