//! Every `ocf-metadata/<agent>.xml` is valid against the OCF DTD and is exactly what the built
//! agent prints for `meta-data`, also when run as an unprivileged user; `--help` and the man page
//! list every parameter the meta-data declares.

use std::path::PathBuf;
use std::process::Command;

use rustha_harness::bin;

const DTD: &str = "/usr/share/resource-agents/ra-api-1.dtd";

fn metadata_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ocf-metadata");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("ocf-metadata/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no metadata in {}", dir.display());
    v
}

fn parameter_names(xml: &str) -> Vec<String> {
    xml.split("<parameter name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn checked_in_metadata_is_valid_and_current() {
    for file in metadata_files() {
        let name = file.file_stem().unwrap().to_str().unwrap().to_string();
        let out = Command::new("xmllint")
            .args(["--noout", "--dtdvalid", DTD])
            .arg(&file)
            .output()
            .expect("xmllint (libxml2-utils)");
        assert!(
            out.status.success(),
            "{} is not valid: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );

        let agent = bin(&name);
        let checked_in = std::fs::read_to_string(&file).unwrap();
        // As nobody, the way ocf-tester runs it.
        let out = Command::new("setpriv")
            .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
            .arg(&agent)
            .arg("meta-data")
            .output()
            .expect("setpriv");
        assert!(out.status.success(), "{name} meta-data as nobody failed");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            checked_in,
            "{} differs from `{name} meta-data`; run `make metadata`",
            file.display()
        );

        let help = Command::new(&agent).arg("--help").output().unwrap();
        let help = String::from_utf8_lossy(&help.stdout).into_owned();
        let man = Command::new(&agent).arg("--man").output().unwrap();
        let man = String::from_utf8_lossy(&man.stdout).into_owned();
        for p in parameter_names(&checked_in) {
            assert!(help.contains(&format!("--{p}")), "{name} --help lacks {p}");
            assert!(
                man.contains(&p.replace('_', "\\_")) || man.contains(&p),
                "{name} man page lacks {p}"
            );
        }
    }
}
