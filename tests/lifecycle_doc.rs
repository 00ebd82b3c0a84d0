//! `docs/LIFECYCLE.md` shows the lifecycle table as the code has it:
//! `JIESU_UPDATE_DOCS=1 cargo test -p jiesu --test lifecycle_doc` rewrites the table part.

const BEGIN: &str = "<!-- lifecycle table: generated from src/ticket/lifecycle.rs -->\n";
const END: &str = "<!-- end of lifecycle table -->";

#[test]
fn lifecycle_doc_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/LIFECYCLE.md");
    let text = std::fs::read_to_string(&path).expect("docs/LIFECYCLE.md");
    let (Some(a), Some(b)) = (text.find(BEGIN), text.find(END)) else { panic!("docs/LIFECYCLE.md lacks the table markers") };
    let want = format!("{}{BEGIN}{}{}", &text[..a], jiesu::ticket::lifecycle::markdown(), &text[b..]);
    if std::env::var_os("JIESU_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    assert!(text == want, "docs/LIFECYCLE.md is stale: run JIESU_UPDATE_DOCS=1 cargo test -p jiesu --test lifecycle_doc");
}
