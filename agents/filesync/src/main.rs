fn main() -> std::process::ExitCode {
    rustha::run::<rustha_filesync::Filesync>()
}
