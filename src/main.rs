//! Minimal entry point on the `tui` branch: with no subcommand, open the TUI.
//! The lead's main.rs (with `check`) replaces this; it only needs to flatten
//! `ogi_lens::tui::TuiArgs` and call `ogi_lens::tui::run`.
use clap::Parser;

#[derive(Parser)]
#[command(name = "ogi-lens", version, about)]
struct Cli {
    #[command(flatten)]
    tui: ogi_lens::tui::TuiArgs,
}

fn main() {
    let cli = Cli::parse();
    match ogi_lens::tui::run(cli.tui) {
        Ok(code) => std::process::exit(code),
        Err(msg) => {
            eprintln!("ogi-lens: {msg}");
            std::process::exit(2);
        }
    }
}
