//! Network (`rules/network.toml`): IP addresses stay in their range class (private, link-local,
//! public) and keep a CIDR suffix or zone id; MAC addresses become locally administered ones in
//! the same notation; URLs keep their scheme, platform host (`data/platforms.txt`) and layout;
//! usernames are drawn from names.

use super::person::{first_names, last_names, locale_for};
use super::{ascii_word, entries, pick, push_ascii_word, shape_preserving};
use rand::{Rng, RngExt};
use std::sync::LazyLock;

/// A CIDR prefix length (`/24`) or an IPv6 zone id (`%eth0`) after an address: kept as it is.
fn ip_suffix(o: &str) -> (&str, &str) {
    match o.find(['/', '%']) {
        Some(i) => o.split_at(i),
        None => (o, ""),
    }
}

pub(super) fn ipv4<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let (o, suffix) = ip_suffix(o);
    ipv4_address(o, rng) + suffix
}

fn ipv4_address<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let oct: Vec<u8> = o.split('.').filter_map(|p| p.parse().ok()).collect();
    let mut r = |lo: u8, hi: u8| rng.random_range(lo..=hi);
    match oct.as_slice() {
        [10, ..] => format!("10.{}.{}.{}", r(0, 255), r(0, 255), r(1, 254)),
        [172, b, ..] if (16..=31).contains(b) => {
            format!("172.{}.{}.{}", r(16, 31), r(0, 255), r(1, 254))
        }
        [192, 168, ..] => format!("192.168.{}.{}", r(0, 255), r(1, 254)),
        _ => loop {
            let a = r(1, 223);
            let b = r(0, 255);
            let private = matches!(a, 10 | 127)
                || (a == 172 && (16..=31).contains(&b))
                || (a == 192 && b == 168)
                || (a == 169 && b == 254)
                || a == 0;
            if !private {
                break format!("{a}.{b}.{}.{}", r(0, 255), r(1, 254));
            }
        },
    }
}

pub(super) fn ipv6<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let (o, suffix) = ip_suffix(o);
    ipv6_address(o, rng) + suffix
}

fn ipv6_address<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let parsed: Option<std::net::Ipv6Addr> = o.parse().ok();
    let first = parsed.map_or(0x2001, |a| a.segments()[0]);
    let mut seg = [0u16; 8];
    for s in seg.iter_mut() {
        *s = rng.random_range(0..=u16::MAX);
    }
    seg[0] = if first & 0xffc0 == 0xfe80 {
        0xfe80
    } else if first & 0xfe00 == 0xfc00 {
        0xfd00 | (seg[0] & 0x00ff)
    } else {
        0x2000 | (seg[0] & 0x1fff)
    };
    if seg[0] == 0xfe80 {
        seg[1] = 0;
        seg[2] = 0;
        seg[3] = 0;
    }
    std::net::Ipv6Addr::from(seg).to_string()
}

pub(super) fn mac<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut b = [0u8; 6];
    for x in b.iter_mut() {
        *x = rng.random_range(0..=255u8);
    }
    b[0] = (b[0] & 0xfc) | 0x02; // locally administered, unicast
    let upper = o.chars().any(|c| c.is_ascii_uppercase());
    let hex: Vec<String> = b
        .iter()
        .map(|x| {
            if upper {
                format!("{x:02X}")
            } else {
                format!("{x:02x}")
            }
        })
        .collect();
    if o.contains('.') && !o.contains(':') && !o.contains('-') {
        format!(
            "{}{}.{}{}.{}{}",
            hex[0], hex[1], hex[2], hex[3], hex[4], hex[5]
        )
    } else {
        hex.join(if o.contains('-') { "-" } else { ":" })
    }
}

/// Sites whose name identifies no one: a profile on them is identified by its path.
static PLATFORMS: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/platforms.txt")));

pub(super) fn url<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let Some((scheme, rest)) = o.split_once("://") else {
        return shape_preserving(o, rng);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(end);
    // A personal first label (`jane-doe.example.com`) is replaced, and so is the registrable
    // name (`www.pagliaro.it` is someone's own site) unless it is a well-known platform whose
    // profile paths carry the person (`linkedin.com/in/…`); `www` and the suffix stay.
    let mut labels: Vec<String> = host.split('.').map(str::to_string).collect();
    let n = labels.len();
    if n > 2 && labels[0] != "www" {
        labels[0] = shape_preserving(&labels[0], rng);
    }
    let second_level = ["co", "com", "org", "net", "ac", "gov", "edu"];
    let name_at = if n >= 3 && second_level.contains(&labels[n - 2].as_str()) {
        n.checked_sub(3)
    } else {
        n.checked_sub(2)
    };
    if let Some(i) = name_at
        && !PLATFORMS.contains(&labels[i].to_ascii_lowercase().as_str())
        && labels[i] != "example"
    {
        labels[i] = shape_preserving(&labels[i], rng);
    }
    let host = labels.join(".");
    let mut path = url_path(o, path, rng);
    if path.is_empty() || path == "/" {
        path = format!("/{}", shape_preserving("aaaaaa", rng));
    }
    format!("{scheme}://{host}{path}")
}

/// Path segments that name a route of a site, not a person (`/in/`, `/users/`): kept.
static ROUTES: LazyLock<Vec<&str>> = LazyLock::new(|| entries(include_str!("data/url_routes.txt")));

/// A URL's path (from its first `/`, query and fragment included) for [`url`]: route segments
/// ([`ROUTES`]) stay; a segment of two or more lower-case words joined by `-`, `_` or `.`
/// (`lorenzo-azevedo-1f551d`, `jane.doe`) is a name slug and gets a name of the original's
/// language in the same joins, with its other parts redrawn in their shape; anything else is
/// redrawn in its shape, as the query and the fragment are.
fn url_path<R: Rng + ?Sized>(o: &str, path: &str, rng: &mut R) -> String {
    let end = path.find(['?', '#']).unwrap_or(path.len());
    let (segments, tail) = path.split_at(end);
    let mut out = String::with_capacity(path.len() + 8);
    for (i, seg) in segments.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if seg.is_empty() || ROUTES.contains(&seg) {
            out.push_str(seg);
        } else if let Some(slug) = name_slug(o, seg, rng) {
            out.push_str(&slug);
        } else {
            out.push_str(&shape_preserving(seg, rng));
        }
    }
    out.push_str(&shape_preserving(tail, rng));
    out
}

/// `seg` as a name slug (see [`url_path`]), or `None` when it does not read as one: its first
/// two parts, split at `-`, `_` or `.`, become a given and a family name (ASCII, lower case),
/// further words more family names, and the other parts (an id) keep their shape.
fn name_slug<R: Rng + ?Sized>(o: &str, seg: &str, rng: &mut R) -> Option<String> {
    let word = |p: &str| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_lowercase());
    let mut parts = seg.split_inclusive(['-', '_', '.']);
    let (a, b) = (parts.next()?, parts.next()?);
    let (a_word, a_sep) = a.split_at(a.len() - 1);
    if !word(a_word) || !matches!(a_sep, "-" | "_" | ".") {
        return None;
    }
    let b_sep_at = b.len() - usize::from(b.ends_with(['-', '_', '.']));
    let (b_word, b_sep) = b.split_at(b_sep_at);
    if !word(b_word) {
        return None;
    }
    let loc = locale_for(o, rng);
    let mut slug = String::with_capacity(seg.len() + 8);
    push_ascii_word(&mut slug, pick(rng, first_names(loc)));
    slug.push_str(a_sep);
    push_ascii_word(&mut slug, pick(rng, last_names(loc)));
    slug.push_str(b_sep);
    // More words (`ana-julia-rodrigues-6e4b4d`) are more family names; an id keeps its shape.
    for rest in parts {
        let at = rest.len() - usize::from(rest.ends_with(['-', '_', '.']));
        let (part, sep) = rest.split_at(at);
        if word(part) {
            push_ascii_word(&mut slug, pick(rng, last_names(loc)));
            slug.push_str(sep);
        } else {
            slug.push_str(&shape_preserving(rest, rng));
        }
    }
    Some(slug)
}

pub(super) fn username<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    let first = ascii_word(pick(rng, first_names(loc)));
    let last = ascii_word(pick(rng, last_names(loc)));
    let n = rng.random_range(1..10_000u32);
    let base = match rng.random_range(0..3u8) {
        0 => format!("{first}.{last}{n}"),
        1 => format!("{first}_{n}"),
        _ => format!("{}{last}{n}", first.chars().next().unwrap_or('u')),
    };
    if o.starts_with('@') {
        format!("@{base}")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::validators as v;
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    #[test]
    fn network_identifiers_validate() {
        for s in many(Kind::Ipv4, "192.168.1.20", 100) {
            assert!(v::ipv4_valid(&s) && s.starts_with("192.168."), "{s}");
        }
        for s in many(Kind::Ipv4, "8.8.4.4", 100) {
            assert!(v::ipv4_valid(&s), "{s}");
        }
        for s in many(Kind::Ipv6, "2001:db8::8a2e:370:7334", 100) {
            assert!(v::ipv6_valid(&s), "{s}");
        }
        for s in many(Kind::MacAddress, "00-1A-2B-3C-4D-5E", 100) {
            assert!(
                v::mac_valid(&s) && s.contains('-') && !s.chars().any(|c| c.is_ascii_lowercase()),
                "{s}"
            );
        }
        for s in many(Kind::Url, "https://www.linkedin.com/in/jane-doe-1234", 100) {
            assert!(
                v::url_valid(&s) && s.starts_with("https://www.linkedin.com/"),
                "{s}"
            );
            assert_ne!(s, "https://www.linkedin.com/in/jane-doe-1234");
        }
    }

    /// A profile link keeps its site's route (`/in/`) and gets a name slug in the original's
    /// joins, not letters in its shape (`/jl/aldubsa-qzpbfci-3k861f`).
    #[test]
    fn profile_links_keep_their_route_and_get_a_name() {
        let slug = regex::Regex::new(r"^[a-z]{2,}-[a-z]{2,}-[0-9a-z]{6}$").unwrap();
        let links = many(
            Kind::Url,
            "https://www.linkedin.com/in/lorenzo-azevedo-1f551d",
            200,
        );
        for s in &links {
            let rest = s
                .strip_prefix("https://www.linkedin.com/in/")
                .unwrap_or_else(|| panic!("{s}"));
            assert!(slug.is_match(rest) && v::url_valid(s), "{s}");
        }
        // The words are given and family names (lower-cased letters of them).
        use crate::transform::fakers::person::Loc;
        let locs = [Loc::En, Loc::De, Loc::Fr, Loc::It, Loc::Pt, Loc::Nl];
        let firsts: std::collections::HashSet<String> = locs
            .iter()
            .flat_map(|&l| first_names(l))
            .map(|n| ascii_word(n))
            .collect();
        let lasts: std::collections::HashSet<String> = locs
            .iter()
            .flat_map(|&l| last_names(l))
            .map(|n| ascii_word(n))
            .collect();
        for s in &links {
            let words: Vec<&str> = s.rsplit('/').next().unwrap().split('-').collect();
            assert!(firsts.contains(words[0]) && lasts.contains(words[1]), "{s}");
        }
        // Names vary: not one pair for every draw.
        let distinct: std::collections::HashSet<&String> = links.iter().collect();
        assert!(distinct.len() > 150, "{}", distinct.len());
        let three =
            regex::Regex::new(r"^https://www.linkedin.com/in/([a-z]{2,}-){3}[0-9a-z]{6}$").unwrap();
        for s in many(
            Kind::Url,
            "https://www.linkedin.com/in/ana-julia-rodrigues-6e4b4d",
            50,
        ) {
            assert!(three.is_match(&s), "{s}");
        }
        for (o, prefix) in [
            ("https://github.com/jane_doe", "https://github.com/"),
            (
                "https://medium.com/@jane.doe/my-trip-2021?ref=x",
                "https://medium.com/",
            ),
            (
                "https://www.xing.com/profile/Jane_Doe2",
                "https://www.xing.com/profile/",
            ),
        ] {
            for s in many(Kind::Url, o, 50) {
                assert!(
                    s.starts_with(prefix) && v::url_valid(&s) && s != o,
                    "{o} -> {s}"
                );
            }
        }
        let github = many(Kind::Url, "https://github.com/jane_doe", 50);
        let user = regex::Regex::new(r"^https://github.com/[a-z]+_[a-z]+$").unwrap();
        assert!(github.iter().all(|s| user.is_match(s)), "{github:?}");
    }

    #[test]
    fn data_file_parses_in_order() {
        assert_eq!(PLATFORMS.len(), 33);
        assert_eq!((PLATFORMS[0], PLATFORMS[32]), ("linkedin", "researchgate"));
        crate::transform::fakers::assert_distinct(&PLATFORMS);
    }
}
