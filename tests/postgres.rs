//! PostgreSQL in and out against a real server (`.ci/run` starts one with
//! `scripts/pg-test-server.sh` and sets `MASQ_TEST_PG_URL`; outside CI these tests say they were
//! skipped). Each test works in a database of its own, created empty and dropped at the end.

use crate::util::*;

/// The server's URL, or `None` (with the reason printed) outside CI.
fn server() -> Option<String> {
    match std::env::var("MASQ_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ if std::env::var_os("CI").is_some() => {
            panic!(
                "MASQ_TEST_PG_URL is not set: .ci/run starts a PostgreSQL server for these tests"
            )
        }
        _ => {
            eprintln!(
                "skipped: MASQ_TEST_PG_URL is not set (bash scripts/pg-test-server.sh start prints one)"
            );
            None
        }
    }
}

/// A fresh, empty database on the server, dropped when this is.
struct Db {
    admin: String,
    name: String,
    /// The database's URL (no query).
    url: String,
}

impl Db {
    fn new(server: &str, test: &str) -> Db {
        let name = format!(
            "masq_{test}_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let mut c = postgres::Client::connect(server, postgres::NoTls).expect("the test server");
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = server.rsplit_once('/').expect("a URL with a database").0;
        Db {
            admin: server.to_string(),
            url: format!("{base}/{name}"),
            name,
        }
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }

    fn table(&self, t: &str) -> String {
        format!("{}?table={t}", self.url)
    }

    fn schema(&self, s: &str) -> String {
        format!("{}?schema={s}", self.url)
    }

    fn one<T: for<'a> postgres::types::FromSql<'a>>(&self, sql: &str) -> T {
        self.client().query_one(sql, &[]).unwrap().get(0)
    }

    /// `masq run` of one table into a new schema `anon`, keyed by `key`; add flags, then run.
    fn run_into_anon(&self, table: &str, key: impl AsRef<std::ffi::OsStr>) -> assert_cmd::Command {
        let mut c = masq();
        c.arg("run")
            .arg(self.table(table))
            .arg("-o")
            .arg(self.schema("anon"))
            .arg("--key-file")
            .arg(key);
        c
    }

    fn schema_exists(&self, s: &str) -> bool {
        self.one(&format!(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{s}')"
        ))
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

const SHOP: &str = r#"
CREATE SCHEMA src;
CREATE TABLE src.customers (
  customer_id integer PRIMARY KEY,
  full_name text NOT NULL,
  email varchar(120) NOT NULL UNIQUE,
  country char(2) NOT NULL,
  joined date NOT NULL,
  score numeric(6,2) CHECK (score >= 0)
);
CREATE TABLE src.orders (
  order_id bigint PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES src.customers (customer_id),
  placed timestamptz NOT NULL,
  amount numeric(10,2) NOT NULL CHECK (amount > 0),
  status text
);
CREATE INDEX orders_placed ON src.orders (placed);
CREATE TABLE src.order_items (
  order_id bigint NOT NULL REFERENCES src.orders (order_id),
  line smallint NOT NULL,
  sku text NOT NULL,
  qty integer NOT NULL,
  PRIMARY KEY (order_id, line)
);
INSERT INTO src.customers
SELECT i,
       (ARRAY['Anna','Lukas','Marie','Jonas','Sofia','Elias','Mia','Noah'])[1 + i % 8] || ' ' ||
       (ARRAY['Schmidt','Müller','Schneider','Fischer','Weber','Meyer','Wagner','Becker','Hoffmann','Schulz'])[1 + (i / 8) % 10],
       lower((ARRAY['anna','lukas','marie','jonas','sofia','elias','mia','noah'])[1 + i % 8]) || '.' ||
       lower((ARRAY['schmidt','mueller','schneider','fischer','weber','meyer','wagner','becker','hoffmann','schulz'])[1 + (i / 8) % 10]) ||
       i || '@mail.example.org',
       (ARRAY['DE','AT','CH'])[1 + i % 3],
       date '2020-01-01' + i,
       CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 97) * 1.25 END
FROM generate_series(1, 300) i;
INSERT INTO src.orders
SELECT 100000 + i, 1 + (i * 7) % 300,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '37 minutes 13 seconds',
       5 + (i % 50) * 1.1,
       (ARRAY['new','paid','shipped',NULL,''])[1 + i % 5]
FROM generate_series(1, 900) i;
INSERT INTO src.order_items
SELECT 100000 + i, l, 'SKU-' || ((i * l) % 40), 1 + (i + l) % 3
FROM generate_series(1, 900) i, generate_series(1, 2) l;
"#;

/// Column types and NOT NULL of `schema.table`, as the catalog writes them.
fn columns(db: &Db, schema: &str, table: &str) -> Vec<(String, String, bool)> {
    db.client()
        .query(
            "SELECT attname::text, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute \
             WHERE attrelid = ($1 || '.' || $2)::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            &[&schema, &table],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

/// Constraints of `schema.table`, with the schema's name in references written as `S`.
fn constraints(db: &Db, schema: &str, table: &str) -> Vec<(String, String)> {
    db.client()
        .query(
            "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE conrelid = ($1 || '.' || $2)::regclass ORDER BY conname",
            &[&schema, &table],
        )
        .unwrap()
        .iter()
        .map(|r| {
            let def: String = r.get(1);
            (r.get(0), def.replace(&format!("{schema}."), "S."))
        })
        .collect()
}

fn digest(db: &Db, schema: &str, table: &str, cols: &str, order: &str) -> String {
    db.one(&format!(
        "SELECT md5(string_agg(concat_ws('|', {cols}), ',' ORDER BY {order})) FROM {schema}.{table}"
    ))
}

#[test]
fn three_related_tables_become_a_new_schema_with_types_constraints_and_untouched_columns_kept() {
    let Some(server) = server() else { return };
    let db = Db::new(&server, "shop");
    db.client().batch_execute(SHOP).unwrap();
    let w = Work::new();
    let (report, html) = (w.path("r.json"), w.path("r.html"));
    let out = masq()
        .arg("run")
        .args([
            db.table("src.customers"),
            db.table("src.orders"),
            db.table("src.order_items"),
        ])
        .arg("-o")
        .arg(db.schema("anon"))
        .arg("--key-file")
        .arg(w.key(5))
        .arg("--report")
        .arg(&report)
        .arg("--report-html")
        .arg(&html)
        // Batches of 4 KiB: each table streams into the open transaction in many pieces.
        .args(["--batch-size", "4096"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    for t in ["customers", "orders", "order_items"] {
        assert_eq!(
            columns(&db, "src", t),
            columns(&db, "anon", t),
            "{t}: types"
        );
        assert_eq!(
            constraints(&db, "src", t),
            constraints(&db, "anon", t),
            "{t}: keys, checks and foreign keys (into the new schema)"
        );
    }
    let idx: String = db.one(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'anon' AND indexname = 'orders_placed'",
    );
    assert!(idx.contains("ON anon.orders"), "{idx}");
    // Untouched columns are the same values, byte for byte as the server writes them.
    for (t, cols, order) in [
        (
            "customers",
            "customer_id, country, joined, score",
            "customer_id",
        ),
        (
            "orders",
            "order_id, customer_id, placed, amount, status",
            "order_id",
        ),
        ("order_items", "order_id, line, sku, qty", "order_id, line"),
    ] {
        assert_eq!(
            digest(&db, "src", t, cols, order),
            digest(&db, "anon", t, cols, order),
            "{t}"
        );
    }
    // Personal columns were replaced; the rows still join.
    let same: i64 = db.one(
        "SELECT count(*) FROM anon.customers a JOIN src.customers s ON a.email = s.email OR a.full_name = s.full_name",
    );
    assert_eq!(same, 0);
    let nulls: i64 = db.one("SELECT count(*) FROM anon.customers WHERE score IS NULL");
    assert_eq!(nulls, 27, "NULL stays NULL");
    let (nulls, empty): (i64, i64) = {
        let r = db
            .client()
            .query_one(
                "SELECT count(*) FILTER (WHERE status IS NULL), count(*) FILTER (WHERE status = '') FROM anon.orders",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((nulls, empty), (180, 180), "NULL and '' stay apart");
    let joined: i64 = db.one(
        "SELECT count(*) FROM anon.order_items i JOIN anon.orders o USING (order_id) JOIN anon.customers c USING (customer_id)",
    );
    assert_eq!(joined, 1800);
    // The report names the tables by URL, and the schema written.
    let r = read_report(&report);
    assert_eq!(r["verdict"], "written");
    assert!(
        r["inputs"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("?table=src.customers")
    );
    assert!(
        r["inputs"][2]["output"]
            .as_str()
            .unwrap()
            .ends_with("(anon.order_items)")
    );
    // A slice of the database as a fixture pack of files, along the catalog's foreign keys.
    let out = masq()
        .arg("subset")
        .args([
            db.table("src.customers"),
            db.table("src.orders"),
            db.table("src.order_items"),
        ])
        .args(["--root", "customers", "--rows", "20", "-o"])
        .arg(w.path("pack/"))
        .arg("--key-file")
        .arg(w.key(5))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(&w.path("pack/customers.csv")).height(), 20);
    let r = read_report(&w.path("pack/report.json"));
    assert_eq!(r["subset"]["passed"], true);
    let rels: Vec<(&str, &str, &str)> = r["subset"]["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["from"].as_str().unwrap(),
                x["to"].as_str().unwrap(),
                x["declared_by"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rels,
        [
            ("orders.customer_id", "customers.customer_id", "catalog"),
            ("order_items.order_id", "orders.order_id", "catalog")
        ],
        "relations from the catalog's foreign keys"
    );
    assert!(
        r["inputs"][1]["path"]
            .as_str()
            .unwrap()
            .ends_with("?table=src.orders")
    );

    // Running again into the same schema is refused, and leaves it as it was.
    let again = masq()
        .arg("run")
        .arg(db.table("src.customers"))
        .arg("-o")
        .arg(db.schema("anon"))
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("schema anon exists"),
        "{}",
        stderr(&again)
    );
    let n: i64 = db.one("SELECT count(*) FROM anon.customers");
    assert_eq!(n, 300);
}

#[test]
fn a_planted_leak_or_a_failed_load_leaves_no_target_schema() {
    let Some(server) = server() else { return };
    let db = Db::new(&server, "leak");
    db.client()
        .batch_execute(
            "CREATE SCHEMA src;
             CREATE TABLE src.people (id int PRIMARY KEY, email varchar(22) NOT NULL, contact text);
             INSERT INTO src.people SELECT i, 'p' || i || '@ex.org', 'p' || i || '@ex.org'
             FROM generate_series(1, 200) i;",
        )
        .unwrap();
    let w = Work::new();
    // The contact column is kept by the policy: the originals it holds are a leak.
    let policy = w.write("p.toml", "[columns.contact]\nstrategy = \"keep\"\n");
    let out = db
        .run_into_anon("src.people", w.key(1))
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(
        !db.schema_exists("anon"),
        "a refused gate creates no schema"
    );

    // Surrogate e-mails longer than varchar(22): the load fails halfway and is rolled back.
    let out = db.run_into_anon("src.people", w.key(1)).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("value too long for type character varying(22)")
            && err.contains("rolled back"),
        "{err}"
    );
    assert!(!err.contains("@ex.org"), "no value in the message: {err}");
    assert!(!db.schema_exists("anon"), "a failed load leaves no schema");

    // A column the policy drops is not created in the target.
    let policy = w.write(
        "q.toml",
        "[columns.contact]\nstrategy = \"drop\"\n[columns.email]\nstrategy = \"hash\"\n",
    );
    let out = db
        .run_into_anon("src.people", w.key(1))
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let cols: i64 = db.one(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'anon' AND table_name = 'people'",
    );
    assert_eq!(cols, 2);
}

#[test]
fn runs_that_cannot_finish_exit_2_name_the_table_and_leave_no_schema() {
    let Some(server) = server() else { return };
    let db = Db::new(&server, "early");
    db.client()
        .batch_execute(
            "CREATE SCHEMA src;
             CREATE TABLE src.people (id int PRIMARY KEY, email text NOT NULL);
             INSERT INTO src.people SELECT i, 'p' || i || '@ex.org' FROM generate_series(1, 50) i;",
        )
        .unwrap();
    let w = Work::new();
    // A report that exists already (no --force).
    let report = w.write("r.json", "{\"earlier\": true}");
    let out = db
        .run_into_anon("src.people", w.key(1))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "{\"earlier\": true}"
    );
    assert!(!db.schema_exists("anon"));

    // A file among the inputs of a schema output: its columns have no types to create.
    let file = w.write("extra.csv", "id,email\n1,a@b.org\n");
    let out = masq()
        .arg("run")
        .arg(db.table("src.people"))
        .arg(&file)
        .arg("-o")
        .arg(db.schema("anon"))
        .arg("--key-file")
        .arg(w.key(1))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("takes PostgreSQL tables as inputs"), "{err}");
    assert!(!db.schema_exists("anon"));

    // An input past a limit is named by its URL, not by the path of its temporary copy.
    let out = db
        .run_into_anon("src.people", w.key(1))
        .args(["--max-field-size", "8"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{}:", db.table("src.people")))
            && err.contains("longer than the limit"),
        "{err}"
    );
    assert!(!err.contains("masq-pg-"), "{err}");
    assert!(!db.schema_exists("anon"));
}

#[test]
fn scan_samples_big_tables_and_takes_relations_from_the_catalog() {
    let Some(server) = server() else { return };
    let db = Db::new(&server, "scan");
    db.client()
        .batch_execute(
            "CREATE SCHEMA src;
             CREATE TABLE src.people (id int PRIMARY KEY, full_name text, email text);
             INSERT INTO src.people SELECT i,
               (ARRAY['Anna','Lukas','Marie','Jonas'])[1 + i % 4] || ' ' ||
               (ARRAY['Schmidt','Weber','Meyer','Wagner','Becker'])[1 + (i / 4) % 5],
               'person' || i || '@mail.example.org'
             FROM generate_series(1, 20000) i;
             CREATE TABLE src.visits (visit_id int PRIMARY KEY, guest int NOT NULL REFERENCES src.people (id), room text);
             INSERT INTO src.visits SELECT i, 1 + (i * 7919) % 20000, 'R' || (i % 40) FROM generate_series(1, 5000) i;
             ANALYZE;",
        )
        .unwrap();
    let scan = || {
        let out = masq()
            .arg("scan")
            .args([db.table("src.people"), db.table("src.visits")])
            .args(["--max-rows", "1000", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap()
    };
    let r = scan();
    let inputs = r["inputs"].as_array().unwrap();
    assert_eq!(inputs[0]["path"], db.table("src.people").as_str());
    let rows = |i: usize| inputs[i]["rows"].as_u64().unwrap();
    assert!(
        (500..=1000).contains(&rows(0)) && (500..=1000).contains(&rows(1)),
        "about --max-rows rows of each table: {} and {}",
        rows(0),
        rows(1)
    );
    let kind = |c: &str| {
        inputs[0]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == c)
            .map(|x| x["kind"].clone())
            .unwrap()
    };
    assert_eq!(kind("email"), "email");
    assert_eq!(kind("full_name"), "person_name");
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("of about 20000 rows was scanned (TABLESAMPLE SYSTEM"),
        "{warnings}"
    );
    // The sampled rows hold few of each other's keys; the catalog's foreign key is kept.
    let rel = r["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["from_table"] == "visits" && x["from_column"] == "guest")
        .cloned()
        .unwrap_or_else(|| panic!("no relation from visits.guest: {}", r["relations"]));
    assert_eq!(
        (&rel["to_table"], &rel["to_column"]),
        (&"people".into(), &"id".into())
    );
    assert!(
        rel["evidence"]
            .as_str()
            .unwrap()
            .contains("foreign key visits_guest_fkey in the database's catalog"),
        "{}",
        rel["evidence"]
    );
    // The same sample each time.
    let again = scan();
    assert_eq!(again["inputs"][0]["rows"], inputs[0]["rows"]);
    assert_eq!(again["relations"], r["relations"]);
}

#[test]
fn a_run_killed_or_interrupted_while_loading_leaves_no_schema() {
    let Some(server) = server() else { return };
    let db = Db::new(&server, "kill");
    db.client()
        .batch_execute(
            "CREATE SCHEMA src;
             CREATE TABLE src.people (id int PRIMARY KEY, email text NOT NULL, city text);
             INSERT INTO src.people SELECT i, 'p' || i || '@ex.org', 'c' || (i % 50)
             FROM generate_series(1, 100000) i;",
        )
        .unwrap();
    let w = Work::new();
    let key = w.key(2);
    // Rows are being loaded into the open transaction: the COPY of the new schema is running.
    let loading = || -> bool {
        db.one::<i64>(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY \"anon\".%FROM STDIN%'",
        ) > 0
    };
    for sig in ["KILL", "INT"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_masq"))
            .env_remove("MASQ_KEY")
            .arg("run")
            .arg(db.table("src.people"))
            .arg("-o")
            .arg(db.schema("anon"))
            .arg("--key-file")
            .arg(&key)
            // Small batches: the load goes on for most of the run.
            .args(["--batch-size", "65536", "--quiet"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while !loading() {
            assert!(
                child.try_wait().unwrap().is_none(),
                "{sig}: the run ended before its load was seen"
            );
            assert!(started.elapsed().as_secs() < 120, "{sig}: no load seen");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        // Being loaded, yet nobody else sees it.
        assert!(
            !db.schema_exists("anon"),
            "{sig}: visible before its commit"
        );
        let ok = std::process::Command::new("kill")
            .args(["-s", sig, &child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        let status = child.wait().unwrap();
        assert!(!status.success(), "{sig}: the run must not exit 0");
        // The server ends the transaction when the connection drops.
        let t = std::time::Instant::now();
        while loading() && t.elapsed().as_secs() < 30 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(!db.schema_exists("anon"), "{sig}: a schema was left behind");
    }
    // Nothing lingers: the same run now completes.
    let out = db.run_into_anon("src.people", &key).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(db.one::<i64>("SELECT count(*) FROM anon.people"), 100000);
}

#[test]
fn a_partitioned_table_becomes_a_plain_table_with_its_rows_key_and_index() {
    let Some(server) = server() else { return };
    let db = Db::new(&server, "parts");
    db.client()
        .batch_execute(
            "CREATE SCHEMA src;
             CREATE TABLE src.events (id int, day date NOT NULL, email text, PRIMARY KEY (id, day))
               PARTITION BY RANGE (day);
             CREATE TABLE src.events_2024 PARTITION OF src.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
             CREATE TABLE src.events_2025 PARTITION OF src.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
             CREATE INDEX events_email ON src.events (email);
             INSERT INTO src.events SELECT i, date '2024-06-01' + (i % 400), 'e' || i || '@ex.org'
             FROM generate_series(1, 600) i;",
        )
        .unwrap();
    let indexes_before: i64 = db.one("SELECT count(*) FROM pg_indexes WHERE schemaname = 'src'");
    let w = Work::new();
    let out = db.run_into_anon("src.events", w.key(1)).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(db.one::<i64>("SELECT count(*) FROM anon.events"), 600);
    assert_eq!(
        db.one::<i64>("SELECT count(*) FROM anon.events a JOIN src.events s ON a.email = s.email"),
        0
    );
    let idx: String = db.one(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'anon' AND indexname = 'events_email'",
    );
    assert!(idx.contains("ON anon.events"), "{idx}");
    assert_eq!(
        constraints(&db, "anon", "events"),
        constraints(&db, "src", "events")
    );
    assert_eq!(
        db.one::<i64>("SELECT count(*) FROM pg_indexes WHERE schemaname = 'src'"),
        indexes_before,
        "the source is not touched"
    );
}

#[test]
fn the_password_of_a_url_appears_nowhere() {
    let Some(server) = server() else { return };
    let db = Db::new(&server, "secret");
    db.client()
        .batch_execute(
            "CREATE TABLE public.clients (id int PRIMARY KEY, name text, email text);
             INSERT INTO public.clients VALUES (1, 'Anna Schmidt', 'anna@example.org'),
               (2, 'Lukas Weber', 'lukas.weber@example.org');",
        )
        .unwrap();
    const PW: &str = "Pw-9xQz7vT";
    // The test server trusts its socket, so any password is accepted and must still be hidden.
    let with_pw = |url: &str| {
        url.replacen(
            "postgresql://postgres@",
            &format!("postgresql://postgres:{PW}@"),
            1,
        )
    };
    assert!(with_pw(&db.url).contains(PW));
    let w = Work::new();
    let (report, html) = (w.path("r.json"), w.path("r.html"));
    let out = masq()
        .arg("run")
        .arg(with_pw(&db.table("clients")))
        .arg("-o")
        .arg(with_pw(&db.schema("anon")))
        .arg("--key-file")
        .arg(w.key(2))
        .arg("--report")
        .arg(&report)
        .arg("--report-html")
        .arg(&html)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.schema_exists("anon"));
    for (what, text) in [
        ("stdout", stdout(&out)),
        ("stderr", stderr(&out)),
        ("report", std::fs::read_to_string(&report).unwrap()),
        ("html", std::fs::read_to_string(&html).unwrap()),
    ] {
        assert!(!text.contains(PW), "{what} holds the password");
    }
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("postgresql://postgres@")
    );
    // Nor in the error of a connection that fails.
    let port: u16 = db
        .url
        .rsplit_once(':')
        .unwrap()
        .1
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let wrong =
        with_pw(&db.table("clients")).replace(&format!(":{port}/"), &format!(":{}/", port + 1));
    let out = masq()
        .arg("run")
        .arg(&wrong)
        .arg("-o")
        .arg(w.path("x.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot connect"), "{}", stderr(&out));
    assert!(!stderr(&out).contains(PW), "{}", stderr(&out));
    assert!(!w.path("x.csv").exists());
}
