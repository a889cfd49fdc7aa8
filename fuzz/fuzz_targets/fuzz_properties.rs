#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use xai_lint::classify::Format;

fuzz_target!(|data: &[u8]| {
    common::run(Format::Properties, data);
});
