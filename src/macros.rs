//! Macros every module may use (declared first in `lib.rs`, so they are in scope everywhere).

/// `static NAME: LazyLock<Vec<&'static str>>` read once from `data/<file>` beside the invoking
/// module: one entry per line, trimmed; blank lines and `#` comment lines skipped (see
/// [`crate::text::list_entries`]). The order of the file is kept: surrogates pick by index.
macro_rules! word_lists {
    ($($(#[$doc:meta])* $name:ident = $file:literal;)*) => {
        $(
            $(#[$doc])*
            pub(super) static $name: std::sync::LazyLock<Vec<&'static str>> =
                std::sync::LazyLock::new(|| {
                    crate::text::list_entries(include_str!(concat!("data/", $file))).collect()
                });
        )*
    };
}
