//! Print one synthetic report, to look at a layout by eye or to make a fixture:
//! `cargo run --example synth_dump -- <seed> <layout>`, layout one of
//! tsv, cell-per-line, pipe-cells, markdown, gfm-pipe, html, space-aligned.
//! With `--corpus DIR N [SEED [LAYOUT]]` it writes N reports into DIR
//! instead (of one layout when LAYOUT is given).
use ogi_lens::synth::{corpus_of, random_report, render, Layout};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--corpus") {
        let dir = args.get(1).map(String::as_str).unwrap_or("synth-corpus");
        let n = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
        let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
        let layouts: Vec<Layout> = Layout::ALL
            .into_iter()
            .filter(|l| args.get(4).is_none_or(|name| l.name() == name))
            .collect();
        match corpus_of(Path::new(dir), n, seed, &layouts) {
            Ok(paths) => eprintln!("wrote {} files to {dir}", paths.len()),
            Err(e) => {
                eprintln!("synth_dump: {e}");
                std::process::exit(2);
            }
        }
        return;
    }
    let seed = args.first().and_then(|s| s.parse().ok()).unwrap_or(0);
    let name = args.get(1).map(String::as_str).unwrap_or("tsv");
    let Some(layout) = Layout::ALL.into_iter().find(|l| l.name() == name) else {
        eprintln!("synth_dump: unknown layout {name}");
        std::process::exit(2);
    };
    print!("{}", render(&random_report(seed), layout));
}
