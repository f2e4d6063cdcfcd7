//! `rustha`: the cluster administration command. All logic lives in the `rustha_cli` library.

fn main() -> std::process::ExitCode {
    rustha_cli::main(std::env::args().collect())
}
