//! Every kind's faker takes any original (format-keeping fakers read its shape) and returns a
//! surrogate, without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rand::SeedableRng;

fuzz_target!(|data: (u64, &str)| {
    let (seed, original) = data;
    for kind in masq::Kind::all() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let _ = masq::transform::fakers::fake(kind, original, &mut rng);
    }
});
