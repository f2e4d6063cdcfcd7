//! The packages: `make deb` and `make rpm` pass the distributions' checks (`packages`), and the
//! .deb installed on a clean Debian 12 system works as an administrator would try it
//! (`clean_system`).

mod clean_system;
mod packages;
