//! Names that the words around them make names, whether or not a list knows them: after a
//! phrase that introduces someone ("My name is Vjera Posavec", "je m'appelle Anaïs Roux"), a
//! label that opens a line or a sentence ("Name: Andi Ruf"), or a verb of saying after a quotation (`…,"
//! says Lundin.`) — [`introduced`]; and beside a name already found, in a list or a pair ("They
//! had 6: Vagn, Randy, Andrea and Mark", "Skjæveland and Fowler were …") — [`coordinated`].
//!
//! Both only find: they never replace and never log the text.

use super::Span;
use super::words::*;
use crate::kind::Kind;
use crate::rules::Dictionaries;
use crate::text::fold;

/// Marks that may open a word before a name (`"Anna`, `(Anna`).
const OPENING: [char; 7] = ['(', '"', '\'', '“', '‘', '«', '„'];
/// Marks that may close a word after a name (`Anna,`, `Anna."`).
const CLOSING: [char; 12] = [',', ';', ':', '.', '!', '?', ')', '"', '\'', '”', '’', '»'];
/// Words that join the items of a list, in the seven languages.
const CONJUNCTIONS: [&str; 12] = [
    "and", "or", "&", "und", "oder", "sowie", "et", "ou", "y", "e", "o", "en",
];

/// A word split into its opening marks, its core and its closing marks (a possessive `'s`
/// counts as closing: `Tyler's`).
fn parts(raw: &str) -> (&str, &str, &str) {
    let core = raw.trim_start_matches(OPENING);
    let lead = &raw[..raw.len() - core.len()];
    let mut core = core.trim_end_matches(CLOSING);
    for s in ["'s", "’s"] {
        if let Some(c) = core.strip_suffix(s) {
            core = c.trim_end_matches(CLOSING);
        }
    }
    let trail = &raw[lead.len() + core.len()..];
    (lead, core, trail)
}

/// A word written as a name is ([`proper_word`], two letters at least), with small letters
/// and no capital inside but a name prefix's ([`camel_case`]); in capitals too where `caps`.
fn name_word(w: &str, caps: bool) -> bool {
    proper_word(w, 2)
        && (caps || w.chars().any(char::is_lowercase))
        && (!w.chars().any(char::is_lowercase) || !camel_case(w))
}

/// A capital inside a word written in small letters, other than after a hyphen, an apostrophe
/// or a name's prefix (`McDonald`, `MacMahon`, `DeRose`, `LeBlanc`, `DiCaprio`): `CodeBlocks`,
/// `iPhone`, `JohnsonETCA` are no names.
fn camel_case(w: &str) -> bool {
    const PREFIXES: [&str; 11] = [
        "Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Fitz",
    ];
    let mut prev = ' ';
    for (i, c) in w.char_indices() {
        if i > 0
            && c.is_uppercase()
            && !matches!(prev, '-' | '\'' | '’')
            && !PREFIXES.contains(&&w[..i])
        {
            return true;
        }
        prev = c;
    }
    false
}

/// A capitalised word that is no name: a function or date word, a title, a country or
/// nationality, an article, a greeting or thanks (the lists as one set: one lookup a word).
pub(super) fn never_a_name(w: &str) -> bool {
    static NEVER: std::sync::LazyLock<crate::text::WordList> = std::sync::LazyLock::new(|| {
        crate::text::WordList::union(&[
            &STOP,
            &FUNCTION_WORDS,
            &COUNTRIES,
            &NATIONALITIES,
            &DETERMINERS,
            &TITLES,
            &BEFORE_NAMES,
            &CLOSINGS,
        ])
    });
    NEVER.contains_lower(w)
}

/// One letter, a full stop after it or not: a middle initial (`Kaoru M Morishita`).
fn initial(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && matches!(cs.as_str(), "" | ".")
}

/// The name words from word `k` on: where they start and end (bytes), how many there are and
/// the first of them. Initials and particles (`van`, `de`) count only between two name words;
/// punctuation after a word, a line break, a word that is no name, a word in capitals after
/// one in small letters or the other way round (`Karel Inject SELECT`), or a fourth name word
/// ends it (texts run sentences together: `My name is Alexander Tokaryev Mission Statement`).
struct Run<'a> {
    start: usize,
    end: usize,
    count: usize,
    first: &'a str,
    /// The word after the run: its index, if it goes on past punctuation-free words.
    next: usize,
    /// Punctuation closed the last word.
    closed: bool,
}

fn run_at<'a>(words: &[(usize, &'a str)], k: usize, caps: bool) -> Option<Run<'a>> {
    let (s0, raw0) = *words.get(k)?;
    let (lead0, first, _) = parts(raw0);
    if !name_word(first, caps) || never_a_name(first) {
        return None;
    }
    // In capitals only if the first word is (`Name: JOHN SMITH`), and then all of them.
    let upper = !first.chars().any(char::is_lowercase);
    let fits = |core: &str| {
        name_word(core, upper)
            && upper != core.chars().any(char::is_lowercase)
            && !never_a_name(core)
    };
    let is_name = |i: usize| {
        words.get(i).is_some_and(|(_, raw)| {
            let (lead, core, _) = parts(raw);
            lead.is_empty() && fits(core)
        })
    };
    let mut run = Run {
        start: s0 + lead0.len(),
        end: 0,
        count: 0,
        first,
        next: k,
        closed: false,
    };
    let mut j = k;
    while j < words.len() && run.count < 3 {
        let (s, raw) = words[j];
        let (lead, core, trail) = parts(raw);
        if j > k && !lead.is_empty() {
            break;
        }
        // A middle initial may keep its full stop (`Kristina D. Bilić`).
        let dotted = initial(core) && trail == ".";
        if fits(core) {
            run.count += 1;
            run.end = s + lead.len() + core.len();
        } else if !(run.count > 0
            && (trail.is_empty() || dotted)
            && (initial(core) || PARTICLES.contains_lower(raw))
            && is_name(j + 1))
        {
            break;
        }
        j += 1;
        run.next = j;
        if !trail.is_empty() && !dotted {
            run.closed = true;
            break;
        }
    }
    (run.count > 0).then_some(run)
}

/// The kind of a name of `count` words: a full name, or one word a given-name list knows, or
/// else a family name.
fn kind_of(count: usize, first: &str, dicts: &Dictionaries) -> Kind {
    if count > 1 {
        Kind::PersonName
    } else if dicts.is_given_wide(&fold(first)) {
        Kind::FirstName
    } else {
        Kind::LastName
    }
}

/// Words `from..to` joined by single spaces, lower case, curly apostrophes made straight, the
/// marks opening the first and a colon closing the last left out.
fn phrase(words: &[(usize, &str)], from: usize, to: usize, out: &mut String) {
    out.clear();
    for (n, (_, w)) in words[from..to].iter().enumerate() {
        let mut w = *w;
        if n == 0 {
            w = w.trim_start_matches(OPENING);
        }
        if n + 1 == to - from {
            w = w.trim_end_matches(':');
        }
        if n > 0 {
            out.push(' ');
        }
        for c in w.chars() {
            if c == '’' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// Names introduced by the words before them:
/// - after a phrase of [`NAME_INTROS`] ("my name is", "ich heiße", "je m'appelle", "me
///   llamo"), one to three name words (capitals too: `My name is JOHN SMITH`);
/// - after a label of [`NAME_LABELS`] opening a line or a sentence and closed by a colon
///   ("Name:", "Nom :", "Nachname:"), the same;
/// - after a phrase of [`NAME_INTROS_WEAK`] ("I'm", "named", "je suis") or a label of
///   [`NAME_LABELS_WEAK`] ("Customer:", "From:"), two name words or more, or one a given-name
///   list knows ("I'm Sorry", "Customer: Premium" are none);
/// - after a verb of [`QUOTE_VERBS`] that follows a quotation (`…," says Lundin.`, `…!" said
///   Fabijan`), one to three name words.
///
/// One word is a given name if a list knows it, else a family name; more are a full name.
pub(super) fn introduced(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    // Cheap refusals first: every cue is followed by a capital somewhere.
    if !text.chars().any(char::is_uppercase) {
        return;
    }
    let words = line_words(text);
    let mut buf = String::new();
    let push = |run: Run, need_two: bool, spans: &mut Vec<Span>| {
        let kind = kind_of(run.count, run.first, dicts);
        // One word no given-name list knows (a family name) is too little after a weak cue.
        if need_two && kind == Kind::LastName {
            return;
        }
        spans.push(Span {
            start: run.start,
            end: run.end,
            kind,
        });
    };
    let mut i = 0;
    while i < words.len() {
        // A label opening a line or a sentence: up to three words, the last closed by a colon
        // (or a colon of its own after it: `Nom : …`).
        let line_start =
            i == 0 || words[i - 1].1.is_empty() || words[i - 1].1.ends_with(['.', '!', '?']);
        if line_start && !words[i].1.is_empty() {
            let label = (0..3).find_map(|n| {
                let last = words.get(i + n)?.1;
                if last.is_empty() {
                    return None;
                }
                if last.ends_with(':') && last.len() > 1 {
                    Some((i + n + 1, i + n + 1))
                } else if words.get(i + n + 1).is_some_and(|(_, w)| *w == ":") {
                    Some((i + n + 1, i + n + 2))
                } else {
                    None
                }
            });
            if let Some((to, value)) = label {
                phrase(&words, i, to, &mut buf);
                let strong = NAME_LABELS.contains(&buf.as_str());
                if (strong || NAME_LABELS_WEAK.contains(&buf.as_str()))
                    && let Some(run) = run_at(&words, value, true)
                {
                    let next = run.next;
                    push(run, !strong, spans);
                    i = next;
                    continue;
                }
            }
        }
        // A phrase of one to four words ending right before word `i` (asked only when its
        // last word ends one).
        let capital = || {
            words[i]
                .1
                .trim_start_matches(OPENING)
                .starts_with(char::is_uppercase)
        };
        if i > 0 && !words[i - 1].1.is_empty() && capital() && ends_a_cue(words[i - 1].1) {
            let found = (1..=4.min(i)).find_map(|n| {
                if words[i - n..i].iter().any(|(_, w)| w.is_empty()) {
                    return None;
                }
                phrase(&words, i - n, i, &mut buf);
                if NAME_INTROS.contains(&buf.as_str()) {
                    Some(false)
                } else if NAME_INTROS_WEAK.contains(&buf.as_str()) {
                    Some(true)
                } else {
                    None
                }
            });
            let quoted = || {
                i >= 2
                    && QUOTE_VERBS.contains_lower(words[i - 1].1)
                    && words[i - 2].1.ends_with(['"', '”', '»', '\'', '!', '?'])
            };
            let cue = match found {
                Some(weak) => Some((weak, !weak)),
                None if quoted() => Some((false, false)),
                None => None,
            };
            if let Some((weak, caps)) = cue
                && let Some(run) = run_at(&words, i, caps)
            {
                let next = run.next;
                push(run, weak, spans);
                i = next;
                continue;
            }
        }
        i += 1;
    }
}

/// Whether `w` may end a phrase of [`NAME_INTROS`] or [`NAME_INTROS_WEAK`] or be a verb of
/// [`QUOTE_VERBS`].
fn ends_a_cue(w: &str) -> bool {
    static LAST: std::sync::LazyLock<crate::text::WordList> = std::sync::LazyLock::new(|| {
        let mut last: Vec<&'static str> = NAME_INTROS
            .iter()
            .chain(NAME_INTROS_WEAK.iter())
            .filter_map(|p| p.rsplit(' ').next())
            .chain(QUOTE_VERBS.iter().copied())
            .collect();
        last.sort_unstable();
        last.dedup();
        crate::text::WordList::from_entries(last)
    });
    let w = w.trim_end_matches(':');
    if w.contains('’') {
        LAST.contains_lower(&w.replace('’', "'"))
    } else {
        LAST.contains_lower(w)
    }
}

/// The first word of `t` after the spaces opening it.
fn first_word(t: &str) -> Option<&str> {
    t.trim_start_matches(' ').split([' ', '\n']).next()
}

/// The last word of `t` (which ends with no space).
fn last_word(t: &str) -> Option<&str> {
    t.rsplit([' ', '\n']).next()
}

/// Whether a word joins the items of a list ("and", "und", "et", "&", …).
fn conjunction(w: &str) -> bool {
    CONJUNCTIONS.contains(&w)
}

/// An item of a list around a name: its words, and what it is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    /// A name found before (it overlaps one).
    Known,
    /// Name words no span holds yet (and how many): a name if the list is one of names.
    Candidate(Span, usize),
    /// Anything else (`libwww`, `CodeBlocks`, `the Beatles`): the list is no list of names.
    Other,
}

/// Names beside the names in `spans`, in a list or a pair with them: "They had 6: Vagn, Randy,
/// Andrea and Mark" (with `Randy`, `Andrea` found, `Vagn` and `Mark` are names too), "Skjæveland
/// and Fowler were …". A list is items joined by commas and at least one `and`, `or`, `&`,
/// `und`, `oder`, `et`, `ou`, `y`, `e`, `o`, `en`; an item one to three name words (title
/// case; initials and particles between). Its new items are names when every item is a name
/// or name words, and at least half as many were found before as are new: "Eclipse,
/// CodeBlocks, Kate or Sublime" (`CodeBlocks` is no name word), "libwww, Amaya, and Jigsaw" (nor
/// `libwww`), "Anna, Thanks" (no conjunction) give nothing. A single word opening a sentence
/// before a comma is no item ("Yesterday, Anna and Tom"), and words after an article or another
/// capitalised word are no name ("The Beatles and John"); function, date and title words,
/// countries and greetings never are. Returns the new spans only, sorted, none overlapping
/// `spans` or each other; one word takes the kind of the name it stands beside (a given name
/// beside a full name), several are a full name.
pub fn coordinated(text: &str, spans: &[Span]) -> Vec<Span> {
    // Most names stand in no list: a comma or a conjunction must touch one.
    let joined = |s: &Span| {
        let rest = &text[s.end..];
        let marks = &rest[..rest.len() - rest.trim_start_matches(CLOSING).len()];
        let before = text[..s.start].trim_end_matches(' ');
        marks.contains(',')
            || before.ends_with(',')
            || first_word(rest).is_some_and(conjunction)
            || last_word(before).is_some_and(conjunction)
    };
    if !spans.iter().any(|s| s.kind.is_name() && joined(s)) {
        return Vec::new();
    }
    let words = line_words(text);
    // The word holding byte `at`.
    let word_at = |at: usize| -> Option<usize> {
        let i = words.partition_point(|(s, _)| *s <= at).checked_sub(1)?;
        let (s, w) = words[i];
        (at < s + w.len()).then_some(i)
    };
    let trail = |i: usize| parts(words[i].1).2;
    let conj_at = |i: usize| words.get(i).is_some_and(|(_, w)| conjunction(w));
    let mut taken: Vec<Span> = spans.to_vec();
    let mut out = Vec::new();
    let overlaps = |taken: &[Span], a: &Span, names: bool| {
        taken
            .iter()
            .any(|s| s.start < a.end && a.start < s.end && s.kind.is_name() == names)
    };
    let names: Vec<Span> = spans.iter().filter(|s| s.kind.is_name()).copied().collect();
    for name in names {
        let (Some(a), Some(b)) = (word_at(name.start), word_at(name.end.saturating_sub(1))) else {
            continue;
        };
        // The name must fill its words: no letters glued before or after it.
        let (sa, rawa) = words[a];
        let (sb, rawb) = words[b];
        if sa + parts(rawa).0.len() != name.start
            || !rawb[name.end - sb..].chars().all(|c| CLOSING.contains(&c))
        {
            continue;
        }
        let classify = |taken: &[Span], span: Span, count: usize| {
            if overlaps(taken, &span, true) {
                Item::Known
            } else if overlaps(taken, &span, false) {
                Item::Other
            } else {
                Item::Candidate(span, count)
            }
        };
        let mut items = vec![Item::Known];
        let mut joined = false;
        // To the right: after a comma (and a conjunction, or not) or a conjunction.
        let mut j = b;
        while items.len() < 16 {
            let t = trail(j);
            let start = if t == "," {
                if conj_at(j + 1) {
                    joined = true;
                    j + 2
                } else {
                    j + 1
                }
            } else if t.is_empty() && conj_at(j + 1) {
                joined = true;
                j + 2
            } else {
                break;
            };
            match run_at(&words, start, false) {
                Some(run) => {
                    let span = Span {
                        start: run.start,
                        end: run.end,
                        kind: name.kind,
                    };
                    items.push(classify(&taken, span, run.count));
                    j = run.next - 1;
                    // Its last word must end the item: a comma, a conjunction or the list's end.
                    if !run.closed && !conj_at(run.next) {
                        break;
                    }
                }
                None => {
                    if words.get(start).is_some_and(|(_, w)| !w.is_empty()) {
                        items.push(Item::Other);
                    }
                    break;
                }
            }
        }
        // To the left: before a conjunction (a comma before it or not) or a comma.
        let mut first = a;
        while items.len() < 16 && first > 0 {
            let prev = first - 1;
            let (end, by_conj) = if conj_at(prev) && prev > 0 {
                (prev - 1, true)
            } else if trail(prev) == "," {
                (prev, false)
            } else {
                break;
            };
            if words[end].1.is_empty() || !matches!(trail(end), "" | ",") {
                break;
            }
            joined |= by_conj;
            // Back over up to three name words, initials and particles between, none closed by
            // punctuation but the last.
            let mut count = 0;
            let mut from = end;
            let mut k = end + 1;
            while k > 0 && count < 3 {
                let raw = words[k - 1].1;
                let (lead, core, t) = parts(raw);
                if k - 1 != end && !t.is_empty() {
                    break;
                }
                if name_word(core, false) && !never_a_name(core) {
                    count += 1;
                    from = k - 1;
                } else if !(count > 0 && (initial(core) || PARTICLES.contains_lower(raw))) {
                    break;
                }
                k -= 1;
                if !lead.is_empty() {
                    break;
                }
            }
            if count == 0 {
                items.push(Item::Other);
                break;
            }
            let before = from.checked_sub(1).map(|p| words[p].1);
            let opens = before.is_none_or(|w| w.is_empty() || w.ends_with(['.', '!', '?']));
            // A single word opening a sentence before a comma: the list starts after it.
            if opens && count == 1 && !by_conj {
                break;
            }
            let thing = before.is_some_and(|w| {
                DETERMINERS.contains_lower(w) || (capitalized(w) && !w.ends_with([',', ':', '.']))
            });
            let (sf, rawf) = words[from];
            let (se, rawe) = words[end];
            let span = Span {
                start: sf + parts(rawf).0.len(),
                end: se + parts(rawe).0.len() + parts(rawe).1.len(),
                kind: name.kind,
            };
            items.push(if thing {
                Item::Other
            } else {
                classify(&taken, span, count)
            });
            first = from;
            if thing {
                break;
            }
        }
        let known = items.iter().filter(|i| **i == Item::Known).count();
        let new: Vec<(Span, usize)> = items
            .iter()
            .filter_map(|i| match i {
                Item::Candidate(s, count) => Some((*s, *count)),
                _ => None,
            })
            .collect();
        if !joined || new.is_empty() || items.contains(&Item::Other) || 2 * known < new.len() {
            continue;
        }
        for (mut span, count) in new {
            span.kind = match (count, name.kind) {
                (1, Kind::PersonName) => Kind::FirstName,
                (1, k) => k,
                _ => Kind::PersonName,
            };
            if !overlaps(&taken, &span, true) && !overlaps(&taken, &span, false) {
                taken.push(span);
                out.push(span);
            }
        }
    }
    out.sort_by_key(|s| s.start);
    out
}
