//! Compressed inputs and outputs: `.gz` and `.zst` are read and written streamed, give the same
//! rows as the plain file, and a damaged stream is bad input that writes nothing.

use crate::util::*;
use std::io::{Read, Write};
use std::path::Path;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unzstd(bytes: &[u8]) -> Vec<u8> {
    zstd::decode_all(bytes).unwrap()
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Asserts two outputs are the same bytes, without printing them.
fn same(got: &[u8], expected: &[u8]) {
    assert!(
        got == expected,
        "outputs differ ({} vs {} bytes)",
        got.len(),
        expected.len()
    );
}

/// Runs `masq run INPUT -o OUT --key-file KEY -q` and asserts success.
fn run_ok(w: &Work, input: &Path, out: &str) {
    masq_run(input, w.path(out))
        .arg("--key-file")
        .arg(w.key(7))
        .arg("-q")
        .assert()
        .success();
}

#[test]
fn a_gzipped_csv_gives_the_same_rows_as_the_plain_file_and_keeps_its_name() {
    let w = Work::new();
    let plain = std::fs::read(fixture("customers_en.csv")).unwrap();
    let csv = w.write("in/customers.csv", &plain);
    // Two gzip members, as `cat a.gz b.gz` makes: one stream to the reader.
    let cut = plain.len() / 2;
    let mut two = gzip(&plain[..cut]);
    two.extend(gzip(&plain[cut..]));
    let gz = w.write("in/customers.csv.gz", two);

    run_ok(&w, &csv, "plain/");
    run_ok(&w, &gz, "gz/");

    assert_eq!(
        w.files()
            .into_iter()
            .filter(|f| f.starts_with("gz/"))
            .collect::<Vec<_>>(),
        ["gz/customers.csv.gz"]
    );
    let expected = bytes(&w.path("plain/customers.csv"));
    same(&gunzip(&bytes(&w.path("gz/customers.csv.gz"))), &expected);
    assert!(
        read(&w.path("gz/customers.csv.gz")).equals_missing(&read(&w.path("plain/customers.csv")))
    );
}

#[test]
fn the_output_format_can_add_or_drop_compression() {
    let w = Work::new();
    let csv = w.write("customers.csv", bytes(&fixture("customers_en.csv")));
    run_ok(&w, &csv, "plain.csv");
    let expected = bytes(&w.path("plain.csv"));

    // By the output's extension: zstd, read back by masq and by the zstd format itself.
    run_ok(&w, &csv, "out.csv.zst");
    same(&unzstd(&bytes(&w.path("out.csv.zst"))), &expected);
    assert!(read(&w.path("out.csv.zst")).equals_missing(&read(&w.path("plain.csv"))));

    // By --output-format into a folder: the input's name with the new extension.
    masq_run(&csv, w.path("dir/"))
        .args(["--output-format", "csv.gz", "-q", "--key-file"])
        .arg(w.key(7))
        .assert()
        .success();
    same(&gunzip(&bytes(&w.path("dir/customers.csv.gz"))), &expected);

    // From compressed to plain: --output-format csv to stdout.
    let zst = w.write(
        "customers.csv.zst",
        zstd::encode_all(&bytes(&csv)[..], 3).unwrap(),
    );
    let out = masq_run(&zst, "-")
        .args(["--output-format", "csv", "-q", "--key-file"])
        .arg(w.key(7))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    same(&out.stdout, &expected);
}

#[test]
fn gzipped_ndjson_reads_and_writes() {
    let w = Work::new();
    let nd = w.write("orders.ndjson", bytes(&fixture("orders.ndjson")));
    let gz = w.write("orders.ndjson.gz", gzip(&bytes(&nd)));
    run_ok(&w, &nd, "plain/");
    run_ok(&w, &gz, "gz/");
    let expected = bytes(&w.path("plain/orders.ndjson"));
    same(&gunzip(&bytes(&w.path("gz/orders.ndjson.gz"))), &expected);
}

#[test]
fn stdin_takes_a_compressed_format_and_stdout_can_give_one() {
    let w = Work::new();
    let plain = bytes(&fixture("customers_en.csv"));
    let csv = w.write("customers.csv", &plain);
    run_ok(&w, &csv, "plain.csv");
    let expected = bytes(&w.path("plain.csv"));

    let out = masq()
        .args(["run", "-", "--format", "csv.gz", "-o", "-", "-q"])
        .args(["--output-format", "csv.gz", "--key-file"])
        .arg(w.key(7))
        .write_stdin(gzip(&plain))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    same(&gunzip(&out.stdout), &expected);
}

#[test]
fn scan_reads_the_head_of_a_compressed_file() {
    let w = Work::new();
    let plain = bytes(&fixture("customers_en.csv"));
    let gz = w.write("customers.csv.gz", gzip(&plain));
    let out = masq_scan(&gz).args(["--max-rows", "3"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("email"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("only the first 3 rows"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_truncated_or_corrupt_stream_exits_2_names_the_file_and_writes_nothing() {
    let w = Work::new();
    let plain = bytes(&fixture("customers_en.csv"));
    let packed = gzip(&plain);
    let cases = [
        (
            "cut.csv.gz",
            packed[..packed.len() / 2].to_vec(),
            "truncated",
        ),
        ("plain.csv.gz", plain.clone(), "not valid gzip"),
        ("plain.csv.zst", plain.clone(), "not valid zstd"),
    ];
    for (name, data, why) in cases {
        let input = w.write(name, data);
        let dest = w.path(&format!("out-{name}"));
        let out = masq_run(&input, &dest)
            .arg("--key-file")
            .arg(w.key(7))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(name) && err.contains(why), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        for value in ["@", "Smith", "+1"] {
            assert!(!err.contains(value), "{name}: a value in {err}");
        }
        assert!(!dest.exists(), "{name}: something was written");
        let partials: Vec<_> = w
            .files()
            .into_iter()
            .filter(|f| f.contains(".masq-"))
            .collect();
        assert!(partials.is_empty(), "{partials:?}");
    }
}

#[test]
fn parquet_is_never_compressed_around() {
    let w = Work::new();
    let csv = w.write("customers.csv", bytes(&fixture("customers_en.csv")));
    let out = masq_run(&csv, w.path("dir/"))
        .args(["--output-format", "parquet.gz"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("parquet is compressed inside"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_folder_output_named_for_the_output_format_drops_the_compression_suffix() {
    let w = Work::new();
    let plain = bytes(&fixture("customers_en.csv"));
    let gz = w.write("customers.csv.gz", gzip(&plain));
    let dir = w.path("out");
    masq_run(&gz, format!("{}/", dir.display()))
        .arg("--output-format")
        .arg("csv")
        .arg("--key-file")
        .arg(w.key(5))
        .arg("-q")
        .assert()
        .success();
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["customers.csv"]);
    assert!(bytes(&dir.join("customers.csv")).starts_with(b"customer_id,"));
}
