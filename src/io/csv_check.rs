//! A strict, fast pre-flight check of delimited text before polars parses it.
//!
//! polars is lenient (it pads short rows, and an unterminated quote swallows the rest of the
//! file); masq must refuse such input with the file, line and column, so this module walks the
//! bytes once with an RFC 4180 state machine: UTF-8 validity, quote balance, a field count per
//! record equal to the header's, and unique, non-empty-file headers. It reports positions only,
//! never the offending bytes.

use super::{Limits, human_bytes};
use crate::error::{Error, Result};

/// Checks `bytes` (BOM already removed) within the default [`Limits`] and returns the header
/// names.
pub fn validate(name: &str, bytes: &[u8], sep: u8) -> Result<Vec<String>> {
    validate_head(name, bytes, sep, usize::MAX, &Limits::default()).map(|(h, _)| h)
}

/// Checks the header and at most `max_rows` records; returns the header names and the byte
/// offset where the checked part ends (the whole input when it has no more records).
pub fn validate_head(
    name: &str,
    bytes: &[u8],
    sep: u8,
    max_rows: usize,
    limits: &Limits,
) -> Result<(Vec<String>, usize)> {
    check(name, bytes, sep, max_rows, 1, None, limits)
}

/// Checks one batch of whole records that starts on line `first_line` of the file, against a
/// header of `fields` fields read earlier (the streaming reader's batches).
pub fn validate_batch(
    name: &str,
    bytes: &[u8],
    sep: u8,
    first_line: usize,
    fields: usize,
    limits: &Limits,
) -> Result<()> {
    check(
        name,
        bytes,
        sep,
        usize::MAX,
        first_line,
        Some(fields),
        limits,
    )
    .map(|_| ())
}

fn check(
    name: &str,
    bytes: &[u8],
    sep: u8,
    max_rows: usize,
    first_line: usize,
    header_fields: Option<usize>,
    limits: &Limits,
) -> Result<(Vec<String>, usize)> {
    #[derive(PartialEq, Clone, Copy)]
    enum St {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    let mut st = St::FieldStart;
    let mut line = first_line; // physical line of the current byte
    let mut line_start = 0usize;
    let mut record_line = first_line; // line where the current record started
    let mut quote_open = (0usize, 0usize);
    let mut fields = 0usize; // completed fields in the current record
    let mut expected: Option<usize> = header_fields;
    let mut header: Vec<String> = Vec::new();
    let mut field_start = 0usize;
    let mut record_has_content = false;
    let mut records = 0usize; // the header counts as record 0 once complete
    let max_rows = max_rows.saturating_add(1);
    // A field ending at `end` that started at `start` on `line`, in the record's `fields`-th
    // place: refused when longer than the limit, or when the header is wider than allowed.
    let field_end = |start: usize, end: usize, line: usize, line_start: usize, fields: usize| {
        if end - start > limits.field_bytes {
            let col = start.saturating_sub(line_start) + 1;
            return Err(Error::input(format!(
                "{name}:{line}:{col}: field {} is {} bytes, longer than the limit of {} (an unclosed quote? raise the limit with --max-field-size)",
                fields + 1,
                end - start,
                human_bytes(limits.field_bytes)
            )));
        }
        if fields >= limits.columns {
            return Err(Error::input(format!(
                "{name}:{line}: more than {} columns, the limit (raise it with --max-columns)",
                limits.columns
            )));
        }
        Ok(())
    };
    let mut field_line = (first_line, 0usize); // line and line start where the field began

    let end_record = |fields: usize,
                      record_line: usize,
                      expected: &mut Option<usize>|
     -> Result<()> {
        match *expected {
            None => *expected = Some(fields),
            Some(n) if n != fields => {
                return Err(Error::input(format!(
                    "{name}:{record_line}: row has {fields} field{} but the header has {n} (ragged row)",
                    if fields == 1 { "" } else { "s" }
                )));
            }
            Some(_) => {}
        }
        Ok(())
    };

    let mut i = 0usize;
    let n = bytes.len();
    while i < n {
        let b = bytes[i];
        match st {
            St::FieldStart | St::Unquoted => {
                if st == St::FieldStart && b == b'"' {
                    st = St::Quoted;
                    quote_open = (line, i - line_start + 1);
                    record_has_content = true;
                } else if b == sep {
                    field_end(field_start, i, field_line.0, field_line.1, fields)?;
                    if expected.is_none() {
                        header.push(unquote(&bytes[field_start..i]));
                    }
                    fields += 1;
                    st = St::FieldStart;
                    field_start = i + 1;
                    field_line = (line, line_start);
                    record_has_content = true;
                } else if b == b'\n' || b == b'\r' {
                    let end = i;
                    if b == b'\r' && i + 1 < n && bytes[i + 1] == b'\n' {
                        i += 1;
                    }
                    if record_has_content || fields > 0 || end > field_start {
                        field_end(field_start, end, field_line.0, field_line.1, fields)?;
                        if expected.is_none() {
                            header.push(unquote(&bytes[field_start..end]));
                        }
                        end_record(fields + 1, record_line, &mut expected)?;
                        records += 1;
                        if records >= max_rows {
                            check_utf8(name, &bytes[..i + 1], first_line)?;
                            if header_fields.is_none() {
                                check_header(name, &header)?;
                            }
                            return Ok((header, i + 1));
                        }
                    }
                    fields = 0;
                    record_has_content = false;
                    st = St::FieldStart;
                    line += 1;
                    line_start = i + 1;
                    record_line = line;
                    field_start = i + 1;
                    field_line = (line, line_start);
                } else {
                    st = St::Unquoted;
                    record_has_content = true;
                    // Nothing but a separator or a line end changes the state of an unquoted
                    // field: jump to the next one.
                    i = memchr::memchr3(sep, b'\n', b'\r', &bytes[i + 1..])
                        .map_or(n, |k| i + 1 + k);
                    continue;
                }
            }
            St::Quoted => {
                if b == b'"' {
                    st = St::QuoteInQuoted;
                } else {
                    if b == b'\n' {
                        line += 1;
                        line_start = i + 1;
                    }
                    // Inside quotes only a quote or a line end (counted) matters.
                    i = memchr::memchr2(b'"', b'\n', &bytes[i + 1..]).map_or(n, |k| i + 1 + k);
                    continue;
                }
            }
            St::QuoteInQuoted => {
                if b == b'"' {
                    st = St::Quoted; // escaped quote
                } else if b == sep || b == b'\n' || b == b'\r' {
                    st = St::Unquoted;
                    continue; // reprocess the separator / newline
                } else {
                    let col = i - line_start + 1;
                    return Err(Error::input(format!(
                        "{name}:{line}:{col}: unexpected character after a closing quote (a quote inside a quoted field must be doubled)"
                    )));
                }
            }
        }
        i += 1;
    }
    if st == St::Quoted {
        let (l, c) = quote_open;
        return Err(Error::input(format!(
            "{name}:{l}:{c}: unterminated quoted field (the quote opened here is never closed)"
        )));
    }
    if record_has_content || fields > 0 || n > field_start {
        field_end(field_start, n, field_line.0, field_line.1, fields)?;
        if expected.is_none() {
            header.push(unquote(&bytes[field_start..n]));
        }
        end_record(fields + 1, record_line, &mut expected)?;
    }
    check_utf8(name, bytes, first_line)?;
    if header_fields.is_none() {
        check_header(name, &header)?;
    }
    Ok((header, n))
}

/// Invalid UTF-8 is reported with its line and column (bytes), never its content.
fn check_utf8(name: &str, bytes: &[u8], first_line: usize) -> Result<()> {
    if let Err(e) = std::str::from_utf8(bytes) {
        let (line, col) = position(bytes, e.valid_up_to());
        let line = line + first_line - 1;
        return Err(Error::input(format!(
            "{name}:{line}:{col}: invalid UTF-8 byte sequence (masq reads UTF-8 text; re-encode the file, e.g. with iconv)"
        )));
    }

    Ok(())
}

fn check_header(name: &str, header: &[String]) -> Result<()> {
    if header.is_empty() {
        return Err(Error::input(format!("{name}: file is empty")));
    }
    let mut seen = std::collections::HashMap::new();
    for (i, h) in header.iter().enumerate() {
        if h.is_empty() {
            return Err(Error::input(format!(
                "{name}:1: empty column name (column {})",
                i + 1
            )));
        }
        if let Some(first) = seen.insert(h.clone(), i) {
            return Err(Error::input(format!(
                "{name}:1: duplicate column name '{}' (columns {} and {})",
                crate::text::one_line(h),
                first + 1,
                i + 1
            )));
        }
    }
    Ok(())
}

fn unquote(raw: &[u8]) -> String {
    let s = String::from_utf8_lossy(raw);
    let t = s.trim_end_matches(['\r']);
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t[1..t.len() - 1].replace("\"\"", "\"")
    } else {
        t.to_string()
    }
}

/// 1-based line and column (in bytes) of byte offset `at`.
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, at - start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &[u8]) -> String {
        validate("f.csv", s, b',').unwrap_err().to_string()
    }

    #[test]
    fn accepts_quotes_newlines_and_crlf() {
        let h = validate(
            "f.csv",
            b"a,b\r\n\"x,\"\"y\"\"\",\"multi\nline\"\r\n1,2",
            b',',
        )
        .unwrap();
        assert_eq!(h, vec!["a", "b"]);
    }

    #[test]
    fn header_only_is_fine() {
        assert_eq!(validate("f.csv", b"a,b\n", b',').unwrap(), vec!["a", "b"]);
    }

    #[test]
    fn ragged_row_names_the_line() {
        assert_eq!(
            err(b"a,b\n1,2\n3\n"),
            "f.csv:3: row has 1 field but the header has 2 (ragged row)"
        );
        assert!(err(b"a,b\n1,2,3\n").starts_with("f.csv:2: row has 3 fields"));
    }

    #[test]
    fn unterminated_quote_names_where_it_opened() {
        assert_eq!(
            err(b"a,b\n1,2\n3,\"open\n4,5\n"),
            "f.csv:3:3: unterminated quoted field (the quote opened here is never closed)"
        );
    }

    #[test]
    fn non_utf8_names_line_and_column() {
        assert!(err(b"a,b\n1,ok\n2,caf\xe9\n").starts_with("f.csv:3:6: invalid UTF-8"));
    }

    #[test]
    fn duplicate_header() {
        assert_eq!(
            err(b"id,email,id\n1,2,3\n"),
            "f.csv:1: duplicate column name 'id' (columns 1 and 3)"
        );
    }

    #[test]
    fn head_stops_after_n_rows_without_reading_the_rest() {
        let data = b"a,b\n1,2\n\"x\ny\",3\n4,5,6\n";
        let (h, end) = validate_head("f.csv", data, b',', 2, &Limits::default()).unwrap();
        assert_eq!(h, vec!["a", "b"]);
        assert_eq!(
            &data[..end],
            b"a,b\n1,2\n\"x\ny\",3\n",
            "two records, one with a quoted newline"
        );
        assert!(
            validate("f.csv", data, b',').is_err(),
            "the ragged row after the head is still caught by a full check"
        );
        assert_eq!(
            validate_head("f.csv", b"a,b\n1,2\n", b',', 0, &Limits::default())
                .unwrap()
                .1,
            4
        );
    }

    fn limited(s: &[u8], field_bytes: usize, columns: usize) -> String {
        let limits = Limits {
            field_bytes,
            columns,
            ..Limits::default()
        };
        match validate_head("f.csv", s, b',', usize::MAX, &limits) {
            Ok(_) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_field_longer_than_the_limit_is_refused_with_its_place() {
        let csv = b"id,notes\n1,short\n2,\"0123456789\nabcdef\"\n";
        // The field is 19 bytes in the file: 17 between its quotes.
        assert_eq!(limited(csv, 19, 100), "ok", "a field of 19 bytes fits 19");
        assert_eq!(
            limited(csv, 18, 100),
            "f.csv:3:3: field 2 is 19 bytes, longer than the limit of 18 bytes (an unclosed quote? raise the limit with --max-field-size)"
        );
        assert!(limited(b"name\nabcdef", 5, 100).starts_with("f.csv:2:1: field 1 is 6 bytes"));
    }

    #[test]
    fn a_header_wider_than_the_limit_is_refused() {
        assert_eq!(limited(b"a,b,c\n1,2,3\n", 100, 3), "ok");
        assert_eq!(
            limited(b"a,b,c,d\n1,2,3,4\n", 100, 3),
            "f.csv:1: more than 3 columns, the limit (raise it with --max-columns)"
        );
    }

    #[test]
    fn blank_lines_are_skipped() {
        assert!(validate("f.csv", b"a,b\n\n1,2\n\n", b',').is_ok());
    }
}
