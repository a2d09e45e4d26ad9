//! Detection rules as data.
//!
//! Each file in `rules/` is one family (`email.toml`, `finance.toml`, …) of rules; each rule has
//! an id, a kind, an optional pattern (anchored to the whole trimmed cell), an optional checksum
//! or format validator, an optional dictionary test, header hints in seven languages, a
//! confidence (header hints may be given once per family in a top-level `[headers]` table),
//! and examples and negative examples that [`RuleSet::check`] runs (so does
//! `cargo test`, and `masq rules check`). The built-in files are compiled into the binary;
//! `--rules DIR` adds a user's families (and `DIR/dict/*.txt` dictionary entries).
//!
//! This module parses and checks rules; it does not decide what a column is (that is `detect`).

pub mod dict;

use crate::checks::Validator;
use crate::error::{Error, Result};
use crate::kind::Kind;
use crate::per_thread::PerThread;
use crate::text::fold;
pub use dict::{DictName, Dictionaries};
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The built-in rule families, compiled into the binary. A test checks this list against the
/// files in `rules/`, so a new file cannot be forgotten here.
pub const BUILTIN: &[(&str, &str)] = &[
    ("email.toml", include_str!("../../rules/email.toml")),
    ("phone.toml", include_str!("../../rules/phone.toml")),
    ("finance.toml", include_str!("../../rules/finance.toml")),
    (
        "national_id.toml",
        include_str!("../../rules/national_id.toml"),
    ),
    ("network.toml", include_str!("../../rules/network.toml")),
    ("dates.toml", include_str!("../../rules/dates.toml")),
    ("person.toml", include_str!("../../rules/person.toml")),
    ("location.toml", include_str!("../../rules/location.toml")),
    ("vehicle.toml", include_str!("../../rules/vehicle.toml")),
    ("secrets.toml", include_str!("../../rules/secrets.toml")),
    ("documents.toml", include_str!("../../rules/documents.toml")),
    ("work.toml", include_str!("../../rules/work.toml")),
    ("health.toml", include_str!("../../rules/health.toml")),
    (
        "demographics.toml",
        include_str!("../../rules/demographics.toml"),
    ),
];

/// The seven languages every rule gives header hints in.
pub const LANGUAGES: &[&str] = &["en", "de", "fr", "es", "it", "nl", "pt"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    family: String,
    version: u32,
    /// Header hints shared by every rule of the family that gives none of its own.
    #[serde(default)]
    headers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    rule: Vec<RuleDef>,
}

/// One rule as written in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub kind: Kind,
    #[serde(default)]
    pub description: String,
    pub pattern: Option<String>,
    pub validator: Option<Validator>,
    pub dictionary: Option<DictName>,
    #[serde(default)]
    pub header_required: bool,
    pub confidence: f64,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, Vec<String>>,
}

/// A header hint, pre-split into folded words.
#[derive(Debug, Clone)]
pub struct Hint {
    pub lang: String,
    pub text: String,
    pub words: Vec<String>,
    pub compact: String,
}

/// A rule's unanchored and anchored patterns, as finders share them.
pub(crate) type SharedPatterns = (Arc<PerThread<Regex>>, Arc<PerThread<Regex>>);

/// A compiled pattern as every finder of the process shares it: one copy per thread.
fn shared<R: Clone + Send>(re: R) -> Arc<PerThread<R>> {
    Arc::new(PerThread::new(re))
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub def: RuleDef,
    pub family: String,
    pub hints: Vec<Hint>,
    /// The pattern anchored. Behind an `Arc`: a clone of a `Regex` gets an empty cache pool of
    /// its own, so every finder would build its lazy DFA states again; the `Arc` shares one
    /// copy per thread ([`PerThread`]) among all finders. A user's rule file has it compiled
    /// when it loads (a pattern that does not compile is an error there); a built-in rule on
    /// first use, since most runs never ask most rules (a rule that needs a header is tried
    /// only on a column whose header names it), and the three shape patterns of job titles,
    /// employers and conditions took 60 ms of every start.
    regex: std::sync::OnceLock<Option<Arc<PerThread<Regex>>>>,
    /// The pattern unanchored, compiled on first use: every finder of the run (detection, the
    /// prose spans, the residual scan) shares it, and its caches, instead of compiling its own.
    unanchored: std::sync::OnceLock<Option<Arc<PerThread<Regex>>>>,
    /// The pattern unanchored, searched by backtracking instead of the lazy DFA: see
    /// [`Rule::short_text_arc`].
    short_text: std::sync::OnceLock<Option<Arc<PerThread<regex_automata::meta::Regex>>>>,
}

/// The capacity of each lazy DFA (forward, and reverse to find where a match starts) of an
/// unanchored rule pattern, in each of its caches (about one per thread searching with it).
/// Searched over prose, a card's or a French NIR's pattern follows many starts at once and
/// fills the default 2 MiB: the DFA is cleared and rebuilt over and over (the card rule took
/// 2.9 µs a note, 2.1 with 8 MiB, over 20,000 notes). A cache only grows as far as a search
/// needs (and keeps what it grew to); with `map_distinct`'s per-row places, added at the same
/// time, the peak memory of `benches/pipeline.sh --shape wide` rose by about 50 MB.
const UNANCHORED_DFA_BYTES: usize = 8 << 20;

impl Rule {
    /// The pattern anchored at both ends (`^(?:…)$`), compiled once.
    pub fn anchored(&self) -> Option<&Regex> {
        self.anchored_arc().map(|re| re.get())
    }

    fn anchored_arc(&self) -> Option<&Arc<PerThread<Regex>>> {
        self.regex
            .get_or_init(|| {
                let p = self.def.pattern.as_ref()?;
                Regex::new(&anchored_pattern(p)).ok().map(shared)
            })
            .as_ref()
    }

    /// The pattern unanchored (`(?:…)`), to find values inside a text; compiled once.
    ///
    /// Its lazy DFAs get `UNANCHORED_DFA_BYTES` of cache each, not the default 2 MiB.
    pub fn unanchored(&self) -> Option<&Regex> {
        self.unanchored_arc().map(|re| re.get())
    }

    fn unanchored_arc(&self) -> Option<&Arc<PerThread<Regex>>> {
        self.unanchored
            .get_or_init(|| {
                let p = self.def.pattern.as_ref()?;
                regex::RegexBuilder::new(&format!("(?:{p})"))
                    .dfa_size_limit(UNANCHORED_DFA_BYTES)
                    .build()
                    .ok()
                    .map(shared)
            })
            .as_ref()
    }

    /// The pattern unanchored, for the short texts (a cell) of a pattern whose matches run
    /// long over digits (a card number): the same matches as [`Rule::unanchored`], found by the
    /// bounded backtracker. Unanchored, the lazy DFA follows every start a digit run may hold
    /// at once, and builds a state for each mix of them: on a column of 16-digit tracking
    /// numbers it fills its cache, clears it and starts again, value after value (five times
    /// slower than backtracking through a cell). Compiled once, shared like the others.
    pub(crate) fn short_text_arc(&self) -> Option<Arc<PerThread<regex_automata::meta::Regex>>> {
        self.short_text
            .get_or_init(|| {
                let p = self.def.pattern.as_ref()?;
                regex_automata::meta::Regex::builder()
                    .configure(regex_automata::meta::Config::new().hybrid(false))
                    .build(&format!("(?:{p})"))
                    .ok()
                    .map(shared)
            })
            .clone()
    }

    /// The unanchored and the anchored pattern, shared: a finder that holds them searches with
    /// the caches every other finder of the process has already filled.
    pub(crate) fn shared_patterns(&self) -> Option<SharedPatterns> {
        Some((
            Arc::clone(self.unanchored_arc()?),
            Arc::clone(self.anchored_arc()?),
        ))
    }

    /// Whether its validator costs microseconds a value ([`Validator::is_costly`]): where any
    /// of several rules settles a question, such rules are tried last.
    pub fn has_costly_check(&self) -> bool {
        self.def.validator.is_some_and(Validator::is_costly)
    }

    /// Whether a (trimmed) value matches: pattern, validator and dictionary, each if present.
    pub fn matches(&self, value: &str, dicts: &Dictionaries) -> bool {
        // A pattern that does not compile matches nothing (a built-in one is compiled on
        // first use; `check` reports it).
        if self.def.pattern.is_some() && !self.anchored().is_some_and(|re| re.is_match(value)) {
            return false;
        }
        if let Some(d) = self.def.dictionary
            && !dicts.contains(d, value)
        {
            return false;
        }
        if let Some(v) = self.def.validator
            && !v.check(value)
        {
            return false;
        }
        true
    }

    /// Which of the header's words match one of this rule's hints, if any.
    /// An exact match (header and hint equal run together) is preferred over a partial one.
    pub fn header_hint(&self, header: &HeaderWords) -> Option<&Hint> {
        self.hints
            .iter()
            .find(|h| h.compact == header.compact)
            .or_else(|| self.hints.iter().find(|h| header.matches(h)))
    }
}

/// Where a family came from, for reports.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, schemars::JsonSchema)]
pub struct FamilyInfo {
    pub family: String,
    pub version: u32,
    pub source: String,
}

/// All rules in force for a run.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub families: Vec<FamilyInfo>,
    pub dicts: Dictionaries,
}

impl RuleSet {
    /// Whether `v` passes the value rules of `kind` that validate (checksums, formats);
    /// `None` for kinds without such a rule.
    pub fn validity(&self, kind: Kind, v: &str) -> Option<bool> {
        let validated = || self.of_kind(kind).filter(|r| r.def.validator.is_some());
        validated().next()?;
        // Any rule settles it: the cheap checks first, libphonenumber's parse last.
        let v = v.trim();
        let passes = |costly: bool| {
            validated()
                .filter(|r| r.has_costly_check() == costly)
                .any(|r| r.matches(v, &self.dicts))
        };
        Some(passes(false) || passes(true))
    }

    /// The built-in rules only.
    pub fn builtin() -> Result<RuleSet> {
        RuleSet::load(&[])
    }

    /// The built-in rules plus the families in each of `dirs` (`*.toml`) and their dictionaries
    /// (`dict/*.txt`).
    pub fn load(dirs: &[PathBuf]) -> Result<RuleSet> {
        let mut set = RuleSet {
            rules: Vec::new(),
            families: Vec::new(),
            dicts: Dictionaries::builtin(),
        };
        // The built-in files are parsed and compiled side by side, then added in order.
        let builtin: Vec<(String, Result<ParsedFile>)> = {
            use rayon::prelude::*;
            BUILTIN
                .par_iter()
                .map(|(name, text)| {
                    let shown = format!("built-in rules/{name}");
                    let parsed = parse_file(&shown, name, text, BUILT_IN, None);
                    (shown, parsed)
                })
                .collect()
        };
        for (shown, parsed) in builtin {
            set.add_parsed(&shown, parsed?)?;
        }
        for dir in dirs {
            set.add_dir(dir)?;
        }
        Ok(set)
    }

    /// Only the families found in `dir` (for `masq rules check DIR`), with built-in dictionaries
    /// plus the folder's own.
    pub fn load_dir_only(dir: &Path) -> Result<RuleSet> {
        let mut set = RuleSet {
            rules: Vec::new(),
            families: Vec::new(),
            dicts: Dictionaries::builtin(),
        };
        set.add_dir(dir)?;
        Ok(set)
    }

    fn add_dir(&mut self, dir: &Path) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::config(format!(
                "{}: cannot read rule folder: {}",
                dir.display(),
                crate::io::io_reason(&e)
            ))
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::config(format!(
                "{}: no *.toml rule files in this folder",
                dir.display()
            )));
        }
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| {
                Error::config(format!(
                    "{}: cannot read: {}",
                    f.display(),
                    crate::io::io_reason(&e)
                ))
            })?;
            let fname = f
                .file_name()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            self.add_file(
                &f.display().to_string(),
                &fname,
                &text,
                &f.display().to_string(),
            )?;
        }
        let dict_dir = dir.join("dict");
        if dict_dir.is_dir() {
            self.dicts.add_dir(&dict_dir)?;
        }
        Ok(())
    }

    pub(crate) fn add_file(
        &mut self,
        shown: &str,
        file_name: &str,
        text: &str,
        source: &str,
    ) -> Result<()> {
        let parsed = parse_file(shown, file_name, text, source, Some(&*self))?;
        self.merge(parsed);
        Ok(())
    }

    /// Adds a parsed file's rules, after checking its family and rule ids against those
    /// already loaded (for files parsed without them).
    fn add_parsed(&mut self, shown: &str, parsed: ParsedFile) -> Result<()> {
        check_unique(shown, &parsed.family.family, &parsed.rules, self)?;
        self.merge(parsed);
        Ok(())
    }

    fn merge(&mut self, parsed: ParsedFile) {
        self.rules.extend(parsed.rules);
        self.families.push(parsed.family);
    }

    /// Runs every rule's examples and negative examples, and lints header coverage. Returns one
    /// line per problem (empty when all is well). Examples are rule-file text, not user data.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for r in &self.rules {
            let id = &r.def.id;
            if r.def.examples.is_empty() {
                problems.push(format!("{id}: has no examples"));
            }
            if r.def.negative_examples.is_empty() {
                problems.push(format!("{id}: has no negative examples"));
            }
            for lang in LANGUAGES {
                if !r.def.headers.contains_key(*lang) {
                    problems.push(format!("{id}: no header hints for '{lang}'"));
                }
            }
            if r.def.pattern.is_some() && (r.anchored().is_none() || r.unanchored().is_none()) {
                problems.push(format!("{id}: pattern does not compile"));
            }
            for ex in &r.def.examples {
                if !r.matches(ex.trim(), &self.dicts) {
                    problems.push(format!("{id}: example {ex:?} does not match"));
                }
            }
            for ex in &r.def.negative_examples {
                if r.matches(ex.trim(), &self.dicts) {
                    problems.push(format!("{id}: negative example {ex:?} matches"));
                }
            }
        }
        problems
    }

    /// Rules of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.def.kind == kind)
    }
}

/// A rule file's family and rules, parsed, checked and compiled, not yet added to a set.
struct ParsedFile {
    family: FamilyInfo,
    rules: Vec<Rule>,
}

/// The family defined twice, or the first rule whose id another rule of `set` already uses.
fn check_unique(shown: &str, family: &str, rules: &[Rule], set: &RuleSet) -> Result<()> {
    check_family(shown, family, set)?;
    let ids: HashSet<&str> = set.rules.iter().map(|r| r.def.id.as_str()).collect();
    match rules.iter().find(|r| ids.contains(r.def.id.as_str())) {
        Some(r) => Err(Error::config(format!(
            "{shown}: rule '{}': id is used by another rule",
            r.def.id
        ))),
        None => Ok(()),
    }
}

/// `family` is not one of `set`'s already.
fn check_family(shown: &str, family: &str, set: &RuleSet) -> Result<()> {
    if set.families.iter().any(|f| f.family == family) {
        return Err(Error::config(format!(
            "{shown}: family '{family}' is defined twice"
        )));
    }
    Ok(())
}

/// The `source` of the rule files compiled into masq.
const BUILT_IN: &str = "built-in";

/// A rule's pattern as it must match a whole value.
fn anchored_pattern(p: &str) -> String {
    format!("^(?:{p})$")
}

/// Parses and checks one rule file and compiles its patterns if it is a user's (in parallel: a
/// few patterns with long repetitions of letter classes take milliseconds each; a built-in
/// file's compile when first asked). With `set`, its family and ids are checked against the
/// set's, in the order a rule-by-rule load would find them, so the error reported is the first
/// one in the file.
fn parse_file(
    shown: &str,
    file_name: &str,
    text: &str,
    source: &str,
    set: Option<&RuleSet>,
) -> Result<ParsedFile> {
    use rayon::prelude::*;
    let file: RuleFile = toml::from_str(text).map_err(|e| {
        Error::config(format!(
            "invalid rule file: {}",
            crate::error::toml_message(shown, text, &e)
        ))
    })?;
    let stem = file_name.trim_end_matches(".toml");
    if file.family != stem {
        return Err(Error::config(format!(
            "{shown}: family '{}' must equal the file name '{stem}'",
            file.family
        )));
    }
    if let Some(set) = set {
        check_family(shown, &file.family, set)?;
    }
    let ids: HashSet<&str> = set
        .map(|s| s.rules.iter().map(|r| r.def.id.as_str()).collect())
        .unwrap_or_default();
    // Each rule's checks before its pattern compiles, and after: the first failing check in
    // file order is the error, whether or not a pattern after it would have compiled.
    struct Checked {
        def: RuleDef,
        hints: Vec<Hint>,
        after: Option<Error>,
    }
    let mut checked: Vec<Checked> = Vec::new();
    let mut before: Option<Error> = None;
    for mut def in file.rule {
        if def.headers.is_empty() {
            def.headers = file.headers.clone();
        }
        let id = def.id.clone();
        let at = |m: &str| Error::config(format!("{shown}: rule '{id}': {m}"));
        let pre = if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        {
            Some(at(
                "id must be non-empty and use only a-z, 0-9, '_' and '.'",
            ))
        } else if ids.contains(id.as_str()) || checked.iter().any(|c| c.def.id == id) {
            Some(at("id is used by another rule"))
        } else if def.pattern.is_none() && def.validator.is_none() && def.dictionary.is_none() {
            Some(at("needs at least one of pattern, validator, dictionary"))
        } else if !(0.0..=1.0).contains(&def.confidence) {
            Some(at("confidence must be between 0 and 1"))
        } else {
            None
        };
        if pre.is_some() {
            before = pre;
            break;
        }
        let (hints, after) = match hints_of(&def) {
            Ok(h) => (h, None),
            Err(m) => (Vec::new(), Some(at(&m))),
        };
        let stop = after.is_some();
        checked.push(Checked { def, hints, after });
        if stop {
            break;
        }
    }
    // A user's patterns compile now, so that one that does not is an error at load; the
    // built-in ones (a test compiles every one) when first asked.
    let now = source != BUILT_IN;
    let compiled: Vec<std::result::Result<Option<Arc<PerThread<Regex>>>, regex::Error>> = checked
        .par_iter()
        .map(|c| {
            c.def
                .pattern
                .as_ref()
                .filter(|_| now)
                .map(|p| Regex::new(&anchored_pattern(p)).map(shared))
                .transpose()
        })
        .collect();
    let mut rules = Vec::with_capacity(checked.len());
    for (c, regex) in checked.into_iter().zip(compiled) {
        let regex = regex.map_err(|e| {
            Error::config(format!(
                "{shown}: rule '{}': pattern does not compile: {}",
                c.def.id,
                e.to_string().lines().last().unwrap_or_default()
            ))
        })?;
        if let Some(e) = c.after {
            return Err(e);
        }
        rules.push(Rule {
            def: c.def,
            family: file.family.clone(),
            hints: c.hints,
            regex: regex.map(|re| Some(re).into()).unwrap_or_default(),
            unanchored: Default::default(),
            short_text: Default::default(),
        });
    }
    if let Some(e) = before {
        return Err(e);
    }
    Ok(ParsedFile {
        family: FamilyInfo {
            family: file.family,
            version: file.version,
            source: source.to_string(),
        },
        rules,
    })
}

/// A rule's header hints, in [`LANGUAGES`] order (evidence names English first when several
/// match); the problem otherwise.
fn hints_of(def: &RuleDef) -> std::result::Result<Vec<Hint>, String> {
    if let Some(lang) = def
        .headers
        .keys()
        .find(|l| !LANGUAGES.contains(&l.as_str()))
    {
        return Err(format!(
            "unknown header language '{lang}' (use {})",
            LANGUAGES.join(", ")
        ));
    }
    let mut hints = Vec::new();
    for (lang, list) in LANGUAGES
        .iter()
        .filter_map(|l| def.headers.get_key_value(*l))
    {
        for text in list {
            let hw = HeaderWords::new(text);
            if hw.words.is_empty() {
                return Err(format!("empty header hint in '{lang}'"));
            }
            hints.push(Hint {
                lang: lang.clone(),
                text: text.clone(),
                words: hw.words,
                compact: hw.compact,
            });
        }
    }
    Ok(hints)
}

/// A column header split into folded words (`E-Mail-Adresse` → `e mail adresse`,
/// `dateOfBirth` → `date of birth`), plus the words run together.
#[derive(Debug, Clone)]
pub struct HeaderWords {
    pub words: Vec<String>,
    pub compact: String,
}

impl HeaderWords {
    pub fn new(header: &str) -> HeaderWords {
        let mut words = Vec::new();
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in header.chars() {
            if !c.is_alphanumeric() {
                if !cur.is_empty() {
                    words.push(fold(&cur));
                    cur.clear();
                }
                prev_lower = false;
                continue;
            }
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                words.push(fold(&cur));
                cur.clear();
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.push(c);
        }
        if !cur.is_empty() {
            words.push(fold(&cur));
        }
        let compact = words.concat();
        HeaderWords { words, compact }
    }

    /// A hint matches when its words appear contiguously in the header, when both are equal run
    /// together, or (for hints of 5+ letters) when the header run together starts or ends with it
    /// (`emailaddress`, `customerphone`).
    pub fn matches(&self, hint: &Hint) -> bool {
        if self.compact == hint.compact {
            return true;
        }
        let n = hint.words.len();
        if n <= self.words.len() && self.words.windows(n).any(|w| w == hint.words.as_slice()) {
            return true;
        }
        hint.compact.len() >= 5
            && (self.compact.starts_with(&hint.compact) || self.compact.ends_with(&hint.compact))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(t: &str) -> Hint {
        let hw = HeaderWords::new(t);
        Hint {
            lang: "en".into(),
            text: t.into(),
            words: hw.words,
            compact: hw.compact,
        }
    }

    #[test]
    fn header_words_split_case_and_separators() {
        assert_eq!(
            HeaderWords::new("E-Mail-Adresse").words,
            ["e", "mail", "adresse"]
        );
        assert_eq!(
            HeaderWords::new("dateOfBirth").words,
            ["date", "of", "birth"]
        );
        assert_eq!(HeaderWords::new("Straße").words, ["strasse"]);
        assert_eq!(HeaderWords::new("prénom").words, ["prenom"]);
        assert_eq!(HeaderWords::new("customer_dob").words, ["customer", "dob"]);
    }

    #[test]
    fn hints_match_as_documented() {
        assert!(HeaderWords::new("EMail").matches(&hint("e mail")));
        assert!(HeaderWords::new("date_of_birth").matches(&hint("date of birth")));
        assert!(HeaderWords::new("customer_dob").matches(&hint("dob")));
        assert!(HeaderWords::new("emailaddress").matches(&hint("email")));
        assert!(!HeaderWords::new("doberman").matches(&hint("dob")));
        assert!(!HeaderWords::new("zipper_size").matches(&hint("zip")));
    }

    #[test]
    fn every_builtin_rule_passes_its_examples() {
        let set = RuleSet::builtin().expect("built-in rules load");
        let problems = set.check();
        assert!(
            problems.is_empty(),
            "rule check failed:\n{}",
            problems.join("\n")
        );
        // Every kind masq knows has at least one rule.
        for k in Kind::all() {
            assert!(set.of_kind(k).next().is_some(), "no rule for kind {k}");
        }
    }

    /// A rule file with several problems reports the first one in the file, whether it is a
    /// check before its pattern compiles, the compile or a check after it (patterns compile in
    /// parallel, the report keeps the file's order).
    #[test]
    fn a_rule_file_reports_its_first_problem() {
        let rule = |id: &str, pattern: &str, extra: &str| {
            format!(
                "[[rule]]\nid = \"{id}\"\nkind = \"email\"\npattern = '{pattern}'\nconfidence = 0.5\n{extra}\n"
            )
        };
        let file =
            |rules: &[String]| format!("family = \"custom\"\nversion = 1\n{}", rules.concat());
        let first_problem = |rules: &[String]| {
            let mut set = RuleSet::builtin().unwrap();
            let before = set.rules.len();
            let err = set
                .add_file("custom.toml", "custom.toml", &file(rules), "test")
                .expect_err("the file has a problem");
            assert_eq!(set.rules.len(), before, "nothing of a bad file is added");
            err.to_string()
        };
        let ok = |id: &str| rule(id, "[a-z]+@x", "");
        let bad_pattern = |id: &str| rule(id, "(", "");
        let bad_language = |id: &str| rule(id, "[a-z]+", "headers = { xx = [\"mail\"] }");
        let bad_id = || rule("Bad Id", "[a-z]+", "");

        let e = first_problem(&[ok("custom.a"), bad_pattern("custom.b"), bad_id()]);
        assert!(e.contains("'custom.b': pattern does not compile"), "{e}");
        let e = first_problem(&[ok("custom.a"), bad_id(), bad_pattern("custom.b")]);
        assert!(e.contains("id must be non-empty"), "{e}");
        let e = first_problem(&[bad_language("custom.a"), bad_pattern("custom.b")]);
        assert!(
            e.contains("'custom.a': unknown header language 'xx'"),
            "{e}"
        );
        let e = first_problem(&[ok("custom.a"), ok("custom.a"), bad_pattern("custom.b")]);
        assert!(e.contains("'custom.a': id is used by another rule"), "{e}");
        let e = first_problem(&[ok("custom.a"), ok("email.address")]);
        assert!(
            e.contains("'email.address': id is used by another rule"),
            "{e}"
        );
        let e = first_problem(&[bad_pattern("custom.a"), ok("email.address")]);
        assert!(e.contains("'custom.a': pattern does not compile"), "{e}");

        let mut set = RuleSet::builtin().unwrap();
        let two = file(&[ok("custom.a"), ok("custom.b")]);
        set.add_file("custom.toml", "custom.toml", &two, "test")
            .unwrap();
        let added: Vec<&Rule> = set.rules.iter().rev().take(2).collect();
        assert_eq!(added[0].def.id, "custom.b");
        assert_eq!(added[1].def.id, "custom.a");
        assert!(added.iter().all(|r| r.matches("abc@x", &set.dicts)));
        assert!(added.iter().all(|r| !r.matches("abc@xy", &set.dicts)));
    }

    /// A built-in rule's pattern compiles on first use, not at load: a pattern that would not
    /// compile still matches nothing, and the rule check (run on every built-in rule above)
    /// names it.
    #[test]
    fn a_built_in_pattern_that_does_not_compile_matches_nothing_and_is_reported() {
        let text = "family = \"custom\"\nversion = 1\n[[rule]]\nid = \"custom.a\"\nkind = \"email\"\npattern = '(['\nconfidence = 0.5\nexamples = [\"a\"]\nnegative_examples = [\"b\"]\n";
        let parsed = parse_file("custom.toml", "custom.toml", text, BUILT_IN, None)
            .expect("a built-in file loads without compiling its patterns");
        let mut set = RuleSet::builtin().unwrap();
        set.merge(parsed);
        let rule = set.rules.last().unwrap();
        assert!(rule.anchored().is_none());
        assert!(!rule.matches("a", &set.dicts));
        assert!(!rule.matches("", &set.dicts));
        let problems = set.check();
        assert!(
            problems.contains(&"custom.a: pattern does not compile".to_string()),
            "{problems:?}"
        );
        // A user's file is refused at load, as before.
        let e = parse_file("custom.toml", "custom.toml", text, "test", None)
            .err()
            .expect("a user's bad pattern is refused at load")
            .to_string();
        assert!(e.contains("'custom.a': pattern does not compile"), "{e}");
    }

    #[test]
    fn builtin_list_matches_the_rules_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "rules/*.toml and rules::BUILTIN disagree");
    }
}
