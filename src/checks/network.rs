//! Internet addresses: e-mail addresses, IPv4 and IPv6 (with CIDR prefixes and zone ids), MAC
//! addresses, http(s) URLs.
//!
//! IP addresses are parsed by `std::net`, whose grammar is exactly the textual forms masq
//! means; the CIDR suffix and the zone id are split off first, since std reads bare addresses
//! only. E-mail addresses and URLs stay our own code: the RFC parsers (`email_address`, `url`)
//! accept far more than a personal address or a profile link (quoted local parts, IP-literal
//! domains, single-label hosts, any scheme), and each of those would widen what a rule matches.

use std::net::{Ipv4Addr, Ipv6Addr};

/// RFC 5321-ish address: one `@`, a sane local part, a dotted domain with an alphabetic TLD.
pub fn email_valid(s: &str) -> bool {
    if s.len() > 254 {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    if !local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    for l in &labels {
        if l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-') {
            return false;
        }
        if !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return false;
        }
    }
    let tld = labels[labels.len() - 1];
    tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
}

/// A dotted quad (four decimal octets 0–255, no leading zeros), optionally with a CIDR prefix
/// length (`10.42.7.0/24`).
pub fn ipv4_valid(s: &str) -> bool {
    let s = match s.split_once('/') {
        Some((a, len)) if prefix_len(len, 32) => a,
        Some(_) => return false,
        None => s,
    };
    // std's parser reads exactly that: four octets of one to three ASCII digits, each at most
    // 255, leading zeros refused (they read as octal elsewhere), nothing before or after.
    s.parse::<Ipv4Addr>().is_ok()
}

/// An IPv6 address (IPv4-mapped too), optionally with a zone id (`%eth0`) or a CIDR prefix
/// length (`/64`).
pub fn ipv6_valid(s: &str) -> bool {
    let s = match s.split_once('/') {
        Some((a, len)) if prefix_len(len, 128) => a,
        Some(_) => return false,
        None => s,
    };
    let s = match s.split_once('%') {
        Some((a, zone))
            if !zone.is_empty()
                && zone.len() <= 16
                && zone.bytes().all(|c| c.is_ascii_alphanumeric()) =>
        {
            a
        }
        Some(_) => return false,
        None => s,
    };
    // `::`, the unspecified address, names no host (and is reStructuredText's and C++'s
    // punctuation): an address has a digit somewhere.
    s.contains(':') && s.bytes().any(|c| c.is_ascii_hexdigit()) && s.parse::<Ipv6Addr>().is_ok()
}

fn prefix_len(s: &str, max: u8) -> bool {
    !s.is_empty() && s.len() <= 3 && s.parse::<u8>().is_ok_and(|n| n <= max)
}

/// `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff` or `aabb.ccdd.eeff`.
pub fn mac_valid(s: &str) -> bool {
    let hex = |p: &str, n: usize| p.len() == n && p.bytes().all(|c| c.is_ascii_hexdigit());
    for sep in [':', '-'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 6 && parts.iter().all(|p| hex(p, 2)) {
            return true;
        }
    }
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| hex(p, 4))
}

/// http(s) URL with a dotted host, optional port, path and query; no spaces.
pub fn url_valid(s: &str) -> bool {
    let rest = if let Some(r) = s.strip_prefix("https://") {
        r
    } else if let Some(r) = s.strip_prefix("http://") {
        r
    } else {
        return false;
    };
    if s.chars().any(char::is_whitespace) {
        return false;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let hostport = &rest[..end];
    let host = match hostport.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|c| c.is_ascii_digit()) => h,
        Some(_) => return false,
        None => hostport,
    };
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(email_valid("jane.doe+news@mail.example.co.uk"));
        assert!(!email_valid("jane..doe@example.com"));
        assert!(!email_valid("jane@localhost"));
        assert!(!email_valid("jane@example.c0m"));
        assert!(!email_valid("@example.com"));
    }

    #[test]
    fn network_addresses() {
        assert!(ipv4_valid("192.168.1.20"));
        assert!(!ipv4_valid("192.168.01.20"));
        assert!(!ipv4_valid("256.1.1.1"));
        assert!(!ipv4_valid("6.9.11.807"));
        assert!(ipv6_valid("2001:db8::8a2e:370:7334"));
        assert!(!ipv6_valid("2001:db8::g"));
        assert!(!ipv6_valid("::"));
        assert!(!ipv6_valid("::/0"));
        assert!(ipv6_valid("::1"));
        assert!(mac_valid("00:1a:2B:3c:4d:5e"));
        assert!(mac_valid("00-1A-2B-3C-4D-5E"));
        assert!(mac_valid("001a.2b3c.4d5e"));
        assert!(!mac_valid("00:1a-2b:3c:4d:5e"));
        assert!(url_valid("https://www.linkedin.com/in/jane-doe-1234"));
        assert!(url_valid("http://example.org:8080/a?b=c"));
        assert!(!url_valid("ftp://example.org"));
        assert!(!url_valid("https://localhost/x"));
    }

    #[test]
    fn ipv4_edges_and_prefixes() {
        assert!(ipv4_valid("0.0.0.0") && ipv4_valid("255.255.255.255"));
        assert!(ipv4_valid("10.42.7.0/24") && ipv4_valid("10.42.7.0/0"));
        assert!(!ipv4_valid("10.42.7.0/33") && !ipv4_valid("10.42.7.0/"));
        assert!(!ipv4_valid("1.2.3") && !ipv4_valid("1.2.3.4.5") && !ipv4_valid("1..2.3"));
        assert!(!ipv4_valid("0001.2.3.4") && !ipv4_valid("+1.2.3.4") && !ipv4_valid(" 1.2.3.4"));
    }
}
