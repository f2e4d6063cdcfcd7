//! Tests of the keepalived.conf reader and its translation.

use super::*;

#[test]
fn the_token_detects_a_dead_node_as_soon_as_vrrp_did() {
    for (advert, token) in [(1.0, 900), (2.0, 2270), (0.5, 340), (0.01, 10)] {
        let t = detection_token(advert);
        assert_eq!(t, token, "advert_int {advert}");
        // token + consensus (1.2 tokens) within three adverts, with a second to spare for
        // Pacemaker when the adverts leave room for it.
        let spare = if advert >= 2.0 / 3.0 { 1000.0 } else { 0.0 };
        assert!(
            t as f64 * 2.2 + spare <= advert * 3000.0 || t == 10,
            "advert_int {advert}"
        );
    }
}

#[test]
fn blocks_nest_and_close_on_one_line() {
    let t = tokenize("a {\n  b { c }\n  d \"x y\" # c\n}\n");
    let mut pos = 0;
    let top = block(Path::new("k"), &t, &mut pos, 0).unwrap();
    assert_eq!(top.len(), 1);
    let kids = top[0].children.as_ref().unwrap();
    assert_eq!(kids[0].children.as_ref().unwrap()[0].key.text, "c");
    assert_eq!(kids[1].args[0].text, "x y");
}

#[test]
fn unbalanced_braces_are_located() {
    let t = tokenize("a {\n b\n");
    let e = block(Path::new("k"), &t, &mut 0, 0).unwrap_err();
    assert!(e.to_string().starts_with("k:2:1:"), "{e}");
    let t = tokenize("}\n");
    let e = block(Path::new("k"), &t, &mut 0, 0).unwrap_err();
    assert!(e.to_string().starts_with("k:1:1:"), "{e}");
}
