fn main() -> std::process::ExitCode {
    rustha_cli::main(std::env::args().collect())
}
