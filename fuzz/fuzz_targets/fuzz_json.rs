#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use xai_lint::classify::Format;

// The same bytes as plain JSON and as a Jupyter notebook (whose reader maps the facts of
// decoded cell sources back to file offsets).
fuzz_target!(|data: &[u8]| {
    common::run(Format::Json, data);
    common::run(Format::Notebook, data);
});
