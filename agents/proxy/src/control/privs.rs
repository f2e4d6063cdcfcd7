//! `user`/`group` (`uid`/`gid`) and `chroot`: once its listeners are bound, the daemon gives up
//! root as HAProxy does, so the threads that parse what clients send hold no privilege and, with
//! `chroot`, see nothing of the file system but an (empty, read-only) jail.
//!
//! HAProxy reloads by starting a new process from a master that stays root and outside the jail.
//! This proxy reloads in place: the main thread reads the new configuration (and the files it
//! names) and may bind an address below 1024. So the main thread, which also runs the health
//! checks and admin sockets, keeps the real root directory and one capability,
//! `CAP_NET_BIND_SERVICE`; the worker threads, which carry all client traffic, keep no
//! capability and are the ones jailed. Linux keeps the root directory per thread when a thread
//! stops sharing it (`unshare(CLONE_FS)`), and credentials per thread too: glibc's
//! `setuid`/`setgid`/`setgroups` switch every thread, `PR_SET_KEEPCAPS` and `capset` only the
//! calling one, which is what lets the main thread alone keep its capability.
//!
//! As in HAProxy, a jailed thread resolves paths inside the jail: a `log /dev/log` target of a
//! worker thread is the jail's `dev/log` (Debian's rsyslog listens on
//! `/var/lib/haproxy/dev/log` for this), and a jail that does not exist stops the start.
//!
//! Where this differs from HAProxy on purpose: `user` without `group` takes the user's primary
//! group (HAProxy would keep group root), and the main thread keeps the real root directory
//! (see above).

use caps::{CapSet, Capability, CapsHashSet};
use std::path::Path;

use nix::unistd::{Gid, Uid};

use crate::config::Global;

/// The ids to switch to, if the file asks for any.
fn target(g: &Global) -> Option<(Uid, Gid)> {
    if g.uid.is_none() && g.gid.is_none() {
        return None;
    }
    let uid = g.uid.map(Uid::from_raw).unwrap_or_else(Uid::effective);
    let gid = g.gid.map(Gid::from_raw).unwrap_or_else(|| {
        nix::unistd::User::from_uid(uid)
            .ok()
            .flatten()
            .map(|u| u.gid)
            .unwrap_or_else(Gid::effective)
    });
    Some((uid, gid))
}

/// Whether giving up root can happen as the file asks: the jail (see `check_jail`), then
/// the switch, where root may become anyone and anyone else only itself. Called before the
/// daemon reports ready, so a start that cannot fails instead of running with the wrong
/// identity or root directory.
pub fn check(g: &Global) -> Result<(), String> {
    check_jail(g)?;
    let Some((uid, gid)) = target(g) else {
        return Ok(());
    };
    if Uid::effective().is_root() || (uid == Uid::effective() && gid == Gid::effective()) {
        Ok(())
    } else {
        Err(format!(
            "cannot switch to uid {uid} gid {gid}: the daemon does not run as root"
        ))
    }
}

/// Whether `chroot` can happen: the jail is a directory, and the daemon runs as root (which
/// `chroot(2)` needs).
fn check_jail(g: &Global) -> Result<(), String> {
    let Some(dir) = &g.chroot else {
        return Ok(());
    };
    let fail = |why: String| format!("cannot chroot({}): {why}", dir.display());
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(fail("not a directory".into())),
        Err(e) => return Err(fail(e.to_string())),
    }
    if !Uid::effective().is_root() {
        return Err(fail("the daemon does not run as root".into()));
    }
    Ok(())
}

/// Jail the calling thread in `dir`: it stops sharing the process's root directory, then
/// changes it. Run on each worker thread, as root, before [`drop_root`].
pub fn jail(dir: &Path) -> Result<(), String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        format!("cannot chroot({}): {what}: {e}", dir.display())
    };
    nix::sched::unshare(nix::sched::CloneFlags::CLONE_FS)
        .map_err(|e| fail("unshare the root directory", &e))?;
    nix::unistd::chroot(dir).map_err(|e| fail("chroot", &e))?;
    nix::unistd::chdir("/").map_err(|e| fail("chdir", &e))?;
    Ok(())
}

/// Switch every thread to the configured user and group; the calling (main) thread keeps
/// `CAP_NET_BIND_SERVICE` for binds at reload. Returns what it did, for the log.
pub fn drop_root(g: &Global) -> Result<Option<String>, String> {
    let Some((uid, gid)) = target(g) else {
        return Ok(None);
    };
    if !Uid::effective().is_root() {
        return Ok(None);
    }
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("cannot {what}: {e}");
    nix::sys::prctl::set_keepcaps(true).map_err(|e| fail("keep capabilities", &e))?;
    nix::unistd::setgroups(&[gid]).map_err(|e| fail("set the supplementary groups", &e))?;
    nix::unistd::setgid(gid).map_err(|e| fail(&format!("switch to gid {gid}"), &e))?;
    nix::unistd::setuid(uid).map_err(|e| fail(&format!("switch to uid {uid}"), &e))?;
    let keep: CapsHashSet = [Capability::CAP_NET_BIND_SERVICE].into_iter().collect();
    if !uid.is_root() {
        // Permitted first (it bounds Effective), then Effective; Inheritable stays empty.
        caps::set(None, CapSet::Permitted, &keep)
            .map_err(|e| fail("keep CAP_NET_BIND_SERVICE", &e))?;
        caps::set(None, CapSet::Effective, &keep)
            .map_err(|e| fail("raise CAP_NET_BIND_SERVICE", &e))?;
    }
    nix::sys::prctl::set_keepcaps(false).map_err(|e| fail("reset keep-capabilities", &e))?;
    Ok(Some(format!("running as uid {uid} gid {gid}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jail_at(dir: &Path) -> Global {
        Global {
            chroot: Some(dir.to_path_buf()),
            ..Global::default()
        }
    }

    #[test]
    fn a_jail_must_be_a_directory() {
        let file = std::env::temp_dir().join(format!("rustha-jail-file-{}", std::process::id()));
        std::fs::write(&file, "").unwrap();
        let e = check_jail(&jail_at(&file)).unwrap_err();
        std::fs::remove_file(&file).unwrap();
        assert!(e.ends_with("not a directory"), "{e}");
        assert!(
            e.starts_with(&format!("cannot chroot({})", file.display())),
            "{e}"
        );
        let e = check_jail(&jail_at(Path::new("/nonexistent/jail"))).unwrap_err();
        assert!(e.contains("No such file or directory"), "{e}");
        assert_eq!(check_jail(&Global::default()), Ok(()));
    }
}
