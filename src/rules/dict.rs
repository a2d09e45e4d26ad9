//! Dictionaries of given names, family names and cities (several locales), used by rules with a
//! `dictionary = "…"` test. Entries are folded (lowercase, accents removed) on load, so
//! `MÜLLER`, `Müller` and `muller` all hit `Müller`.

use crate::error::{Error, Result};
use crate::text::fold;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

/// The dictionary tests a rule can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DictName {
    /// The whole value is a given name.
    GivenNames,
    /// The whole value is a family name.
    FamilyNames,
    /// 2–5 tokens; one is a given name and another a family name (particles ignored).
    FullName,
    /// The whole value is a city.
    Cities,
}

impl DictName {
    pub fn as_str(self) -> &'static str {
        match self {
            DictName::GivenNames => "given_names",
            DictName::FamilyNames => "family_names",
            DictName::FullName => "full_name",
            DictName::Cities => "cities",
        }
    }
}

/// Lowercase name particles that do not count as a given or family name on their own.
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la",
    "le", "ter", "ten", "y", "e",
];

#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    given: HashSet<String>,
    family: HashSet<String>,
    cities: HashSet<String>,
}

const GIVEN: &str = include_str!("../../rules/dict/given_names.txt");
const FAMILY: &str = include_str!("../../rules/dict/family_names.txt");
const CITIES: &str = include_str!("../../rules/dict/cities.txt");

/// The wide list of given names (about 17,000, from public name statistics; see
/// `scripts/build_given_names.py`), asked only about a capitalised word alone mid-sentence,
/// where a capital says "proper noun": too many of its names are words elsewhere
/// (`Major`, `Sterling` at a sentence start, a column of colours) for the other rules.
/// Built once for all rule sets.
static GIVEN_WIDE: LazyLock<HashSet<String>> =
    LazyLock::new(|| entries(include_str!("../../rules/dict/given_names_wide.txt")).collect());

fn entries(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
}

impl Dictionaries {
    pub fn builtin() -> Dictionaries {
        Dictionaries {
            given: entries(GIVEN).collect(),
            family: entries(FAMILY).collect(),
            cities: entries(CITIES).collect(),
        }
    }

    /// Adds `given_names.txt`, `family_names.txt` and `cities.txt` from a user folder, where present.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        for (file, set) in [
            ("given_names.txt", &mut self.given),
            ("family_names.txt", &mut self.family),
            ("cities.txt", &mut self.cities),
        ] {
            let p = dir.join(file);
            if p.is_file() {
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    Error::config(format!(
                        "{}: cannot read dictionary: {}",
                        p.display(),
                        crate::io::io_reason(&e)
                    ))
                })?;
                set.extend(entries(&text));
            }
        }
        Ok(())
    }

    pub fn len(&self, d: DictName) -> usize {
        match d {
            DictName::GivenNames | DictName::FullName => self.given.len(),
            DictName::FamilyNames => self.family.len(),
            DictName::Cities => self.cities.len(),
        }
    }

    pub fn is_given(&self, folded: &str) -> bool {
        self.given.contains(folded)
    }

    /// Whether a folded word is a given name of the dictionary or of the wide list (for a
    /// capitalised word alone mid-sentence only: see `GIVEN_WIDE`).
    pub fn is_given_wide(&self, folded: &str) -> bool {
        self.given.contains(folded) || GIVEN_WIDE.contains(folded)
    }

    pub fn is_family(&self, folded: &str) -> bool {
        self.family.contains(folded)
    }

    pub fn is_city(&self, folded: &str) -> bool {
        self.cities.contains(folded)
    }

    /// Whether `value` passes the dictionary test `d`.
    pub fn contains(&self, d: DictName, value: &str) -> bool {
        let f = fold(value.trim());
        match d {
            DictName::GivenNames => self.given.contains(&f) || self.all_parts(&f, &self.given),
            DictName::FamilyNames => self.family.contains(&f) || self.all_parts(&f, &self.family),
            DictName::Cities => self.cities.contains(&f),
            DictName::FullName => self.full_name(&f),
        }
    }

    /// Hyphenated or space-separated compounds whose every part is an entry (`Jean-Luc`,
    /// `García López`).
    fn all_parts(&self, f: &str, set: &HashSet<String>) -> bool {
        let parts: Vec<&str> = f.split(['-', ' ']).filter(|p| !p.is_empty()).collect();
        parts.len() > 1
            && parts
                .iter()
                .all(|p| set.contains(*p) || PARTICLES.contains(p))
            && parts.iter().any(|p| set.contains(*p))
    }

    /// 2–5 tokens (particles aside) where the first is a known given name, the last a known
    /// family name, or some token a given name and another a family name. Names outside the
    /// dictionaries are still found when their other half is known.
    fn full_name(&self, f: &str) -> bool {
        let comma = f.contains(',');
        let f = f.replace(',', " ");
        let all: Vec<&str> = f.split_whitespace().collect();
        let tokens: Vec<&str> = all
            .iter()
            .copied()
            .filter(|t| !PARTICLES.contains(t))
            .collect();
        if !(2..=5).contains(&all.len()) || tokens.len() < 2 {
            return false;
        }
        let hit = |t: &str, set: &HashSet<String>| {
            set.contains(t) || t.split('-').any(|p| set.contains(p))
        };
        // "Last, First" puts the family name first.
        let (first, last) = if comma {
            (tokens[tokens.len() - 1], tokens[0])
        } else {
            (tokens[0], tokens[tokens.len() - 1])
        };
        if hit(first, &self.given) || hit(last, &self.family) {
            return true;
        }
        tokens.iter().enumerate().any(|(i, a)| {
            hit(a, &self.given)
                && tokens
                    .iter()
                    .enumerate()
                    .any(|(j, b)| i != j && hit(b, &self.family))
        })
    }
}
