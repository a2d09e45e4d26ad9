//! Macros every module may use (declared first in `lib.rs`, so they are in scope everywhere).

/// `static NAME: LazyLock<WordList>` read once from `data/<file>` beside the invoking module:
/// one entry per line, trimmed; blank lines and `#` comment lines skipped (see
/// [`crate::text::list_entries`]). The order of the file is kept (surrogates pick by index) and
/// `contains` is a hash lookup ([`crate::text::WordList`]).
macro_rules! word_lists {
    ($($(#[$doc:meta])* $name:ident = $file:literal;)*) => {
        $(
            $(#[$doc])*
            pub(super) static $name: std::sync::LazyLock<crate::text::WordList> =
                std::sync::LazyLock::new(|| {
                    crate::text::WordList::parse(include_str!(concat!("data/", $file)))
                });
        )*
    };
}

/// An enum of names, spelled one way everywhere: `snake_case` in serde (files, reports) and in
/// strum (`Display`, `as_str()`), with the derives every such enum has (`Debug, Clone, Copy,
/// PartialEq, Eq, Hash`, serde, a JSON schema). Extra derives and attributes (docs, `#[schemars(..)]`) go before `enum`.
macro_rules! names {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $v:ident),* $(,)? }) => {
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            schemars::JsonSchema,
            strum::IntoStaticStr,
            strum::Display,
        )]
        $(#[$m])*
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        $vis enum $name {
            $($(#[$vm])* $v),*
        }

        impl $name {
            /// The `snake_case` name (the same as serde's).
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}
