//! Every `extern "C"` function of the crate runs its whole body inside the one panic-catching
//! boundary macro, `ffi_boundary!`: this test parses every file under src/ (syn) and checks
//! that each such function's body is exactly one `ffi_boundary!(…)` invocation, so no code
//! runs outside `catch_unwind` and no panic can unwind into C.

use std::path::{Path, PathBuf};

use syn::visit::Visit;

const MACRO: &str = "ffi_boundary";

struct Finder {
    file: PathBuf,
    /// Exported (`#[no_mangle]`) functions that passed.
    checked: Vec<String>,
    violations: Vec<String>,
}

fn is_extern_c(sig: &syn::Signature) -> bool {
    sig.abi.as_ref().is_some_and(|abi| abi.name.as_ref().is_none_or(|n| matches!(n.value().as_str(), "C" | "C-unwind")))
}

fn body_is_boundary(block: &syn::Block) -> bool {
    let mac = match block.stmts.as_slice() {
        [syn::Stmt::Macro(m)] => &m.mac,
        [syn::Stmt::Expr(syn::Expr::Macro(m), None)] => &m.mac,
        _ => return false,
    };
    mac.path.segments.last().is_some_and(|s| s.ident == MACRO)
}

impl Finder {
    fn check(&mut self, sig: &syn::Signature, attrs: &[syn::Attribute], block: &syn::Block) {
        let exported = attrs.iter().any(|a| a.path().is_ident("no_mangle") || a.path().is_ident("export_name"));
        let name = format!("{}: {}", self.file.display(), sig.ident);
        if exported && !is_extern_c(sig) {
            self.violations.push(format!("{name} is #[no_mangle] but not extern \"C\""));
        }
        if is_extern_c(sig) {
            if !body_is_boundary(block) {
                self.violations.push(format!("{name}: the body is not exactly one {MACRO}!(…) invocation"));
            } else if exported {
                self.checked.push(sig.ident.to_string());
            }
        }
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.check(&f.sig, &f.attrs, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.check(&f.sig, &f.attrs, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_item_foreign_mod(&mut self, _: &'ast syn::ItemForeignMod) {
        // Declarations of foreign functions have no body.
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_extern_c_function_runs_inside_the_boundary() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut checked = Vec::new();
    let mut violations = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut f = Finder { file: file.strip_prefix(&src).unwrap().to_path_buf(), checked: Vec::new(), violations: Vec::new() };
        f.visit_file(&ast);
        checked.extend(f.checked);
        violations.extend(f.violations);
    }
    assert!(violations.is_empty(), "functions outside the FFI boundary:\n{}", violations.join("\n"));
    // The functions checked are exactly those the header declares (so the parser saw them all).
    let header = std::fs::read_to_string(src.join("../../../include/jiesu.h")).expect("include/jiesu.h");
    let mut declared: Vec<String> = header
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '*', '/', '}']) && !l.starts_with("typedef"))
        .filter_map(|l| l.split('(').next().filter(|_| l.contains('(')))
        .filter_map(|head| head.rsplit([' ', '*']).next())
        .filter(|name| name.starts_with("jiesu_"))
        .map(str::to_string)
        .collect();
    declared.sort();
    checked.sort();
    assert_eq!(checked, declared, "exported functions vs. include/jiesu.h");
    assert!(checked.len() >= 28, "only {} exported functions found", checked.len());
}

/// The check itself can fail: a body with a statement before the macro is refused.
#[test]
fn the_check_refuses_code_outside_the_macro() {
    let bad: syn::ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub extern "C" fn f(x: *const i32) -> i32 { let y = unsafe { *x }; ffi_boundary!(on_panic: 0, { y }) }
    };
    let good: syn::ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub extern "C" fn f(x: *const i32) -> i32 { ffi_boundary!(on_panic: 0, { unsafe { *x } }) }
    };
    let not_extern: syn::ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub fn f() {}
    };
    for (item, ok) in [(bad, false), (good, true), (not_extern, false)] {
        let mut f = Finder { file: PathBuf::from("t.rs"), checked: Vec::new(), violations: Vec::new() };
        f.visit_item_fn(&item);
        assert_eq!(f.violations.is_empty(), ok, "{:?}", f.violations);
    }
}
