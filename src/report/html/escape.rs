//! The escaper of the report's templates (bound to `html` in `askama.toml`): `&`, `<`, `>`, `"`
//! and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`, safe in element content and in
//! quoted attribute values. askama applies it to every `{{ … }}` of a template; this module only
//! says how, it never decides what is trusted.

use std::fmt::{self, Write};

/// Named-entity HTML escaping (askama's built-in `Html` writes numeric references instead;
/// either is correct, these read better in the page source and match what tests look for).
#[derive(Debug, Clone, Copy, Default)]
pub struct Entities;

impl askama::filters::Escaper for Entities {
    fn write_escaped_str<W: Write>(&self, mut dest: W, s: &str) -> fmt::Result {
        let mut last = 0;
        for (i, b) in s.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            dest.write_str(&s[last..i])?;
            dest.write_str(entity)?;
            last = i + 1;
        }
        dest.write_str(&s[last..])
    }
}

#[cfg(test)]
mod tests {
    use super::Entities;
    use askama::filters::Escaper;

    fn esc(s: &str) -> String {
        let mut out = String::new();
        Entities.write_escaped_str(&mut out, s).unwrap();
        out
    }

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(esc(r#"a<b>&"c""#), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(esc("O'Brien — Zoë ×"), "O&#39;Brien — Zoë ×");
        assert_eq!(esc(""), "");
        assert_eq!(esc("&&"), "&amp;&amp;");
    }
}
