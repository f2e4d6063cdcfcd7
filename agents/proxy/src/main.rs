fn main() -> std::process::ExitCode {
    rustha::run::<rustha_proxy::Proxy>()
}
