//! `proxy`: the ocf:rustha:proxy resource agent, the load balancer daemon (`proxy run`) and its
//! validator (`proxy check`). All logic lives in the `rustha_proxy` library.

fn main() -> std::process::ExitCode {
    rustha::run::<rustha_proxy::Proxy>()
}
